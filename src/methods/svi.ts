// SVI with Trace_ELBO, the first method through the seam: the loss is the negative ELBO, and every param's gradient
// drives the optimizer (the stepped drivers of src/infer run it on either backend).
import { simplify } from '../ir/passes/simplify.js';
import { buildElbo } from './trace-elbo.js';
import { descentObjective } from './descent.js';
import type { InferenceMethod } from './method.js';
import { METHOD_HELP } from './method-names.js';

export const svi: InferenceMethod = {
  help: METHOD_HELP.vi,
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
