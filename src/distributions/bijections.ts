// Constraint bijections (unconstrained → constrained) as IR builders, with stable log|det J| and plain-number inverses.
import type { ConstraintSpec, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import { InternalError } from '../diag/diagnostic.js';
import { isContinuousSupport, type ContinuousSupport, type SupportKind } from './support-kinds.js';

/** Each continuous support of scalars has its elementwise bijection (the simplex's is src/distributions/simplex.ts). */
export type BijectionKind = Exclude<ContinuousSupport, 'simplex'>;

/** An interval's bounds as IR values (Uniform's low/high may be computed). */
export interface Bounds {
  readonly low: ValueId;
  readonly high: ValueId;
}

export interface NumBounds {
  readonly low: number;
  readonly high: number;
}

export interface Bijection {
  readonly kind: BijectionKind;
  /** Unconstrained u → constrained x. */
  forward(b: Builder, u: ValueId, bounds?: Bounds): ValueId;
  /** log |dx/du|, elementwise. */
  logAbsDetJacobian(b: Builder, u: ValueId, bounds?: Bounds): ValueId;
  forwardNumber(u: number, bounds?: NumBounds): number;
  /** Constrained x → unconstrained u (initialising parameters from constrained values). */
  inverse(x: number, bounds?: NumBounds): number;
}

function needBounds<T>(bounds: T | undefined): T {
  if (bounds === undefined) throw new InternalError('an interval bijection needs its bounds');
  return bounds;
}

/** log σ(u) + log σ(-u) = log σ'(u), exact for any |u|. */
function logSigmoidDeriv(b: Builder, u: ValueId): ValueId {
  return b.add(b.unary('log_sigmoid', u), b.unary('log_sigmoid', b.neg(u)));
}

const sigmoidNumber = (u: number): number =>
  u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
const logitNumber = (x: number): number => Math.log(x) - Math.log1p(-x);

const real: Bijection = {
  kind: 'real',
  forward: (_b, u) => u,
  logAbsDetJacobian: (b) => b.const(0),
  forwardNumber: (u) => u,
  inverse: (x) => x,
};

const positive: Bijection = {
  kind: 'positive',
  forward: (b, u) => b.unary('exp', u),
  logAbsDetJacobian: (_b, u) => u,
  forwardNumber: (u) => Math.exp(u),
  inverse: (x) => Math.log(x),
};

const unit: Bijection = {
  kind: 'unit',
  forward: (b, u) => b.unary('sigmoid', u),
  logAbsDetJacobian: (b, u) => logSigmoidDeriv(b, u),
  forwardNumber: sigmoidNumber,
  inverse: logitNumber,
};

const interval: Bijection = {
  kind: 'interval',
  forward: (b, u, bounds) => {
    const { low, high } = needBounds(bounds);
    return b.add(low, b.mul(b.sub(high, low), b.unary('sigmoid', u)));
  },
  logAbsDetJacobian: (b, u, bounds) => {
    const { low, high } = needBounds(bounds);
    return b.add(b.unary('log', b.sub(high, low)), logSigmoidDeriv(b, u));
  },
  forwardNumber: (u, bounds) => {
    const { low, high } = needBounds(bounds);
    return low + (high - low) * sigmoidNumber(u);
  },
  inverse: (x, bounds) => {
    const { low, high } = needBounds(bounds);
    return logitNumber((x - low) / (high - low));
  },
};

export const BIJECTIONS: ReadonlyMap<BijectionKind, Bijection> = new Map(
  [real, positive, unit, interval].map((t) => [t.kind, t]),
);

function get(kind: BijectionKind): Bijection {
  const t = BIJECTIONS.get(kind);
  if (!t) throw new InternalError(`no bijection ${kind}`);
  return t;
}

/** The elementwise bijection onto a continuous support; null for a discrete one (no transform exists) and the simplex. */
export function bijectionForSupport(s: SupportKind): Bijection | null {
  return isContinuousSupport(s) && s !== 'simplex' ? get(s) : null;
}

/** A param constraint's elementwise bijection, with its numeric bounds for `interval` (the simplex has none). */
export function bijectionForConstraint(c: Exclude<ConstraintSpec, { kind: 'simplex' }>): {
  bij: Bijection;
  bounds?: NumBounds;
} {
  if (c.kind === 'interval') return { bij: get('interval'), bounds: { low: c.low, high: c.high } };
  return { bij: get(c.kind) };
}

/** Numeric bounds as IR constants. */
export function constBounds(b: Builder, n: NumBounds): Bounds {
  return { low: b.const(n.low), high: b.const(n.high) };
}

/** The IR bounds a support needs: Uniform's interval takes them from its low/high arguments. */
export function boundsForSupport(
  s: SupportKind,
  params: Readonly<Record<string, ValueId>>,
): Bounds | undefined {
  if (s !== 'interval') return undefined;
  const { low, high } = params;
  if (low === undefined || high === undefined)
    throw new InternalError('an interval support needs low and high');
  return { low, high };
}
