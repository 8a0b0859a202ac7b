// Every op's gradient: checked by central finite differences (with broadcasting across axes), or shown to have none, and why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import type { AxisId, OpName, ValueId } from '../../src/ir/ir.js';
import { evaluate, type EvalEnv } from '../../src/ir/interp.js';
import { OP_NAMES, opInfo } from '../../src/ir/ops.js';
import { ELEMENTWISE, isElementwise } from '../../src/ir/elementwise.js';
import { adjointOf } from '../../src/ad/rules.js';
import { grad } from '../../src/ad/grad.js';
import { fdCheck } from './fd.js';

const lit = (value: number) => ({ kind: 'lit' as const, value });

/** A function over axes i(3), j(4), j2(4), f(5), p(2 particles) with params a[i,j], b[j], s[] (values drawn in `dom`). */
function setup(dom: [number, number], seed = 1) {
  const bld = new Builder('t');
  bld.addAxis({ id: 'i', role: 'plate', size: lit(3) });
  bld.addAxis({ id: 'j', role: 'plate', size: lit(4) });
  bld.addAxis({ id: 'j2', role: 'vector', size: lit(4) });
  bld.addAxis({ id: 'f', role: 'plate', size: lit(5) });
  bld.addAxis({ id: 'p', role: 'particle', size: lit(2) });
  let r = seed;
  const rnd = (): number => {
    r = (r * 16807) % 2147483647;
    return r / 2147483647;
  };
  const draw = (n: number, lo = dom[0], hi = dom[1]) =>
    Float64Array.from({ length: n }, () => lo + (hi - lo) * rnd());
  const decl = (name: string, axes: AxisId[]) =>
    bld.declareParam({ name, axes, constraint: { kind: 'real' }, block: 'guide' });
  decl('a', ['i', 'j']);
  decl('b', ['j']);
  decl('s', []);
  decl('t', ['j', 'f']);
  const data = new Map<string, { shape: number[]; values: Float64Array }>([
    ['W', { shape: [3, 4], values: draw(12, -1, 1) }],
    ['Wj2', { shape: [3, 4], values: draw(12, -1, 1) }],
    ['w', { shape: [4], values: draw(4, -1, 1) }],
    ['idx', { shape: [3], values: Float64Array.of(4, 1, 4) }],
    ['c', { shape: [3, 4], values: draw(12, -1, 1) }],
  ]);
  const env: EvalEnv = {
    sizes: new Map(),
    data,
    params: new Map([
      ['a', draw(12)],
      ['b', draw(4)],
      ['s', draw(1)],
      ['t', draw(20)],
    ]),
    seed: 7,
    step: 3,
  };
  /** loss = sum of W * v over v's axes (weights make every element's gradient distinct). */
  const finish = (v: ValueId) => {
    let w = bld.data('W', ['i', 'j']);
    if (bld.axesOf(v).includes('j2')) w = bld.data('Wj2', ['i', 'j2']);
    let loss = bld.mul(v, w);
    loss = bld.sumAll(loss);
    return bld.finish({ loss });
  };
  return { bld, env, finish, rnd };
}

type Domain = [number, number];

/**
 * How an op's gradient is checked. unary/binary: finite differences of op(param) (binary: with broadcasting
 * between params of different axes) on a domain where the op is smooth; check: a function of its own;
 * zero: piecewise constant, so no rule, and AD and finite differences both give 0; leaf: no arguments to
 * differentiate (a check may show the leaf is held fixed); unneeded: differentiable, but only ever inside a
 * gradient, and reverse mode is taken once.
 */
type GradCase =
  | { readonly kind: 'unary'; readonly domain: Domain }
  | { readonly kind: 'binary'; readonly domain: Domain }
  | { readonly kind: 'check'; readonly check: () => void }
  | { readonly kind: 'zero'; readonly why: string }
  /** The identity whose gradient is cut on purpose: AD must give 0 where finite differences give 1. */
  | { readonly kind: 'cut'; readonly why: string }
  /** The identity whose gradient is cut on purpose: AD must give 0 where finite differences give 1. */
  | { readonly kind: 'cut'; readonly why: string }
  | { readonly kind: 'leaf'; readonly why: string; readonly check?: () => void }
  | { readonly kind: 'unneeded'; readonly why: string };

