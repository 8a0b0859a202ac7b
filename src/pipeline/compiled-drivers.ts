// The drivers a compiled program fits with, loading no lowering: vi's stepping drivers, or an importance-sampling
// method's with the functions the program carries for after its fit (the runtime entry's side of methods/methods.ts).
import type { CompiledProgram } from '../infer/compiled.js';
import { embeddedEstimates } from '../infer/estimate-functions.js';
import { estimateDrivers } from '../methods/estimate-drivers.js';
import type { InferenceMethod } from '../methods/method.js';

/** The stepping drivers of src/infer: a method with nothing to evaluate after its fit (vi). */
const STEPPED: InferenceMethod['drivers'] = {
  cpu: async () => (await import('../infer/cpu-driver.js')).fitCpu,
  webgpu: async () => (await import('../infer/webgpu-driver.js')).fitWebGpu,
};

export function compiledDrivers(p: CompiledProgram): Pick<InferenceMethod, 'drivers'> {
  const estimates = p.estimates;
  return {
    drivers: estimates === null ? STEPPED : estimateDrivers(() => embeddedEstimates(estimates)),
  };
}
