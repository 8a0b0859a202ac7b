// Adjoint rules, one per differentiable op: given the output cotangent, emit IR for each input's cotangent.
import type { Builder } from '../ir/builder.js';
import type { Eqn, OpName, ValueId } from '../ir/ir.js';
import { attrList, attrStr, partAxes } from '../ir/axes.js';
import { InternalError } from '../diag/diagnostic.js';

export interface RuleCtx {
  readonly b: Builder;
  readonly eqn: Eqn;
  /** The cotangent of the equation's output (over the output's axes). */
  readonly g: ValueId;
  /** Whether argument i needs a cotangent (it depends on a differentiated param). */
  need(i: number): boolean;
}

/**
 * Cotangent contributions per argument (null: none). A contribution may carry axes its argument lacks
 * (the pass sums them out) or lack axes it has (the pass expands them): broadcasting is the pass's job.
 */
export type Rule = (c: RuleCtx) => readonly (ValueId | null)[];

export interface AdjointInfo {
  /** Arguments through which no gradient flows (indices, conditions); all of them for non-smooth ops. */
  readonly nondiff: readonly number[];
  readonly rule: Rule | null;
}

const x0 = (c: RuleCtx): ValueId => c.eqn.args[0]!;
const x1 = (c: RuleCtx): ValueId => c.eqn.args[1]!;
const y = (c: RuleCtx): ValueId => c.eqn.out;
const k = (c: RuleCtx, v: number): ValueId => c.b.const(v);

/** Unary op whose derivative is dy/dx computed from the primal values. */
const un = (dydx: (c: RuleCtx) => ValueId): AdjointInfo => ({
  nondiff: [],
  rule: (c) => [c.b.mul(c.g, dydx(c))],
});

const when = (c: RuleCtx, i: number, f: () => ValueId): ValueId | null => (c.need(i) ? f() : null);

const NONE: AdjointInfo = { nondiff: [0, 1, 2], rule: null };

