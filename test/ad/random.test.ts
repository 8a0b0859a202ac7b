// Property test: random IR programs over random axes and sizes; every pass keeps them valid and equal, grad matches FD.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import type { AxisId, IRFunction, OpName, ValueId } from '../../src/ir/ir.js';
import { evaluate, type EvalEnv } from '../../src/ir/interp.js';
import { verifyIR } from '../../src/ir/verify.js';
import { dce } from '../../src/ir/passes/dce.js';
import { cse } from '../../src/ir/passes/cse.js';
import { fold } from '../../src/ir/passes/fold.js';
import { simplify } from '../../src/ir/passes/simplify.js';
import { grad } from '../../src/ad/grad.js';
import { fdCheck } from './fd.js';

type Rnd = () => number;

function rng(seed: number): Rnd {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

interface Case {
  readonly fn: IRFunction;
  readonly env: EvalEnv;
}

function randomCase(seed: number): Case {
  const r = rng(seed * 7919 + 13);
  const b = new Builder(`rand${seed}`);
  const sizes = new Map<string, number>();
  const axes: AxisId[] = [];
  const size = new Map<AxisId, number>();
  const addAxis = (
    id: AxisId,
    n: number,
    role: 'plate' | 'particle' | 'vector',
    symbolic: boolean,
  ): void => {
    if (symbolic) sizes.set(`N_${id}`, n);
    b.addAxis({
      id,
      role,
      size: symbolic ? { kind: 'data', name: `N_${id}` } : { kind: 'lit', value: n },
    });
    axes.push(id);
    size.set(id, n);
  };
  if (r() < 0.5) addAxis('p', 2, 'particle', false);
  addAxis('a', 1 + Math.floor(r() * 4), 'plate', r() < 0.5);
  if (r() < 0.7) addAxis('b', 1 + Math.floor(r() * 3), 'plate', r() < 0.5);
  const c = 2 + Math.floor(r() * 2);
  addAxis('c', c, 'vector', false);
  addAxis('c2', c, 'vector', false);
  addAxis('f', 4, 'plate', false);
  const plain = axes.filter((a) => a !== 'f' && a !== 'c2');
  const subset = (): AxisId[] => plain.filter(() => r() < 0.5);
  const numel = (ax: readonly AxisId[]): number => ax.reduce((m, a) => m * size.get(a)!, 1);
  const params = new Map<string, Float64Array>();
  const data = new Map<string, { shape: number[]; values: Float64Array }>();
  const pool: ValueId[] = [];
  const nParams = 1 + Math.floor(r() * 3);
  for (let k = 0; k < nParams; k++) {
    const ax = subset();
    const name = `w${k}`;
    b.declareParam({ name, axes: ax, constraint: { kind: 'real' }, block: 'guide' });
    params.set(
      name,
      Float64Array.from({ length: numel(ax) }, () => 2 * r() - 1),
    );
    pool.push(b.param(name));
  }
  b.declareParam({ name: 'tab', axes: ['f'], constraint: { kind: 'real' }, block: 'guide' });
  params.set(
    'tab',
    Float64Array.from({ length: 4 }, () => 2 * r() - 1),
  );
  const dAx = subset();
  data.set('x', {
    shape: dAx.map((a) => size.get(a)!),
    values: Float64Array.from({ length: numel(dAx) }, () => 2 * r() - 1),
  });
  pool.push(b.data('x', dAx));
  const iAx = subset();
  data.set('ix', {
    shape: iAx.map((a) => size.get(a)!),
    values: Float64Array.from({ length: numel(iAx) }, () => Math.floor(r() * 4)),
  });

  const positive = (v: ValueId): ValueId => b.add(b.unary('softplus', v), b.const(0.5));
  const unaryOps: ((v: ValueId) => ValueId)[] = [
    (v) => b.neg(v),
    (v) => b.unary('sin', v),
    (v) => b.unary('cos', v),
    (v) => b.unary('tanh', v),
    (v) => b.unary('sigmoid', v),
    (v) => b.unary('log_sigmoid', v),
    (v) => b.unary('exp', b.unary('tanh', v)),
    (v) => b.unary('log', positive(v)),
    (v) => b.unary('sqrt', positive(v)),
    (v) => b.unary('lgamma', positive(v)),
    (v) => b.unary('log1p', b.unary('sigmoid', v)),
    (v) => b.unary('expm1', b.unary('tanh', v)),
    (v) => b.unary('logit', b.mul(b.const(0.8), b.add(b.unary('sigmoid', v), b.const(0.1)))),
  ];
  const binaryOps: OpName[] = ['add', 'sub', 'mul', 'min', 'max'];
  const nOps = 4 + Math.floor(r() * 10);
  for (let k = 0; k < nOps; k++) {
    const v = pick(r, pool);
    const vAx = b.axesOf(v);
    const kind = r();
    let out: ValueId;
    if (kind < 0.3) out = pick(r, unaryOps)(v);
    else if (kind < 0.55) out = b.op(pick(r, binaryOps), [v, pick(r, pool)]);
    else if (kind < 0.6) out = b.div(v, positive(pick(r, pool)));
    else if (kind < 0.63) out = b.op('pow', [positive(v), b.unary('tanh', pick(r, pool))]);
    else if (kind < 0.7 && vAx.length > 0)
      out = b.op(pick(r, ['sum', 'logsumexp'] as OpName[]), [v], { axis: pick(r, vAx) });
    else if (kind < 0.75) {
      const missing = plain.filter((a) => !vAx.includes(a));
      out = missing.length > 0 ? b.expand(v, pick(r, missing)) : b.neg(v);
    } else if (kind < 0.8 && vAx.includes('c')) out = b.sum(b.mul(b.rename(v, 'c', 'c2'), v), 'c2');
    else if (kind < 0.85) out = b.mul(v, b.gather(b.param('tab'), 'f', b.data('ix', iAx)));
    else if (kind < 0.9)
      out = b.op('select', [b.op('gt', [pick(r, pool), b.const(0)]), v, pick(r, pool)]);
    else if (kind < 0.95) out = b.mul(v, b.rngNormal(`s${k}`, subset()));
    else out = b.op('rng_gamma', [positive(v)], { stream: `g${k}`, axes: subset() });
    pool.push(out);
  }
  let loss = b.sumAll(pool[pool.length - 1]!);
  for (const v of pool.slice(0, -1))
    if (r() < 0.3) loss = b.add(loss, b.mul(b.const(0.5), b.sumAll(v)));
  return {
    fn: b.finish({ loss, side: pool[Math.floor(r() * pool.length)]! }),
    env: { sizes, data, params, seed: seed, step: seed % 5 },
  };
}

function close(x: Float64Array, y: Float64Array, tol = 1e-12): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const [a, c] = [x[i]!, y[i]!];
    if (Number.isNaN(a) && Number.isNaN(c)) continue;
    if (!(Math.abs(a - c) <= tol * (1 + Math.abs(a)))) return false;
  }
  return true;
}