const unary = (lo: number, hi: number): GradCase => ({ kind: 'unary', domain: [lo, hi] });
const binary = (lo: number, hi: number): GradCase => ({ kind: 'binary', domain: [lo, hi] });
const check = (f: () => void): GradCase => ({ kind: 'check', check: f });
const PIECEWISE = 'piecewise constant: no gradient flows';
const COMPARISON: GradCase = { kind: 'zero', why: `a comparison, ${PIECEWISE}` };
const LOGIC: GradCase = { kind: 'zero', why: `a logical op on truth values, ${PIECEWISE}` };

const CASES: { readonly [K in OpName]: GradCase } = {
  neg: unary(-2, 2),
  exp: unary(-2, 2),
  log: unary(0.3, 3),
  log1p: unary(-0.5, 3),
  expm1: unary(-2, 2),
  sqrt: unary(0.3, 3),
  abs: unary(-2, 2),
  sigmoid: unary(-3, 3),
  logit: unary(0.1, 0.9),
  softplus: unary(-3, 3),
  log_sigmoid: unary(-3, 3),
  tanh: unary(-2, 2),
  sin: unary(-3, 3),
  cos: unary(-3, 3),
  lgamma: unary(0.2, 4),
  erf: unary(-2, 2),
  digamma: {
    kind: 'unneeded',
    why: "its record's rule is 'unneeded': digamma appears only inside gradients (of lgamma, checked above), and reverse mode is taken once",
  },
  sign: { kind: 'zero', why: `the derivative of abs, ${PIECEWISE}` },
  floor: { kind: 'zero', why: `integer part, ${PIECEWISE}` },
  stop_gradient: { kind: 'cut', why: 'detached samples (reweighted wake-sleep)' },
  not: LOGIC,
  add: binary(-2, 2),
  sub: binary(-2, 2),
  mul: binary(-2, 2),
  div: binary(0.5, 2),
  pow: binary(0.5, 2),
  min: binary(-2, 2),
  max: binary(-2, 2),
  lt: COMPARISON,
  le: COMPARISON,
  gt: COMPARISON,
  ge: COMPARISON,
  eq: COMPARISON,
  ne: COMPARISON,
  and: LOGIC,
  or: LOGIC,
  select: check(checkSelect),

  const: { kind: 'leaf', why: 'a constant' },
  data: { kind: 'leaf', why: 'data are constants of the objective' },
  param: { kind: 'leaf', why: 'the variable every other check differentiates with respect to' },
  rng_normal: {
    kind: 'leaf',
    why: 'a keyed draw, constant at a given step',
    check: () => checkDrawHeldFixed('rng_normal'),
  },
  rng_uniform: {
    kind: 'leaf',
    why: 'a keyed draw, constant at a given step',
    check: () => checkDrawHeldFixed('rng_uniform'),
  },
  rng_gamma: check(checkGamma),
  // Its adjoint is the leaves' (none): a second derivative through it would be silently zero.
  rng_gamma_dalpha: {
    kind: 'unneeded',
    why: "rng_gamma's derivative: it appears only inside gradients (checked with rng_gamma)",
  },
  iota: { kind: 'leaf', why: '0, 1, ..., n-1: a constant' },
  subsample_index: { kind: 'leaf', why: 'indices drawn per step, constant within a step' },
  sum: check(checkSum),
  logsumexp: check(checkLogsumexp),
  expand: check(checkExpand),
  rename: check(checkRename),
  gather: check(checkGather),
  pack: check(checkPackUnpack),
  unpack: check(checkPackUnpack),
  scatter_add: check(checkScatterAdd),
};

