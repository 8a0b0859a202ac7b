// Gradient checks by central finite differences for every differentiable op, with broadcasting across axes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import type { AxisId, OpName, ValueId } from '../../src/ir/ir.js';
import type { EvalEnv } from '../../src/ir/interp.js';
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

const UNARY_DOMAINS: [OpName, [number, number]][] = [
  ['neg', [-2, 2]],
  ['exp', [-2, 2]],
  ['log', [0.3, 3]],
  ['log1p', [-0.5, 3]],
  ['expm1', [-2, 2]],
  ['sqrt', [0.3, 3]],
  ['abs', [-2, 2]],
  ['sigmoid', [-3, 3]],
  ['logit', [0.1, 0.9]],
  ['softplus', [-3, 3]],
  ['log_sigmoid', [-3, 3]],
  ['tanh', [-2, 2]],
  ['sin', [-3, 3]],
  ['cos', [-3, 3]],
  ['lgamma', [0.2, 4]],
];

for (const [op, dom] of UNARY_DOMAINS) {
  test(`grad ${op}`, () => {
    const { bld, env, finish } = setup(dom);
    const r = fdCheck(finish(bld.unary(op, bld.param('a'))), env);
    assert.ok(r.worst <= 1, r.where);
  });
}

const BINARY_DOMAINS: [OpName, [number, number]][] = [
  ['add', [-2, 2]],
  ['sub', [-2, 2]],
  ['mul', [-2, 2]],
  ['div', [0.5, 2]],
  ['pow', [0.5, 2]],
  ['min', [-2, 2]],
  ['max', [-2, 2]],
];

for (const [op, dom] of BINARY_DOMAINS) {
  test(`grad ${op} with broadcasting`, () => {
    for (const [x, y] of [
      ['a', 'b'],
      ['b', 'a'],
      ['s', 'a'],
      ['a', 'a'],
    ] as const) {
      const { bld, env, finish } = setup(dom);
      const r = fdCheck(finish(bld.op(op, [bld.param(x), bld.param(y)])), env);
      assert.ok(r.worst <= 1, `${op}(${x}, ${y}): ${r.where}`);
    }
  });
}

test('grad select passes the cotangent to the taken branch', () => {
  const { bld, env, finish } = setup([-2, 2]);
  const cond = bld.op('gt', [bld.data('c', ['i', 'j']), bld.const(0)]);
  const r = fdCheck(finish(bld.op('select', [cond, bld.param('a'), bld.param('b')])), env);
  assert.ok(r.worst <= 1, r.where);
});

test('grad sum, logsumexp, expand', () => {
  for (const build of [
    (b: Builder) => b.expand(b.sum(b.param('a'), 'i'), 'i'),
    (b: Builder) => b.expand(b.op('logsumexp', [b.param('a')], { axis: 'j' }), 'j'),
    (b: Builder) => b.mul(b.expand(b.param('b'), 'i'), b.param('a')),
    (b: Builder) =>
      b.expand(b.op('logsumexp', [b.mul(b.param('a'), b.param('s'))], { axis: 'i' }), 'i'),
  ]) {
    const { bld, env, finish } = setup([-2, 2]);
    const r = fdCheck(finish(build(bld)), env);
    assert.ok(r.worst <= 1, r.where);
  }
});

test('grad rename', () => {
  const { bld, env, finish } = setup([-2, 2]);
  const v = bld.rename(bld.mul(bld.param('a'), bld.param('b')), 'j', 'j2');
  const r = fdCheck(finish(v), env);
  assert.ok(r.worst <= 1, r.where);
});

test('grad gather (repeated indices accumulate)', () => {
  const { bld, env, finish } = setup([-2, 2]);
  const v = bld.gather(bld.unary('exp', bld.param('t')), 'f', bld.data('idx', ['i']));
  const r = fdCheck(finish(v), env);
  assert.ok(r.worst <= 1, r.where);
});

test('grad pack and unpack', () => {
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
});

test('grad rng_gamma w.r.t. alpha at a fixed key', () => {
  for (const lo of [0.2, 1.5]) {
    const { bld, env } = setup([lo, lo + 3]);
    const g = bld.op('rng_gamma', [bld.param('b')], { stream: 'z', axes: ['j', 'p'] });
    const loss = bld.sumAll(bld.mul(g, bld.data('w', ['j'])));
    const r = fdCheck(bld.finish({ loss }), env, 'loss', 1e-6, 1e-4);
    assert.ok(r.worst <= 1, r.where);
  }
});

test('non-smooth ops pass no gradient', () => {
  const { bld, env } = setup([-2, 2]);
  const a = bld.param('a');
  const v = bld.add(bld.unary('sign', a), bld.op('lt', [a, bld.const(0)]));
  const r = fdCheck(bld.finish({ loss: bld.sumAll(bld.add(v, bld.data('W', ['i', 'j']))) }), env);
  assert.ok(r.worst <= 1, r.where);
});

test.run();
