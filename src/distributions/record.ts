// The distribution record: every fact the compiler knows of one family, from its argument forms to its IR builders.
import type { AxisId, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { ContinuousSupport, DiscreteSupport } from './support-kinds.js';
import { InternalError } from '../diag/diagnostic.js';

/** IR values of a distribution's parameters, keyed by the names of its forms (Pyro's names). */
export type DistParams = Readonly<Record<string, ValueId>>;

/** Plain-number parameters (vector parameters such as Categorical's probs are arrays). */
export type NumParams = Readonly<Record<string, number | readonly number[]>>;

/** What is known of one argument before the data: its value if a numeric constant, its length if a vector of literal size. */
export interface KnownArg {
  readonly value: number | null;
  readonly length: number | null;
}

export type KnownArgs = Readonly<Record<string, KnownArg>>;

export interface DistOpts {
  /** The trailing event axis of vector parameters (Categorical's K). */
  readonly eventAxis?: AxisId;
  /** The values lie over eventAxis too (a vector-valued family's site). */
  readonly valueEvent?: boolean;
  /**
   * Binomial sampling: the compile-time total_count (the draw is a sum of that many Bernoullis over a
   * fresh axis). Without it Binomial cannot be sampled (no bounded loop in the IR).
   */
  readonly totalCount?: number;
  /** Poisson sampling: the largest count the bounded inversion can return (default 64). */
  readonly maxCount?: number;
}

interface Family {
  readonly name: string;
  /**
   * Accepted parameter lists, in positional order; a call must match exactly one (probs or logits), and
   * positional arguments alone take the first.
   */
  readonly forms: readonly (readonly string[])[];
  /** Parameters that are vectors over a trailing event axis (Categorical's K); the others are scalars. */
  readonly vectorParams: readonly string[];
  /** A vector-valued family's: the vector parameter whose length its values have (Dirichlet's concentration). */
  readonly valueEvent?: string;
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

export interface ContinuousDistribution extends Family {
  readonly discrete: false;
  readonly support: ContinuousSupport;
  /** The draw is a differentiable function of the parameters (pathwise gradients are valid). */
  readonly reparameterized: boolean;
  /**
   * The prior median from constant arguments (every argument a number): the autoguides' initial location,
   * as Pyro's init_to_median. Null where there is none in closed form.
   */
  readonly median: ((params: NumParams) => number) | null;
  readonly supportSize: null;
}

export interface DiscreteDistribution extends Family {
  readonly discrete: true;
  readonly support: DiscreteSupport;
  readonly reparameterized: false;
  readonly median: null;
  /**
   * For a finite support, which enumeration can sum a latent over: its number of values, or null when that
   * is not known before the data. Null for an infinite support (such latents need a guide).
   */
  readonly supportSize: ((args: KnownArgs) => number | null) | null;
}

export type Distribution = ContinuousDistribution | DiscreteDistribution;

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
