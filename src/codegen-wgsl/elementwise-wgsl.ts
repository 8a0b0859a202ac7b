// The op rendering table: one WGSL expression per elementwise IR op, mirroring src/ir/scalar.ts.
import type { OpName } from '../ir/ir.js';

type Render = (a: readonly string[]) => string;

const fn1 =
  (f: string): Render =>
  ([x]) =>
    `${f}(${x})`;
const cmp =
  (o: string): Render =>
  ([x, y]) =>
    `b2f(${x} ${o} ${y})`;

export const WGSL_ELEMENTWISE: Readonly<Partial<Record<OpName, Render>>> = {
  neg: ([x]) => `-(${x})`,
  exp: fn1('exp'),
  log: fn1('log'),
  log1p: fn1('log1p_f'),
  expm1: fn1('expm1_f'),
  sqrt: fn1('sqrt'),
  abs: fn1('abs'),
  sigmoid: fn1('sigmoid_f'),
  logit: fn1('logit_f'),
  softplus: fn1('softplus_f'),
  log_sigmoid: fn1('log_sigmoid_f'),
  tanh: fn1('tanh_f'),
  sin: fn1('sin'),
  cos: fn1('cos'),
  lgamma: fn1('lgamma_f'),
  digamma: fn1('digamma_f'),
  sign: fn1('sign'),
  not: ([x]) => `b2f(${x} == 0.0)`,
  add: ([x, y]) => `${x} + ${y}`,
  sub: ([x, y]) => `${x} - (${y})`,
  mul: ([x, y]) => `${x} * ${y}`,
  div: ([x, y]) => `${x} / ${y}`,
  pow: ([x, y]) => `pow_f(${x}, ${y})`,
  min: ([x, y]) => `min(${x}, ${y})`,
  max: ([x, y]) => `max(${x}, ${y})`,
  lt: cmp('<'),
  le: cmp('<='),
  gt: cmp('>'),
  ge: cmp('>='),
  eq: cmp('=='),
  ne: cmp('!='),
  and: ([x, y]) => `b2f(${x} != 0.0 && ${y} != 0.0)`,
  or: ([x, y]) => `b2f(${x} != 0.0 || ${y} != 0.0)`,
  select: ([c, x, y]) => `select(${y}, ${x}, ${c} != 0.0)`,
};
