// The IR: flat SSA equations over tensors whose axes are named (plates, particles, vector axes); readonly data.
import type { Span } from '../diag/span.js';

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
  readonly block: 'model' | 'guide';
}

export type ConstraintSpec =
  | { readonly kind: 'real' }
  | { readonly kind: 'positive' }
  | { readonly kind: 'unit' }
  | { readonly kind: 'interval'; readonly low: number; readonly high: number };

export interface IRFunction {
  readonly name: string;
  readonly axes: readonly Axis[]; // canonical order
  readonly params: readonly ParamDecl[];
  readonly eqns: readonly Eqn[];
  readonly outputs: Readonly<Record<string, ValueId>>;
}

/** Every op of the IR. The op table (ops.ts) gives each its arity, attrs and CPU semantics; adjoints live in src/ad. */
export type OpName =
  // leaves
  | 'const' // {value}
  | 'data' // {name, dims: AxisId[]}: a data array with its dimensions labelled by axes
  | 'param' // {name}: the unconstrained parameter tensor
  | 'rng_normal' // {stream}: standard normal draws, keyed by (seed, step, stream, element, particle)
  | 'rng_uniform' // {stream}: uniform (0, 1) draws, same keying
  | 'rng_gamma' // {stream} (alpha): standard Gamma(alpha, 1) draws, reparameterised (Marsaglia-Tsang with the accepted normal held fixed)
  | 'iota' // {axis}: 0, 1, ..., n-1 along one axis (enumerated values, triangular masks)
  | 'subsample_index' // {axis, stream}: per-step distinct indices into the full plate for a subsampled axis
  // elementwise, one argument
  | 'neg'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'sqrt'
  | 'abs'
  | 'sigmoid'
  | 'logit'
  | 'softplus'
  | 'log_sigmoid'
  | 'tanh'
  | 'sin'
  | 'cos'
  | 'lgamma'
  | 'digamma' // no adjoint needed: appears only in gradients
  | 'sign' // zero gradient
  | 'not'
  // elementwise, two arguments
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'min'
  | 'max'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'eq'
  | 'ne'
  | 'and'
  | 'or'
  // elementwise, three arguments
  | 'select' // (cond, a, b): a where cond != 0 else b
  // axis ops
  | 'sum' // {axis}: sum over one axis
  | 'logsumexp' // {axis}
  | 'expand' // {axis}: broadcast along a new axis
  | 'rename' // {from, to}: relabel one axis (same size)
  | 'gather' // {axis}: (table, index) -> table with `axis` replaced by index's axes
  | 'pack' // {axis, parts: string[]}: parts[k] = arg k's flattened axes joined by ','; concatenate along the vector axis
  | 'unpack' // {axis, parts, part: number, into: AxisId[]}: part `part` of the vector axis, unflattened over its axes
  | 'scatter_add' // {axis, into: AxisId[]} (values, index): zeros over `into`, values added at `axis` = index (gather's adjoint)
  | 'rng_gamma_dalpha'; // {stream, axes} (alpha): d rng_gamma / d alpha with the accepted normal and boost uniform held fixed
