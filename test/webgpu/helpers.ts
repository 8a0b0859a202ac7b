// Loading an example into a PreparedFit and fit options for the WebGPU tests.
import { readFileSync } from 'node:fs';
import { checkSource } from '../../src/frontend.js';
import { loadData } from '../../src/data/load.js';
import { prepareFit, type PreparedFit } from '../../src/infer/model.js';
import type { FitOptions } from '../../src/infer/options.js';
import { DEFAULT_OPTIMIZER, type OptimizerConfig } from '../../src/optim/optimizers.js';

export const FITTED = ['scale', 'coin', 'mle', 'linreg', 'eight_schools', 'movielens'] as const;

export function prepareExample(
  name: string,
  particles = 1,
  ppl = `examples/${name}.ppl`,
  dataFile = `examples/${name}.json`,
): PreparedFit {
  const { checked, diagnostics } = checkSource(readFileSync(ppl, 'utf8'), ppl);
  if (!checked) throw new Error(`${ppl}: ${diagnostics.map((d) => d.message).join('; ')}`);
  const { data, diagnostics: dd } = loadData(checked, readFileSync(dataFile, 'utf8'), dataFile);
  if (!data) throw new Error(`${dataFile}: ${dd.map((d) => d.message).join('; ')}`);
  return prepareFit(checked, data, particles);
}

export function options(steps: number, opt: Partial<OptimizerConfig>, seed = 0): FitOptions {
  return { steps, optimizer: { ...DEFAULT_OPTIMIZER, ...opt }, particles: 1, seed, draws: 1000 };
}
