// Adjoint rules: given the output cotangent, emit IR for each input's cotangent. Elementwise ops' rules come from
// their records (src/ir/elementwise.ts); structural ops have one entry each here.
import type { Builder } from '../ir/builder.js';
import type { Eqn, OpName, ValueId } from '../ir/ir.js';
import type { StructuralOp } from '../ir/ops.js';
import { ELEMENTWISE, isElementwise, type CtExpr, type ElementwiseOp } from '../ir/elementwise.js';
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

const when = (c: RuleCtx, i: number, f: () => ValueId): ValueId | null => (c.need(i) ? f() : null);

const NONE: AdjointInfo = { nondiff: [0, 1, 2], rule: null };

const STRUCTURAL_ADJOINTS: { readonly [K in StructuralOp]: AdjointInfo } = {
  // Leaves: differentiated params are handled by the pass; the rest are constants.
  const: NONE,
  data: NONE,
  param: NONE,
  rng_normal: NONE,
  rng_uniform: NONE,
  iota: NONE,
  subsample_index: NONE,
  rng_gamma_dalpha: NONE,

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

/** Emits a cotangent expression, arguments left to right and depth first. */
function emitCt(c: RuleCtx, e: CtExpr): ValueId {
  if (typeof e === 'number') return c.b.const(e);
  if (e === 'g') return c.g;
  if (e === 'y') return y(c);
  if (typeof e === 'string') {
    const v = c.eqn.args[Number(e.slice(1))];
    if (v === undefined) throw new InternalError(`${c.eqn.op} has no argument ${e}`);
    return v;
  }
  const [op, ...args] = e;
  return c.b.op(
    op,
    args.map((a) => emitCt(c, a as CtExpr)),
  );
}

function elementwiseAdjoint(op: ElementwiseOp): AdjointInfo {
  const g = ELEMENTWISE[op].grad;
  switch (g.kind) {
    case 'zero':
      return NONE;
    case 'unneeded':
      return {
        nondiff: [],
        rule: () => {
          throw new InternalError(`${op} has no adjoint: ${g.why}`);
        },
      };
    case 'ct':
      return {
        nondiff: g.ct.flatMap((e, i) => (e === null ? [i] : [])),
        rule: (c) => g.ct.map((e, i) => (e === null ? null : when(c, i, () => emitCt(c, e)))),
      };
  }
}

const ELEMENTWISE_ADJOINTS = new Map<ElementwiseOp, AdjointInfo>();

/** The adjoint of `op`: its record's cotangents for an elementwise op, the table entry otherwise. */
export function adjointOf(op: OpName): AdjointInfo {
  if (!isElementwise(op)) return STRUCTURAL_ADJOINTS[op];
  let a = ELEMENTWISE_ADJOINTS.get(op);
  if (a === undefined) ELEMENTWISE_ADJOINTS.set(op, (a = elementwiseAdjoint(op)));
  return a;
}