test('every op has a case, and only ops with an adjoint rule are checked by finite differences', () => {
  assert.equal(Object.keys(CASES).sort(), [...OP_NAMES].sort());
  for (const op of OP_NAMES) {
    const c = CASES[op];
    const { rule } = adjointOf(op);
    const arity = opInfo(op).arity;
    // An elementwise 'unneeded' op keeps a rule that throws (see the digamma test below).
    const ruled = c.kind === 'unary' || c.kind === 'binary' || c.kind === 'check';
    if (ruled || (c.kind === 'unneeded' && isElementwise(op)))
      assert.ok(rule !== null, `${op} has no adjoint rule`);
    else assert.is(rule, null, `${op} (${c.why}) has an adjoint rule`);
    if (c.kind === 'unary' || c.kind === 'binary') assert.is(arity, c.kind === 'unary' ? 1 : 2, op);
    if (c.kind === 'leaf') assert.is(arity, 0, `${op} is not a leaf`);
    if (isElementwise(op)) {
      const kind = ELEMENTWISE[op].grad.kind;
      const want =
        c.kind === 'zero' || c.kind === 'cut' ? 'zero' : c.kind === 'unneeded' ? 'unneeded' : 'ct';
      assert.is(kind, want, `${op}'s record says ${kind}`);
    }
  }
});

for (const op of OP_NAMES) {
  const c = CASES[op];
  if (c.kind === 'unary')
    test(`grad ${op}`, () => {
      const { bld, env, finish } = setup(c.domain);
      const r = fdCheck(finish(bld.unary(op, bld.param('a'))), env);
      assert.ok(r.worst <= 1, r.where);
    });
  else if (c.kind === 'binary')
    test(`grad ${op} with broadcasting`, () => {
      for (const [x, y] of [
        ['a', 'b'],
        ['b', 'a'],
        ['s', 'a'],
        ['a', 'a'],
      ] as const) {
        const { bld, env, finish } = setup(c.domain);
        const r = fdCheck(finish(bld.op(op, [bld.param(x), bld.param(y)])), env);
        assert.ok(r.worst <= 1, `${op}(${x}, ${y}): ${r.where}`);
      }
    });
  else if (c.kind === 'check') test(`grad ${op}`, c.check);
  else if (c.kind === 'leaf' && c.check) test(`${op} is held fixed (${c.why})`, c.check);
  else if (c.kind === 'cut')
    test(`${op} is the identity with no gradient (${c.why})`, () => {
      // loss = Σ W·op(a)·a: its value is Σ W·a², and only the second factor is differentiated: W·a.
      const { bld, env, finish } = setup([-2, 2]);
      const a = bld.param('a');
      const vals = evaluate(grad(finish(bld.mul(bld.unary(op, a), a)), 'loss', ['a']), env);
      const av = env.params.get('a')!;
      const w = env.data.get('W')!.values;
      const want = av.reduce((s, x, i) => s + w[i]! * x * x, 0);
      assert.ok(Math.abs(vals.get('loss')!.data[0]! - want) < 1e-12, 'forward');
      const ga = vals.get('grad:a')!.data;
      av.forEach((x, i) => assert.ok(Math.abs(ga[i]! - w[i]! * x) < 1e-12, `grad[${i}]`));
    });
  else if (c.kind === 'zero')
    // Away from the jumps (params drawn at random are never tied or zero) both AD and FD give 0.
    test(`${op} passes no gradient (${c.why})`, () => {
      const { bld, env, finish } = setup([-2, 2]);
      const a = bld.param('a');
      const args = opInfo(op).arity === 1 ? [a] : [a, bld.param('b')];
      const r = fdCheck(finish(bld.add(bld.op(op, args), a)), env);
      assert.ok(r.worst <= 1, r.where);
    });
}

test('grad through digamma fails loudly rather than passing a zero gradient', () => {
  const { bld, finish } = setup([0.5, 2]);
  const fn = finish(bld.unary('digamma', bld.param('a')));
  assert.throws(() => grad(fn, 'loss', ['a']), /digamma has no adjoint/);
});

function checkSelect(): void {
  // The cotangent goes to the taken branch only.
  const { bld, env, finish } = setup([-2, 2]);
  const cond = bld.op('gt', [bld.data('c', ['i', 'j']), bld.const(0)]);
  const r = fdCheck(finish(bld.op('select', [cond, bld.param('a'), bld.param('b')])), env);
  assert.ok(r.worst <= 1, r.where);
}

