// The optimizers, one record each by the name a fit chooses them with.
import { adam } from './adam.js';
import { clippedAdam } from './clipped-adam.js';
import type { Hyperparameters, Optimizer } from './optimizer.js';
import { sgd } from './sgd.js';

export const OPTIMIZERS = {
  adam,
  sgd,
  'clipped-adam': clippedAdam,
} as const satisfies Readonly<Record<string, Optimizer>>;

export type OptimizerName = keyof typeof OPTIMIZERS;

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as readonly OptimizerName[];

/** An optimizer chosen for a fit, with its hyperparameters. */
export interface OptimizerConfig extends Hyperparameters {
  readonly name: OptimizerName;
  /** A record to run instead of the named one (an optimizer outside the table, e.g. in a test). */
  readonly rule?: Optimizer;
}

export function optimizerOf(c: OptimizerConfig): Optimizer {
  return c.rule ?? OPTIMIZERS[c.name];
}
