// SVI with Trace_ELBO, the first method through the seam: the loss is the negative ELBO, and every param's gradient
// drives the optimizer (the stepped drivers of src/infer run it on either backend).
import { grad } from '../ad/grad.js';
import { simplify } from '../ir/passes/simplify.js';
import type { DeclaredOutput } from '../ir/objective.js';
import { buildElbo } from './trace-elbo.js';
import type { InferenceMethod } from './method.js';

export const svi: InferenceMethod = {
  help: "stochastic variational inference with Pyro's Trace_ELBO (reparameterised gradients)",
  lower: (checked, { particles }) => simplify(buildElbo(checked, particles)),
  objective(ir) {
    const wrt = ir.params.map((p) => p.name);
    const outputs: DeclaredOutput[] = [
      { name: 'loss', role: { kind: 'loss' } },
      ...wrt.map((p): DeclaredOutput => ({
        name: `grad:${p}`,
        role: { kind: 'gradient', param: p },
      })),
    ];
    return { fn: simplify(grad(ir, 'loss', wrt)), outputs };
  },
  drivers: {
    cpu: async () => (await import('../infer/cpu-driver.js')).fitCpu,
    webgpu: async () => (await import('../infer/webgpu-driver.js')).fitWebGpu,
  },
};
