// Elementwise ops, one record each: arity, float64 meaning, WGSL spelling, cotangent rule and the .ppl syntax that writes it.
import { digamma, erf, lgamma } from '../math/special.js';

/**
 * The elementwise ops. Adding one here (with its record below) is the whole of adding an elementwise op:
 * the interpreter, constant folding, AD, the WGSL generator and the checker's builtins read the record.
 */
export const ELEMENTWISE_OPS = [
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
  'erf',
  'sign',
  'floor',
  'stop_gradient',
  'not',
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'min',
  'max',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'ne',
  'and',
  'or',
  'select',
] as const;

export type ElementwiseOp = (typeof ELEMENTWISE_OPS)[number];

/**
 * A cotangent contribution as a small expression: 'g' is the output's cotangent, 'y' the output,
 * 'x0'.. the arguments, numbers are constants, and [op, ...args] applies an elementwise op.
 * Evaluated left to right, depth first (src/ad/cotangent.ts), so the IR it emits is in that order.
 */
export type CtExpr = 'g' | 'y' | 'x0' | 'x1' | 'x2' | number | CtApply;

/** [op, ...args]: an elementwise op applied to cotangent expressions. */
export interface CtApply extends ReadonlyArray<ElementwiseOp | CtExpr> {
  readonly 0: ElementwiseOp;
}

/** How the gradient passes through an op. */
export type GradRule =
  /** Piecewise constant (comparisons, sign, not): no gradient flows. */
  | { readonly kind: 'zero' }
  /** One cotangent contribution per argument; null for an argument no gradient flows through. */
  | { readonly kind: 'ct'; readonly ct: readonly (CtExpr | null)[] }
  /** Differentiable, but the op only appears inside gradients, so reverse mode never meets it. */
  | { readonly kind: 'unneeded'; readonly why: string };

/** How a .ppl program writes the op: a built-in function, an operator, or not at all (IR only). */
export type Syntax =
  { readonly builtin: string } | { readonly operator: string } | { readonly internal: string };

export interface ElementwiseRecord {
  readonly arity: 1 | 2 | 3;
  /** The float64 meaning (the CPU interpreter and constant folding). */
  readonly f64: (...x: number[]) => number;
  /** The float32 WGSL expression of the arguments' expressions (helpers such as `lgamma_f` live in src/math/special.ts). */
  readonly wgsl: (a: readonly string[]) => string;
  readonly grad: GradRule;
  readonly syntax: Syntax;
  /**
   * Rough cost in simple arithmetic ops (default 1): the loop kernels' planner weighs recomputing a value against
   * storing it (src/plan/tensor-schedule.ts).
   */
  readonly cost?: number;
}

const b = (c: boolean): number => (c ? 1 : 0);

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

const call =
  (f: string) =>
  (a: readonly string[]): string =>
    `${f}(${a.join(', ')})`;
const cmp =
  (o: string) =>
  ([x, y]: readonly string[]): string =>
    `b2f(${x} ${o} ${y})`;
/** A unary op whose cotangent is g * dydx. */
const chain = (dydx: CtExpr): GradRule => ({ kind: 'ct', ct: [['mul', 'g', dydx]] });
const ZERO: GradRule = { kind: 'zero' };
const fn = (name: string): Syntax => ({ builtin: name });
const op = (o: string): Syntax => ({ operator: o });
const internal = (why: string): Syntax => ({ internal: why });
/** `select(first, g, 0)` and `select(first, 0, g)`: ties send the cotangent to the first argument. */
const ties = (first: CtExpr): GradRule => ({
  kind: 'ct',
  ct: [
    ['select', first, 'g', 0],
    ['select', first, 0, 'g'],
  ],
});