/** Keyed draws are constants: the same key and step give the same draw at every perturbed param. */
function checkDrawHeldFixed(op: 'rng_normal' | 'rng_uniform'): void {
  const { bld, env, finish } = setup([-2, 2]);
  const z = bld.op(op, [], { stream: 'z', axes: ['i', 'j'] });
  const r = fdCheck(finish(bld.mul(bld.unary('exp', bld.mul(bld.param('a'), z)), z)), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkSum(): void {
  const { bld, env, finish } = setup([-2, 2]);
  const r = fdCheck(finish(bld.expand(bld.sum(bld.param('a'), 'i'), 'i')), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkLogsumexp(): void {
  for (const build of [
    (b: Builder) => b.expand(b.op('logsumexp', [b.param('a')], { axis: 'j' }), 'j'),
    (b: Builder) =>
      b.expand(b.op('logsumexp', [b.mul(b.param('a'), b.param('s'))], { axis: 'i' }), 'i'),
  ]) {
    const { bld, env, finish } = setup([-2, 2]);
    const r = fdCheck(finish(build(bld)), env);
    assert.ok(r.worst <= 1, r.where);
  }
}

function checkExpand(): void {
  const { bld, env, finish } = setup([-2, 2]);
  const r = fdCheck(finish(bld.mul(bld.expand(bld.param('b'), 'i'), bld.param('a'))), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkRename(): void {
  const { bld, env, finish } = setup([-2, 2]);
  const v = bld.rename(bld.mul(bld.param('a'), bld.param('b')), 'j', 'j2');
  const r = fdCheck(finish(v), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkGather(): void {
  // Repeated indices accumulate.
  const { bld, env, finish } = setup([-2, 2]);
  const v = bld.gather(bld.unary('exp', bld.param('t')), 'f', bld.data('idx', ['i']));
  const r = fdCheck(finish(v), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkScatterAdd(): void {
  // Repeated indices (4, 1, 4) add into one slot; the weights sin(t) make each slot's cotangent distinct.
  const { bld, env } = setup([-2, 2]);
  const v = bld.op('scatter_add', [bld.unary('exp', bld.param('a')), bld.data('idx', ['i'])], {
    axis: 'f',
    into: ['j', 'f'],
  });
  const loss = bld.sumAll(bld.mul(v, bld.unary('sin', bld.param('t'))));
  const r = fdCheck(bld.finish({ loss }), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkPackUnpack(): void {
  const { bld, env } = setup([-2, 2]);
  bld.addAxis({ id: 'v', role: 'vector', size: lit(0), packedFrom: [['i', 'j'], ['j'], []] });
  const parts = ['i,j', 'j', ''];
  const packed = bld.op(
    'pack',
    [bld.param('a'), bld.unary('exp', bld.param('b')), bld.param('s')],
    { axis: 'v', parts },
  );
  const sq = bld.mul(packed, bld.unary('sin', packed));
  const back0 = bld.op('unpack', [sq], { axis: 'v', parts, part: 0, into: ['i', 'j'] });
  const back1 = bld.op('unpack', [sq], { axis: 'v', parts, part: 1, into: ['j'] });
  const back2 = bld.op('unpack', [sq], { axis: 'v', parts, part: 2, into: [] });
  const w = bld.data('W', ['i', 'j']);
  const loss = bld.sumAll(bld.add(bld.mul(bld.mul(back0, w), back1), back2));
  const r = fdCheck(bld.finish({ loss }), env);
  assert.ok(r.worst <= 1, r.where);
}

function checkGamma(): void {
  // W.r.t. alpha at a fixed key, below 1 (boosted draws) and above.
  for (const lo of [0.2, 1.5]) {
    const { bld, env } = setup([lo, lo + 3]);
    const g = bld.op('rng_gamma', [bld.param('b')], { stream: 'z', axes: ['j', 'p'] });
    const loss = bld.sumAll(bld.mul(g, bld.data('w', ['j'])));
    const r = fdCheck(bld.finish({ loss }), env, 'loss', 1e-6, 1e-4);
    assert.ok(r.worst <= 1, r.where);
  }
}

test('non-smooth ops pass no gradient', () => {
  const { bld, env } = setup([-2, 2]);
  const a = bld.param('a');
  const v = bld.add(bld.unary('sign', a), bld.op('lt', [a, bld.const(0)]));
  const r = fdCheck(bld.finish({ loss: bld.sumAll(bld.add(v, bld.data('W', ['i', 'j']))) }), env);
  assert.ok(r.worst <= 1, r.where);
});

test.run();
