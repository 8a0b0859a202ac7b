// The stick-breaking bijection onto the simplex (Stan's and Pyro's): K unconstrained values over an event axis, of
// which the first K - 1 break the stick and the last is unused (an axis of K - 1 has no size the IR can name).
import type { AxisId, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import { emitter } from './emit.js';

/** The index along an axis of any size (0, 1, ..., n - 1). */
const iota = (b: Builder, axis: AxisId): ValueId => b.op('iota', [], { axis });

interface Broken {
  /** log y_k, the simplex coordinates' logs. */
  readonly logY: ValueId;
  /** The shifted logits x_k = u_k - log(K - 1 - k) of the breaks (k < K - 1). */
  readonly xs: ValueId;
  /** 1 for the K - 1 breaking coordinates, 0 for the last. */
  readonly breaking: ValueId;
}

/**
 * Each break takes the share σ(x_k) of what is left, x_k = u_k - log(K - 1 - k) (so u = 0 is the uniform point);
 * what is left before break k is the product of the (1 - σ(x_j)) for j < k, a masked sum over a copy of the axis
 * (the IR has no cumulative sum).
 */
function breakStick(b: Builder, u: ValueId, axis: AxisId): Broken {
  const e = emitter(b);
  const k = iota(b, axis);
  const size = b.sum(b.expand(e.c(1), axis), axis);
  const left = e.sub(e.sub(size, e.c(1)), k);
  const breaking = e.bin('gt', left, e.c(0));
  const xs = e.sub(u, e.log(e.bin('max', left, e.c(1))));
  const logRest = e.mul(b.unary('log_sigmoid', e.neg(xs)), breaking);
  const copy = b.hasAxis(`${axis}.stick`)
    ? `${axis}.stick`
    : b.addAxis({ id: `${axis}.stick`, role: 'vector', size: b.axis(axis).size });
  const before = e.bin('lt', iota(b, copy), k);
  const logLeft = b.sum(e.mul(b.rename(logRest, axis, copy), before), copy);
  const logY = e.add(logLeft, e.mul(b.unary('log_sigmoid', xs), breaking));
  return { logY, xs, breaking };
}

/** The simplex point of u over `axis`. */
export function stickBreaking(b: Builder, u: ValueId, axis: AxisId): ValueId {
  return b.unary('exp', breakStick(b, u, axis).logY);
}

/** log |det J| of the K - 1 breaking coordinates: Σ_k log y_k + log σ(-x_k) (summed over `axis`). */
export function stickBreakingLogDet(b: Builder, u: ValueId, axis: AxisId): ValueId {
  const e = emitter(b);
  const { logY, xs, breaking } = breakStick(b, u, axis);
  return b.sum(e.mul(e.add(logY, b.unary('log_sigmoid', e.neg(xs))), breaking), axis);
}

/** 1 for the coordinates of u that the stick-breaking reads (all but the last over `axis`). */
export function stickBreakingUsed(b: Builder, axis: AxisId): ValueId {
  const e = emitter(b);
  const size = b.sum(b.expand(e.c(1), axis), axis);
  return e.bin('lt', iota(b, axis), e.sub(size, e.c(1)));
}

const logSigmoid = (x: number): number =>
  x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));

/** stickBreaking on numbers: one simplex point of K coordinates from K values (the last unused). */
export function stickBreakingNumbers(u: ArrayLike<number>): number[] {
  const K = u.length;
  const y: number[] = [];
  let logLeft = 0;
  for (let k = 0; k < K - 1; k++) {
    const x = u[k]! - Math.log(K - 1 - k);
    y.push(Math.exp(logLeft + logSigmoid(x)));
    logLeft += logSigmoid(-x);
  }
  y.push(Math.exp(logLeft));
  return y;
}

/** The inverse: the K unconstrained values (the last 0) of a simplex point; non-finite where y is off the simplex. */
export function stickBreakingInverse(y: ArrayLike<number>): number[] {
  const K = y.length;
  let total = 0;
  for (let k = 0; k < K; k++) total += y[k]!;
  const u: number[] = [];
  let left = 1;
  for (let k = 0; k < K - 1; k++) {
    const ok = y[k]! > 0 && Math.abs(total - 1) < 1e-6;
    const z = y[k]! / left;
    u.push(ok && z < 1 ? Math.log(z) - Math.log1p(-z) + Math.log(K - 1 - k) : NaN);
    left -= y[k]!;
  }
  u.push(K > 0 && y[K - 1]! > 0 ? 0 : NaN);
  return u;
}