export const ELEMENTWISE: { readonly [K in ElementwiseOp]: ElementwiseRecord } = {
  neg: {
    arity: 1,
    f64: (x) => -x!,
    wgsl: ([x]) => `-(${x})`,
    grad: { kind: 'ct', ct: [['neg', 'g']] },
    syntax: op('-'),
  },
  exp: { cost: 8, arity: 1, f64: Math.exp, wgsl: call('exp'), grad: chain('y'), syntax: fn('exp') },
  log: {
    cost: 8,
    arity: 1,
    f64: Math.log,
    wgsl: call('log'),
    grad: { kind: 'ct', ct: [['div', 'g', 'x0']] },
    syntax: fn('log'),
  },
  // WGSL: compensated forms (src/math/special.ts), which keep the digits of small arguments.
  log1p: {
    cost: 8,
    arity: 1,
    f64: Math.log1p,
    wgsl: call('log1p_f'),
    grad: { kind: 'ct', ct: [['div', 'g', ['add', 'x0', 1]]] },
    syntax: fn('log1p'),
  },
  expm1: {
    cost: 8,
    arity: 1,
    f64: Math.expm1,
    wgsl: call('expm1_f'),
    grad: chain(['add', 'y', 1]),
    syntax: fn('expm1'),
  },
  sqrt: {
    cost: 8,
    arity: 1,
    f64: Math.sqrt,
    wgsl: call('sqrt'),
    grad: { kind: 'ct', ct: [['div', 'g', ['mul', 2, 'y']]] },
    syntax: fn('sqrt'),
  },
  abs: {
    arity: 1,
    f64: Math.abs,
    wgsl: call('abs'),
    grad: chain(['sign', 'x0']),
    syntax: fn('abs'),
  },
  sigmoid: {
    cost: 8,
    arity: 1,
    f64: sigmoid,
    wgsl: call('sigmoid_f'),
    grad: chain(['mul', 'y', ['sub', 1, 'y']]),
    syntax: fn('sigmoid'),
  },
  logit: {
    cost: 8,
    arity: 1,
    f64: (x) => Math.log(x!) - Math.log1p(-x!),
    wgsl: call('logit_f'),
    grad: { kind: 'ct', ct: [['div', 'g', ['mul', 'x0', ['sub', 1, 'x0']]]] },
    syntax: fn('logit'),
  },
  softplus: {
    cost: 8,
    arity: 1,
    f64: softplus,
    wgsl: call('softplus_f'),
    grad: chain(['sigmoid', 'x0']),
    syntax: fn('softplus'),
  },
  log_sigmoid: {
    cost: 8,
    arity: 1,
    f64: (x) => -softplus(-x!),
    wgsl: call('log_sigmoid_f'),
    grad: chain(['sigmoid', ['neg', 'x0']]),
    syntax: internal('stable log-likelihoods of logits (Bernoulli, Binomial, bijections)'),
  },
  // WGSL: the builtin overflows to NaN for large |x| on some drivers.
  tanh: {
    cost: 8,
    arity: 1,
    f64: Math.tanh,
    wgsl: call('tanh_f'),
    grad: chain(['sub', 1, ['mul', 'y', 'y']]),
    syntax: fn('tanh'),
  },
  sin: {
    cost: 8,
    arity: 1,
    f64: Math.sin,
    wgsl: call('sin'),
    grad: chain(['cos', 'x0']),
    syntax: fn('sin'),
  },
  cos: {
    cost: 8,
    arity: 1,
    f64: Math.cos,
    wgsl: call('cos'),
    grad: chain(['neg', ['sin', 'x0']]),
    syntax: fn('cos'),
  },
  lgamma: {
    cost: 30,
    arity: 1,
    f64: lgamma,
    wgsl: call('lgamma_f'),
    grad: chain(['digamma', 'x0']),
    syntax: internal('normalisers of Gamma, Beta, StudentT, Poisson, Binomial'),
  },
  digamma: {
    cost: 30,
    arity: 1,
    f64: digamma,
    wgsl: call('digamma_f'),
    grad: { kind: 'unneeded', why: 'digamma appears only in gradients (of lgamma)' },
    syntax: internal('the derivative of lgamma'),
  },
  // d erf(x) / dx = 2/sqrt(pi) exp(-x^2).
  erf: {
    cost: 8,
    arity: 1,
    f64: erf,
    wgsl: call('erf_f'),
    grad: chain(['mul', 2 / Math.sqrt(Math.PI), ['exp', ['neg', ['mul', 'x0', 'x0']]]]),
    syntax: fn('erf'),
  },
  // sign(0) = 0, sign(NaN) = NaN.
  sign: {
    arity: 1,
    f64: (x) => (x! > 0 ? 1 : x! < 0 ? -1 : x!),
    wgsl: call('sign_f'),
    grad: ZERO,
    syntax: internal('the derivative of abs'),
  },
  floor: {
    arity: 1,
    f64: Math.floor,
    wgsl: call('floor'),
    grad: ZERO,
    syntax: internal(
      'random indices (the parent sample a guide draw reads under massively parallel sampling)',
    ),
  },
  // Forward the identity, backward nothing: reweighted wake-sleep's samples, which no gradient flows through.
  stop_gradient: {
    arity: 1,
    f64: (x) => x!,
    wgsl: ([x]) => `(${x})`,
    grad: ZERO,
    syntax: internal('detached samples (reweighted wake-sleep)'),
  },
  not: {
    arity: 1,
    f64: (x) => b(x === 0),
    wgsl: ([x]) => `b2f(${x} == 0.0)`,
    grad: ZERO,
    syntax: op('!'),
  },
  add: {
    arity: 2,
    f64: (x, y) => x! + y!,
    wgsl: ([x, y]) => `${x} + ${y}`,
    grad: { kind: 'ct', ct: ['g', 'g'] },
    syntax: op('+'),
  },
  sub: {
    arity: 2,
    f64: (x, y) => x! - y!,
    wgsl: ([x, y]) => `${x} - (${y})`,
    grad: { kind: 'ct', ct: ['g', ['neg', 'g']] },
    syntax: op('-'),
  },
  mul: {
    arity: 2,
    f64: (x, y) => x! * y!,
    wgsl: ([x, y]) => `${x} * ${y}`,
    grad: {
      kind: 'ct',
      ct: [
        ['mul', 'g', 'x1'],
        ['mul', 'g', 'x0'],
      ],
    },
    syntax: op('*'),
  },
  div: {
    arity: 2,
    f64: (x, y) => x! / y!,
    wgsl: ([x, y]) => `${x} / ${y}`,
    grad: {
      kind: 'ct',
      ct: [
        ['div', 'g', 'x1'],
        ['neg', ['div', ['mul', 'g', 'y'], 'x1']],
      ],
    },
    syntax: op('/'),
  },
  // d a^b = b a^(b-1) da + a^b log(a) db. WGSL: pow_f handles negative bases with integer exponents.
  pow: {
    cost: 8,
    arity: 2,
    f64: Math.pow,
    wgsl: call('pow_f'),
    grad: {
      kind: 'ct',
      ct: [
        ['mul', 'g', ['mul', 'x1', ['pow', 'x0', ['sub', 'x1', 1]]]],
        ['mul', 'g', ['mul', 'y', ['log', 'x0']]],
      ],
    },
    syntax: fn('pow'),
  },
  // NaN propagates, as Math.min and Math.max (WGSL's return the other operand).
  min: {
    arity: 2,
    f64: Math.min,
    wgsl: call('min_f'),
    grad: ties(['le', 'x0', 'x1']),
    syntax: fn('min'),
  },
  max: {
    arity: 2,
    f64: Math.max,
    wgsl: call('max_f'),
    grad: ties(['ge', 'x0', 'x1']),
    syntax: fn('max'),
  },
  lt: { arity: 2, f64: (x, y) => b(x! < y!), wgsl: cmp('<'), grad: ZERO, syntax: op('<') },
  le: { arity: 2, f64: (x, y) => b(x! <= y!), wgsl: cmp('<='), grad: ZERO, syntax: op('<=') },
  gt: { arity: 2, f64: (x, y) => b(x! > y!), wgsl: cmp('>'), grad: ZERO, syntax: op('>') },
  ge: { arity: 2, f64: (x, y) => b(x! >= y!), wgsl: cmp('>='), grad: ZERO, syntax: op('>=') },
  eq: { arity: 2, f64: (x, y) => b(x === y), wgsl: cmp('=='), grad: ZERO, syntax: op('==') },
  // Not-equal as !(x == y): a NaN operand makes it true, where some drivers' != is false.
  ne: {
    arity: 2,
    f64: (x, y) => b(x !== y),
    wgsl: ([x, y]) => `b2f(!(${x} == ${y}))`,
    grad: ZERO,
    syntax: op('!='),
  },
  and: {
    arity: 2,
    f64: (x, y) => b(x !== 0 && y !== 0),
    wgsl: ([x, y]) => `b2f(!(${x} == 0.0) && !(${y} == 0.0))`,
    grad: ZERO,
    syntax: op('&&'),
  },
  or: {
    arity: 2,
    f64: (x, y) => b(x !== 0 || y !== 0),
    wgsl: ([x, y]) => `b2f(!(${x} == 0.0) || !(${y} == 0.0))`,
    grad: ZERO,
    syntax: op('||'),
  },
  // (cond, a, b): a where cond != 0 else b; the condition passes no gradient.
  select: {
    arity: 3,
    f64: (c, x, y) => (c !== 0 ? x! : y!),
    wgsl: ([c, x, y]) => `select(${y}, ${x}, !(${c} == 0.0))`,
    grad: {
      kind: 'ct',
      ct: [null, ['select', 'x0', 'g', 0], ['select', 'x0', 0, 'g']],
    },
    syntax: internal('masks of if branches and piecewise densities'),
  },
};

const NAMES: ReadonlySet<string> = new Set(ELEMENTWISE_OPS);

export function isElementwise(op: string): op is ElementwiseOp {
  return NAMES.has(op);
}

/** The elementwise op a .ppl built-in function name stands for. */
export function builtinOp(name: string): ElementwiseOp | undefined {
  return ELEMENTWISE_OPS.find((o) => {
    const s = ELEMENTWISE[o].syntax;
    return 'builtin' in s && s.builtin === name;
  });
}

/** The elementwise op an operator of the given arity stands for ('-' is neg or sub). */
export function operatorOp(operator: string, arity: 1 | 2): ElementwiseOp | undefined {
  // `x ^ y` is pow(x, y): the one op the language writes both as a function and as an operator.
  if (operator === '^' && arity === 2) return 'pow';
  return ELEMENTWISE_OPS.find((o) => {
    const r = ELEMENTWISE[o];
    return r.arity === arity && 'operator' in r.syntax && r.syntax.operator === operator;
  });
}
