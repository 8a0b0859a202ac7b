// The distribution record type: IR builders for log-density and draws, plus plain-number moments.
import type { AxisId, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { SupportKind } from './signatures.js';
import { InternalError } from '../diag/diagnostic.js';

/** IR values of a distribution's parameters, keyed by the normalised Pyro names of signatures.ts. */
export type DistParams = Readonly<Record<string, ValueId>>;

/** Plain-number parameters (vector parameters such as Categorical's probs are arrays). */
export type NumParams = Readonly<Record<string, number | readonly number[]>>;

export interface DistOpts {
  /** The trailing event axis of vector parameters (Categorical's K). */
  readonly eventAxis?: AxisId;
  /**
   * Binomial sampling: the compile-time total_count (the draw is a sum of that many Bernoullis over a
   * fresh axis). Without it Binomial cannot be sampled (no bounded loop in the IR).
   */
  readonly totalCount?: number;
  /** Poisson sampling: the largest count the bounded inversion can return (default 64). */
  readonly maxCount?: number;
}

export interface DistRecord {
  readonly name: string;
  readonly support: SupportKind;
  readonly discrete: boolean;
  /** The draw is a differentiable function of the parameters (pathwise gradients are valid). */
  readonly reparameterized: boolean;
  /** log p(value | params), elementwise over the broadcast of value's and params' axes (event axis summed out). */
  logProb(b: Builder, value: ValueId, params: DistParams, opts?: DistOpts): ValueId;
  /** One draw per element of `axes` (∪ the params' axes), from rng ops keyed by `stream` (and `stream.<suffix>`). */
  sample(
    b: Builder,
    params: DistParams,
    stream: string,
    axes: readonly AxisId[],
    opts?: DistOpts,
  ): ValueId;
  mean(params: NumParams): number;
  variance(params: NumParams): number;
}

/** Reads a scalar plain-number parameter. */
export function num(p: NumParams, name: string): number {
  const v = p[name];
  if (typeof v !== 'number') throw new InternalError(`parameter ${name} must be a number`);
  return v;
}

/** Reads a vector plain-number parameter. */
export function vec(p: NumParams, name: string): readonly number[] {
  const v = p[name];
  if (!Array.isArray(v)) throw new InternalError(`parameter ${name} must be an array`);
  return v as readonly number[];
}