const CASES = 300;

test(`${CASES} random programs: verify, passes preserve values, grad matches finite differences`, () => {
  for (let seed = 1; seed <= CASES; seed++) {
    const { fn, env } = randomCase(seed);
    const where = `seed ${seed}`;
    assert.equal(verifyIR(fn), [], where);
    const base = evaluate(fn, env);
    const g = grad(
      fn,
      'loss',
      fn.params.map((p) => p.name),
    );
    for (const [name, f] of [
      ['dce', dce(fn)],
      ['cse', cse(fn)],
      ['fold', fold(fn)],
      ['simplify', simplify(fn)],
      ['grad', g],
      ['simplify(grad)', simplify(g)],
    ] as const) {
      assert.equal(verifyIR(f), [], `${where} after ${name}`);
      const out = evaluate(f, env);
      for (const [k, t] of base)
        assert.ok(close(t.data, out.get(k)!.data), `${where}: ${name} changes output ${k}`);
      f.eqns.forEach((e, i) => assert.is(e.out, i, `${where}: ${name} numbers values densely`));
    }
    const gs = evaluate(simplify(g), env);
    for (const [k, t] of evaluate(g, env))
      assert.ok(close(t.data, gs.get(k)!.data, 1e-10), `${where}: simplify changes ${k}`);
    const fd = fdCheck(fn, env, 'loss', 1e-5, 1e-4, 1e-6);
    assert.ok(fd.worst <= 1, `${where}: ${fd.where}`);
  }
});

test('CSE removes duplicates and DCE removes dead equations', () => {
  const b = new Builder('f');
  b.addAxis({ id: 'i', role: 'plate', size: { kind: 'lit', value: 3 } });
  b.declareParam({ name: 'w', axes: ['i'], constraint: { kind: 'real' }, block: 'guide' });
  const x = b.unary('exp', b.param('w'));
  const y = b.unary('exp', b.param('w'));
  b.unary('sin', x); // dead
  const fn = b.finish({ out: b.sum(b.add(x, y), 'i') });
  const s = simplify(fn);
  assert.equal(
    s.eqns.map((e) => e.op),
    ['param', 'exp', 'add', 'sum'],
  );
  const d = dce(fn);
  assert.is(d.eqns.length, fn.eqns.length - 1);
});

test('fold evaluates scalar constants and drops x*1, x+0', () => {
  const b = new Builder('f');
  b.addAxis({ id: 'i', role: 'plate', size: { kind: 'lit', value: 3 } });
  b.declareParam({ name: 'w', axes: ['i'], constraint: { kind: 'real' }, block: 'guide' });
  const k = b.add(b.const(2), b.unary('exp', b.const(0))); // 3
  const w = b.mul(b.add(b.param('w'), b.const(0)), b.const(1));
  const fn = b.finish({ out: b.mul(w, k) });
  const s = simplify(fn);
  assert.equal(s.eqns.map((e) => e.op).sort(), ['const', 'mul', 'param']);
  assert.is(s.eqns.find((e) => e.op === 'const')!.attrs['value'], 3);
  // A broadcasting identity is kept: the scalar x has no axis i, x + zeros[i] has it.
  const b2 = new Builder('g');
  b2.addAxis({ id: 'i', role: 'plate', size: { kind: 'lit', value: 3 } });
  const z = b2.expand(b2.const(0), 'i');
  const fn2 = b2.finish({ out: b2.add(b2.const(5), z) });
  assert.is(simplify(fn2).eqns.at(-1)!.axes.join(','), 'i');
});

test.run();
