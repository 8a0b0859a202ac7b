// The op set: every IR op once, with its kind, arity and attributes (elementwise ops' records are in elementwise.ts).
import { ELEMENTWISE, ELEMENTWISE_OPS, isElementwise, type ElementwiseOp } from './elementwise.js';

/**
 * Ops that are not elementwise: leaves, keyed draws, and ops that move or reduce axes. Every per-op table
 * of the compiler (axis inference, CPU semantics, adjoints, WGSL emitters) is typed
 * `{ [K in StructuralOp]: ... }` beside the elementwise records, so a missing entry fails the build.
 */
export const STRUCTURAL_OPS = [
  'const',
  'data',
  'param',
  'rng_normal',
  'rng_uniform',
  'rng_gamma',
  'rng_gamma_dalpha',
  'iota',
  'subsample_index',
  'sum',
  'logsumexp',
  'expand',
  'rename',
  'gather',
  'pack',
  'unpack',
  'scatter_add',
] as const;

export type StructuralOp = (typeof STRUCTURAL_OPS)[number];
export type { ElementwiseOp };
export type OpName = ElementwiseOp | StructuralOp;

export const OP_NAMES: readonly OpName[] = [...ELEMENTWISE_OPS, ...STRUCTURAL_OPS];

export type OpKind = 'leaf' | 'elementwise' | 'draw' | 'reduce' | 'axis';

export type AttrType = 'string' | 'number' | 'strings';

export interface OpInfo {
  readonly kind: OpKind;
  /** Number of arguments; -1: one or more (pack). */
  readonly arity: number;
  /** The attributes the op requires, with their types (the verifier checks them; extra attrs are allowed). */
  readonly attrs: Readonly<Record<string, AttrType>>;
  /** What the op computes, for the reader of `--emit ir`. */
  readonly doc: string;
}

const STRUCTURAL: { readonly [K in StructuralOp]: OpInfo } = {
  const: { kind: 'leaf', arity: 0, attrs: { value: 'number' }, doc: 'a scalar constant' },
  data: {
    kind: 'leaf',
    arity: 0,
    attrs: { name: 'string', dims: 'strings' },
    doc: 'a data array with its dimensions labelled by axes',
  },
  param: {
    kind: 'leaf',
    arity: 0,
    attrs: { name: 'string' },
    doc: 'the unconstrained parameter tensor',
  },
  rng_normal: {
    kind: 'leaf',
    arity: 0,
    attrs: { stream: 'string', axes: 'strings' },
    doc: 'standard normal draws keyed by (seed, stream) and counter (step, element, particle)',
  },
  rng_uniform: {
    kind: 'leaf',
    arity: 0,
    attrs: { stream: 'string', axes: 'strings' },
    doc: 'uniform (0, 1) draws, keyed as rng_normal',
  },
  rng_gamma: {
    kind: 'draw',
    arity: 1,
    attrs: { stream: 'string', axes: 'strings' },
    doc: 'standard Gamma(alpha, 1) draws, reparameterised (Marsaglia-Tsang with the accepted normal held fixed)',
  },
  rng_gamma_dalpha: {
    kind: 'draw',
    arity: 1,
    attrs: { stream: 'string', axes: 'strings' },
    doc: 'd rng_gamma / d alpha with the accepted normal and boost uniform held fixed',
  },
  iota: {
    kind: 'leaf',
    arity: 0,
    attrs: { axis: 'string' },
    doc: '0, 1, ..., n-1 along one axis (enumerated values, triangular masks)',
  },
  subsample_index: {
    kind: 'leaf',
    arity: 0,
    attrs: { axis: 'string', stream: 'string' },
    doc: 'per-step distinct indices into the full plate of a subsampled axis',
  },
  sum: { kind: 'reduce', arity: 1, attrs: { axis: 'string' }, doc: 'sum over one axis' },
  logsumexp: {
    kind: 'reduce',
    arity: 1,
    attrs: { axis: 'string' },
    doc: 'log-sum-exp over one axis',
  },
  expand: { kind: 'axis', arity: 1, attrs: { axis: 'string' }, doc: 'broadcast along a new axis' },
  rename: {
    kind: 'axis',
    arity: 1,
    attrs: { from: 'string', to: 'string' },
    doc: 'relabel one axis (same size)',
  },
  gather: {
    kind: 'axis',
    arity: 2,
    attrs: { axis: 'string' },
    doc: "(table, index): the table with `axis` replaced by the index's axes",
  },
  pack: {
    kind: 'axis',
    arity: -1,
    attrs: { axis: 'string', parts: 'strings' },
    doc: "concatenate along a vector axis; parts[k] = arg k's flattened axes joined by ','",
  },
  unpack: {
    kind: 'axis',
    arity: 1,
    attrs: { axis: 'string', parts: 'strings', part: 'number', into: 'strings' },
    doc: 'part `part` of a packed vector axis, unflattened over its axes',
  },
  scatter_add: {
    kind: 'axis',
    arity: 2,
    attrs: { axis: 'string', into: 'strings' },
    doc: "(values, index): zeros over `into`, values added at axis = index (gather's adjoint)",
  },
};

const ELEMENTWISE_ATTRS: Readonly<Record<string, AttrType>> = {};

export function opInfo(op: OpName): OpInfo {
  if (!isElementwise(op)) return STRUCTURAL[op];
  const r = ELEMENTWISE[op];
  return {
    kind: 'elementwise',
    arity: r.arity,
    attrs: ELEMENTWISE_ATTRS,
    doc: `elementwise ${op}`,
  };
}

const KNOWN: ReadonlySet<string> = new Set(OP_NAMES);

export function isOpName(s: string): s is OpName {
  return KNOWN.has(s);
}
