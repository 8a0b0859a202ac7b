// SVI with Trace_ELBO, the first method through the seam: the loss is the negative ELBO, and every param's gradient
// drives the optimizer (the stepped drivers of src/infer run it on either backend).
import { simplify } from '../ir/passes/simplify.js';
import { buildElbo } from './trace-elbo.js';
import { descentObjective } from './descent.js';
import type { InferenceMethod } from './method.js';

export const svi: InferenceMethod = {
  help: "stochastic variational inference with Pyro's Trace_ELBO (reparameterised gradients; discrete latents the guide leaves out are summed exactly, per plate element)",
  lower(checked, { particles }) {
    const e = buildElbo(checked, particles);
    return { fn: simplify(e.fn), contraction: e.contraction };
  },
  objective: descentObjective,
  drivers: {
    cpu: async () => (await import('../infer/cpu-driver.js')).fitCpu,
    webgpu: async () => (await import('../infer/webgpu-driver.js')).fitWebGpu,
  },
};
