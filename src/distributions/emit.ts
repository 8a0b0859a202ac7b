// Short IR-emission helpers shared by the distribution records and bijections (no semantics of their own).
import type { AxisId, OpName, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import { InternalError } from '../diag/diagnostic.js';
import type { DistParams } from './record.js';

export const LOG_2PI = Math.log(2 * Math.PI);
export const LOG_PI = Math.log(Math.PI);
export const LOG_2 = Math.LN2;

/** A small emitter bound to one builder: `e.add(x, e.c(1))`. */
export interface Emit {
  readonly b: Builder;
  c(x: number): ValueId;
  u(op: OpName, a: ValueId): ValueId;
  bin(op: OpName, a: ValueId, b: ValueId): ValueId;
  add(a: ValueId, b: ValueId): ValueId;
  sub(a: ValueId, b: ValueId): ValueId;
  mul(a: ValueId, b: ValueId): ValueId;
  div(a: ValueId, b: ValueId): ValueId;
  neg(a: ValueId): ValueId;
  log(a: ValueId): ValueId;
  exp(a: ValueId): ValueId;
  sq(a: ValueId): ValueId;
  select(cond: ValueId, a: ValueId, b: ValueId): ValueId;
  /** Sum of many terms (left fold). */
  sum(...xs: ValueId[]): ValueId;
}

export function emitter(b: Builder): Emit {
  const bin = (op: OpName, x: ValueId, y: ValueId): ValueId => b.op(op, [x, y]);
  return {
    b,
    c: (x) => b.const(x),
    u: (op, a) => b.unary(op, a),
    bin,
    add: (x, y) => b.add(x, y),
    sub: (x, y) => b.sub(x, y),
    mul: (x, y) => b.mul(x, y),
    div: (x, y) => b.div(x, y),
    neg: (x) => b.neg(x),
    log: (x) => b.unary('log', x),
    exp: (x) => b.unary('exp', x),
    sq: (x) => b.mul(x, x),
    select: (cond, x, y) => b.op('select', [cond, x, y]),
    sum: (...xs) => {
      if (xs.length === 0) return b.const(0);
      let acc = xs[0]!;
      for (const x of xs.slice(1)) acc = b.add(acc, x);
      return acc;
    },
  };
}

/** A required IR parameter. */
export function need(params: DistParams, name: string, dist: string): ValueId {
  const v = params[name];
  if (v === undefined) throw new InternalError(`${dist} needs parameter ${name}`);
  return v;
}

/** The union of the draw axes and the parameters' axes, minus `drop` (an event axis), in canonical order. */
export function drawAxes(
  b: Builder,
  axes: readonly AxisId[],
  params: readonly ValueId[],
  drop?: AxisId,
): AxisId[] {
  const set = new Set<AxisId>(axes);
  for (const p of params) for (const a of b.axesOf(p)) set.add(a);
  if (drop !== undefined) set.delete(drop);
  return [...set];
}

/** `x * log(y)` that is 0 where x == 0 (so 0 * log 0 is 0, as torch's xlogy). */
export function xlogy(e: Emit, x: ValueId, logY: ValueId): ValueId {
  return e.select(e.bin('eq', x, e.c(0)), e.c(0), e.mul(x, logY));
}

/**
 * 0, 1, ..., n-1 along `axis` (the IR's iota op, not constants packed along it: the loop kernels run iota but not
 * pack, and a Categorical draw over many draws at once needs them; any size, a data-sized K too).
 */
export function iota(b: Builder, axis: AxisId): ValueId {
  return b.op('iota', [], { axis });
}

/** log n! for a non-negative integer n, as a plain number (sum of logs: exact enough for constants). */
export function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

/** As torch's half-line families: the log-density where x >= 0, -inf below (a select, so no NaN gradients). */
export function onHalfLine(e: Emit, x: ValueId, lp: ValueId): ValueId {
  return e.select(e.bin('ge', x, e.c(0)), lp, e.c(-Infinity));
}
