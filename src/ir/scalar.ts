// Scalar semantics of the elementwise ops (float64), shared by the interpreter and constant folding.
import type { OpName } from './ir.js';
import { digamma, lgamma } from '../math/special.js';

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

const b = (c: boolean): number => (c ? 1 : 0);

export const UNARY: Readonly<Partial<Record<OpName, (x: number) => number>>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sigmoid,
  logit: (x) => Math.log(x) - Math.log1p(-x),
  softplus,
  log_sigmoid: (x) => -softplus(-x),
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  lgamma,
  digamma,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // sign(0) = 0, sign(NaN) = NaN
  not: (x) => b(x === 0),
};

export const BINARY: Readonly<Partial<Record<OpName, (x: number, y: number) => number>>> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  min: Math.min,
  max: Math.max,
  lt: (x, y) => b(x < y),
  le: (x, y) => b(x <= y),
  gt: (x, y) => b(x > y),
  ge: (x, y) => b(x >= y),
  eq: (x, y) => b(x === y),
  ne: (x, y) => b(x !== y),
  and: (x, y) => b(x !== 0 && y !== 0),
  or: (x, y) => b(x !== 0 || y !== 0),
};

export const TERNARY: Readonly<
  Partial<Record<OpName, (c: number, x: number, y: number) => number>>
> = {
  select: (c, x, y) => (c !== 0 ? x : y),
};
