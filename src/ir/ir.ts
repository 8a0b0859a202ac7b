// The IR: flat SSA equations over tensors whose axes are named (plates, particles, vector axes); readonly data.
import type { Span } from '../diag/span.js';
import type { OpName } from './ops.js';

/** A size: an integer literal or an `int` data name (bound when data is loaded). */
export type Size =
  | { readonly kind: 'lit'; readonly value: number }
  | { readonly kind: 'data'; readonly name: string };

export type AxisId = string;

export type AxisRole = 'plate' | 'particle' | 'vector' | 'enum' | 'ksample';

export interface Axis {
  readonly id: AxisId;
  readonly role: AxisRole;
  readonly size: Size;
  /** A subsampled plate's full size (`size` is then the batch size B). */
  readonly full?: Size;
  /**
   * A packed vector axis (AutoMultivariateNormal): the concatenation of parts, part k flattened row-major
   * over the axes `packedFrom[k]` (canonical order). Its size is then the sum over parts of the product
   * of their axes' sizes, and `size` is ignored (resolveAxisSizes computes it).
   */
  readonly packedFrom?: readonly (readonly AxisId[])[];
}

export type ValueId = number;

/**
 * One equation `out = op(args) {attrs}`. `axes` are the output's axes, in the function's canonical
 * axis order (the order of `IRFunction.axes`). Elementwise ops broadcast by axis name: an argument
 * lacking an axis of the output is constant along it.
 */
export interface Eqn {
  readonly out: ValueId;
  readonly op: OpName;
  readonly args: readonly ValueId[];
  readonly attrs: Attrs;
  readonly axes: readonly AxisId[];
  readonly src: Span | null;
}

export type Attrs = Readonly<
  Record<string, string | number | readonly string[] | readonly number[]>
>;

/** A learnable parameter: an unconstrained tensor over `axes`; its constraint maps it to the reported value. */
export interface ParamDecl {
  readonly name: string; // unique; autoguide params are named `site.loc`, `site.scale`, ...
  readonly axes: readonly AxisId[];
  readonly constraint: ConstraintSpec;
  /**
   * 'source': a zero-valued input added to a factor, never fitted, whose gradient is a posterior expectation
   * (the source-term trick of seed 004: marginals of enumerated sites, moments of latents).
   */
  readonly block: 'model' | 'guide' | 'source';
}

export type ConstraintSpec =
  | { readonly kind: 'real' }
  | { readonly kind: 'positive' }
  | { readonly kind: 'unit' }
  | { readonly kind: 'interval'; readonly low: number; readonly high: number }
  /** Vectors over `axis` (the param's last), by stick-breaking. */
  | { readonly kind: 'simplex'; readonly axis: AxisId };

export interface IRFunction {
  readonly name: string;
  readonly axes: readonly Axis[]; // canonical order
  readonly params: readonly ParamDecl[];
  readonly eqns: readonly Eqn[];
  readonly outputs: Readonly<Record<string, ValueId>>;
}

/** Every op of the IR: the op set, its records and its tables are in ops.ts and elementwise.ts. */
export type { OpName };
