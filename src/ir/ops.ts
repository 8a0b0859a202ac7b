// The op table: one entry per IR op with its arity and how its output axes follow from its inputs.
import type { AxisId, OpName } from './ir.js';

export type OpKind = 'leaf' | 'unary' | 'binary' | 'ternary' | 'reduce' | 'axis';

export interface OpInfo {
  readonly name: OpName;
  readonly kind: OpKind;
  readonly arity: number;
  /** Piecewise-constant ops (comparisons, sign, not) pass no gradient. */
  readonly smooth: boolean;
}

const e = (name: OpName, kind: OpKind, arity: number, smooth = true): OpInfo => ({
  name,
  kind,
  arity,
  smooth,
});

export const OPS: ReadonlyMap<OpName, OpInfo> = new Map(
  [
    e('const', 'leaf', 0),
    e('data', 'leaf', 0, false),
    e('param', 'leaf', 0),
    e('rng_normal', 'leaf', 0, false),
    e('rng_uniform', 'leaf', 0, false),
    e('rng_gamma', 'unary', 1),
    e('iota', 'leaf', 0, false),
    e('subsample_index', 'leaf', 0, false),
    ...(
      [
        'neg',
        'exp',
        'log',
        'log1p',
        'expm1',
        'sqrt',
        'abs',
        'sigmoid',
        'logit',
        'softplus',
        'log_sigmoid',
        'tanh',
        'sin',
        'cos',
        'lgamma',
        'digamma',
      ] as const
    ).map((n) => e(n, 'unary', 1)),
    e('sign', 'unary', 1, false),
    e('not', 'unary', 1, false),
    ...(['add', 'sub', 'mul', 'div', 'pow', 'min', 'max'] as const).map((n) => e(n, 'binary', 2)),
    ...(['lt', 'le', 'gt', 'ge', 'eq', 'ne', 'and', 'or'] as const).map((n) =>
      e(n, 'binary', 2, false),
    ),
    e('select', 'ternary', 3),
    e('sum', 'reduce', 1),
    e('logsumexp', 'reduce', 1),
    e('expand', 'axis', 1),
    e('rename', 'axis', 1),
    e('gather', 'axis', 2),
    e('pack', 'axis', -1),
    e('unpack', 'axis', 1),
    e('scatter_add', 'axis', 2),
    e('rng_gamma_dalpha', 'unary', 1, false),
  ].map((o) => [o.name, o]),
);

/** Sorts axes into the function's canonical order. */
export function canonical(order: readonly AxisId[], axes: Iterable<AxisId>): AxisId[] {
  const set = new Set(axes);
  return order.filter((a) => set.has(a));
}

export type AttrType = 'string' | 'number' | 'strings';

/** The attributes each op requires, with their types (the verifier checks them; extra attrs are allowed). */
export const OP_ATTRS: Readonly<Partial<Record<OpName, Readonly<Record<string, AttrType>>>>> = {
  const: { value: 'number' },
  data: { name: 'string', dims: 'strings' },
  param: { name: 'string' },
  rng_normal: { stream: 'string', axes: 'strings' },
  rng_uniform: { stream: 'string', axes: 'strings' },
  rng_gamma: { stream: 'string', axes: 'strings' },
  rng_gamma_dalpha: { stream: 'string', axes: 'strings' },
  iota: { axis: 'string' },
  subsample_index: { axis: 'string', stream: 'string' },
  sum: { axis: 'string' },
  logsumexp: { axis: 'string' },
  expand: { axis: 'string' },
  rename: { from: 'string', to: 'string' },
  gather: { axis: 'string' },
  scatter_add: { axis: 'string', into: 'strings' },
  pack: { axis: 'string', parts: 'strings' },
  unpack: { axis: 'string', parts: 'strings', part: 'number', into: 'strings' },
};