export const ADJOINTS: Readonly<Record<OpName, AdjointInfo>> = {
  // Leaves: differentiated params are handled by the pass; the rest are constants.
  const: NONE,
  data: NONE,
  param: NONE,
  rng_normal: NONE,
  rng_uniform: NONE,
  iota: NONE,
  subsample_index: NONE,
  // Piecewise constant: no gradient.
  sign: NONE,
  not: NONE,
  lt: NONE,
  le: NONE,
  gt: NONE,
  ge: NONE,
  eq: NONE,
  ne: NONE,
  and: NONE,
  or: NONE,
  rng_gamma_dalpha: NONE,

  neg: { nondiff: [], rule: (c) => [c.b.neg(c.g)] },
  exp: un((c) => y(c)),
  log: { nondiff: [], rule: (c) => [c.b.div(c.g, x0(c))] },
  log1p: { nondiff: [], rule: (c) => [c.b.div(c.g, c.b.add(x0(c), k(c, 1)))] },
  expm1: un((c) => c.b.add(y(c), k(c, 1))),
  sqrt: { nondiff: [], rule: (c) => [c.b.div(c.g, c.b.mul(k(c, 2), y(c)))] },
  abs: un((c) => c.b.unary('sign', x0(c))),
  sigmoid: un((c) => c.b.mul(y(c), c.b.sub(k(c, 1), y(c)))),
  logit: { nondiff: [], rule: (c) => [c.b.div(c.g, c.b.mul(x0(c), c.b.sub(k(c, 1), x0(c))))] },
  softplus: un((c) => c.b.unary('sigmoid', x0(c))),
  log_sigmoid: un((c) => c.b.unary('sigmoid', c.b.neg(x0(c)))),
  tanh: un((c) => c.b.sub(k(c, 1), c.b.mul(y(c), y(c)))),
  sin: un((c) => c.b.unary('cos', x0(c))),
  cos: un((c) => c.b.neg(c.b.unary('sin', x0(c)))),
  lgamma: un((c) => c.b.unary('digamma', x0(c))),
  digamma: {
    nondiff: [],
    rule: () => {
      throw new InternalError('digamma has no adjoint (it appears only in gradients)');
    },
  },

  add: { nondiff: [], rule: (c) => [c.g, c.g] },
  sub: { nondiff: [], rule: (c) => [c.g, when(c, 1, () => c.b.neg(c.g))] },
  mul: {
    nondiff: [],
    rule: (c) => [when(c, 0, () => c.b.mul(c.g, x1(c))), when(c, 1, () => c.b.mul(c.g, x0(c)))],
  },
  div: {
    nondiff: [],
    rule: (c) => [
      when(c, 0, () => c.b.div(c.g, x1(c))),
      when(c, 1, () => c.b.neg(c.b.div(c.b.mul(c.g, y(c)), x1(c)))),
    ],
  },
  // d a^b = b a^(b-1) da + a^b log(a) db
  pow: {
    nondiff: [],
    rule: (c) => [
      when(c, 0, () =>
        c.b.mul(c.g, c.b.mul(x1(c), c.b.op('pow', [x0(c), c.b.sub(x1(c), k(c, 1))]))),
      ),
      when(c, 1, () => c.b.mul(c.g, c.b.mul(y(c), c.b.unary('log', x0(c))))),
    ],
  },
  // Ties send the cotangent to the first argument.
  min: {
    nondiff: [],
    rule: (c) => {
      const first = c.b.op('le', [x0(c), x1(c)]);
      return [
        when(c, 0, () => c.b.op('select', [first, c.g, k(c, 0)])),
        when(c, 1, () => c.b.op('select', [first, k(c, 0), c.g])),
      ];
    },
  },
  max: {
    nondiff: [],
    rule: (c) => {
      const first = c.b.op('ge', [x0(c), x1(c)]);
      return [
        when(c, 0, () => c.b.op('select', [first, c.g, k(c, 0)])),
        when(c, 1, () => c.b.op('select', [first, k(c, 0), c.g])),
      ];
    },
  },
  select: {
    nondiff: [0],
    rule: (c) => {
      const cond = c.eqn.args[0]!;
      return [
        null,
        when(c, 1, () => c.b.op('select', [cond, c.g, k(c, 0)])),
        when(c, 2, () => c.b.op('select', [cond, k(c, 0), c.g])),
      ];
    },
  },

  sum: { nondiff: [], rule: (c) => [c.b.expand(c.g, attrStr('sum', c.eqn.attrs, 'axis'))] },
  // d logsumexp = softmax: exp(x - y), with y broadcast along the reduced axis.
  logsumexp: { nondiff: [], rule: (c) => [c.b.mul(c.g, c.b.unary('exp', c.b.sub(x0(c), y(c))))] },
  expand: { nondiff: [], rule: (c) => [c.b.sum(c.g, attrStr('expand', c.eqn.attrs, 'axis'))] },
  rename: {
    nondiff: [],
    rule: (c) => [
      c.b.rename(c.g, attrStr('rename', c.eqn.attrs, 'to'), attrStr('rename', c.eqn.attrs, 'from')),
    ],
  },
  gather: {
    nondiff: [1],
    rule: (c) => [
      c.b.op('scatter_add', [c.g, x1(c)], {
        axis: attrStr('gather', c.eqn.attrs, 'axis'),
        into: [...c.b.axesOf(x0(c))],
      }),
      null,
    ],
  },
  scatter_add: {
    nondiff: [1],
    rule: (c) => [c.b.gather(c.g, attrStr('scatter_add', c.eqn.attrs, 'axis'), x1(c)), null],
  },
  pack: {
    nondiff: [],
    rule: (c) => {
      const parts = attrList('pack', c.eqn.attrs, 'parts');
      const axis = attrStr('pack', c.eqn.attrs, 'axis');
      return c.eqn.args.map((_, i) =>
        when(c, i, () =>
          c.b.op('unpack', [c.g], { axis, parts, part: i, into: partAxes(parts[i]!) }),
        ),
      );
    },
  },
  unpack: {
    nondiff: [],
    rule: (c) => {
      const parts = attrList('unpack', c.eqn.attrs, 'parts');
      const part = c.eqn.attrs['part'] as number;
      const zero = k(c, 0);
      const args = parts.map((_, i) => (i === part ? c.g : zero));
      return [c.b.op('pack', args, { axis: attrStr('unpack', c.eqn.attrs, 'axis'), parts })];
    },
  },
  // Reparameterised: d sample / d alpha with the accepted normal (and boost uniform) fixed.
  rng_gamma: {
    nondiff: [],
    rule: (c) => [c.b.mul(c.g, c.b.op('rng_gamma_dalpha', [x0(c)], c.eqn.attrs))],
  },
};
