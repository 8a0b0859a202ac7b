// Loading an example into a PreparedFit and fit options for the WebGPU tests.
import { loadExample } from '../support/examples.js';
import { prepareFit, type PreparedFit } from '../../src/infer/model.js';
import type { FitOptions } from '../../src/infer/options.js';
import { DEFAULT_OPTIMIZER, type OptimizerConfig } from '../../src/optim/optimizers.js';

export { FITTED } from '../support/examples.js';

export function prepareExample(
  name: string,
  particles = 1,
  ppl?: string,
  dataFile?: string,
): PreparedFit {
  const { checked, data } = loadExample(name, ppl, dataFile);
  return prepareFit(checked, data, particles);
}

export function options(steps: number, opt: Partial<OptimizerConfig>, seed = 0): FitOptions {
  return { steps, optimizer: { ...DEFAULT_OPTIMIZER, ...opt }, particles: 1, seed, draws: 1000 };
}
