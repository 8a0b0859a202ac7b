// Interpreter semantics of each op against direct computation; keyed draws, subsample indices and gamma moments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import type { AxisId, IRFunction, OpName } from '../../src/ir/ir.js';
import { evaluate, type EvalEnv } from '../../src/ir/interp.js';
import { at, type Tensor } from '../../src/ir/tensor.js';
import { standardNormal, streamId, uniform01 } from '../../src/rng/keyed.js';
import { lgamma } from '../../src/math/special.js';

const lit = (value: number) => ({ kind: 'lit' as const, value });

function env(data: Record<string, [number[], number[]]>, extra: Partial<EvalEnv> = {}): EvalEnv {
  return {
    sizes: new Map(),
    data: new Map(
      Object.entries(data).map(([k, [shape, v]]) => [k, { shape, values: Float64Array.from(v) }]),
    ),
    params: new Map(),
    seed: 11,
    step: 2,
    ...extra,
  };
}

function run(fn: IRFunction, e: EvalEnv, name = 'out'): Tensor {
  return evaluate(fn, e).get(name)!;
}

function ij(order: AxisId[] = ['i', 'j']): Builder {
  const b = new Builder('t');
  for (const id of order) b.addAxis({ id, role: 'plate', size: lit(id === 'i' ? 2 : 3) });
  return b;
}

const XS = [-1.7, -0.3, 0.2, 0.45, 0.8, 2.5];
const PROBS = [0.1, 0.3, 0.5, 0.6, 0.8, 0.95];

// Independent formulas (not the interpreter's scalar table).
const REF: [OpName, (x: number) => number, number[]][] = [
  ['neg', (x) => 0 - x, XS],
  ['exp', (x) => Math.E ** x, XS],
  ['log', (x) => Math.log(x), PROBS],
  ['log1p', (x) => Math.log(1 + x), XS.map((x) => x / 4)],
  ['expm1', (x) => Math.exp(x) - 1, XS],
  ['sqrt', (x) => x ** 0.5, PROBS],
  ['abs', (x) => (x < 0 ? -x : x), XS],
  ['sigmoid', (x) => 1 / (1 + Math.exp(-x)), [...XS, -800, 800]],
  ['logit', (x) => Math.log(x / (1 - x)), PROBS],
  ['softplus', (x) => Math.log(1 + Math.exp(x)), XS],
  ['log_sigmoid', (x) => Math.log(1 / (1 + Math.exp(-x))), XS],
  ['tanh', (x) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1), XS],
  ['sin', (x) => Math.sin(x), XS],
  ['cos', (x) => Math.cos(x), XS],
  ['lgamma', (x) => Math.log(Math.abs(gammaFn(x))), PROBS.map((x) => x * 4)],
  ['digamma', (x) => (lgamma(x + 1e-6) - lgamma(x - 1e-6)) / 2e-6, PROBS.map((x) => x * 4)],
  ['sign', (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), [-2, 0, 3]],
  ['not', (x) => (x === 0 ? 1 : 0), [0, 1, 2]],
];

/** Gamma by the product formula (for small arguments). */
function gammaFn(x: number): number {
  let r = 1;
  while (x < 10) r /= x++;
  return (
    r *
    Math.sqrt((2 * Math.PI) / x) *
    (x / Math.E) ** x *
    (1 + 1 / (12 * x) + 1 / (288 * x * x) - 139 / (51840 * x ** 3) - 571 / (2488320 * x ** 4))
  );
}

for (const [op, f, xs] of REF) {
  test(`${op} elementwise`, () => {
    const b = new Builder('t');
    b.addAxis({ id: 'i', role: 'plate', size: lit(xs.length) });
    const fn = b.finish({ out: b.unary(op, b.data('x', ['i'])) });
    const t = run(fn, env({ x: [[xs.length], xs] }));
    xs.forEach((x, k) => {
      const want = f(x);
      const tol = op === 'digamma' || op === 'lgamma' ? 1e-7 : 1e-13;
      assert.ok(
        Math.abs(t.data[k]! - want) <= tol * (1 + Math.abs(want)),
        `${op}(${x}) = ${t.data[k]}, want ${want}`,
      );
    });
  });
}

const BIN: [OpName, (x: number, y: number) => number][] = [
  ['add', (x, y) => x + y],
  ['sub', (x, y) => x - y],
  ['mul', (x, y) => x * y],
  ['div', (x, y) => x / y],
  ['pow', (x, y) => Math.exp(y * Math.log(x))],
  ['min', (x, y) => (x < y ? x : y)],
  ['max', (x, y) => (x > y ? x : y)],
  ['lt', (x, y) => Number(x < y)],
  ['le', (x, y) => Number(x <= y)],
  ['gt', (x, y) => Number(x > y)],
  ['ge', (x, y) => Number(x >= y)],
  ['eq', (x, y) => Number(x === y)],
  ['ne', (x, y) => Number(x !== y)],
  ['and', (x, y) => Number(Boolean(x) && Boolean(y))],
  ['or', (x, y) => Number(Boolean(x) || Boolean(y))],
];

for (const [op, f] of BIN) {
  test(`${op} broadcasts by axis name (canonical order j, i)`, () => {
    const b = ij(['j', 'i']);
    const fn = b.finish({ out: b.op(op, [b.data('x', ['i']), b.data('y', ['j'])]) });
    const x = [0.5, 2];
    const y = [0.5, 1, 0];
    const t = run(fn, env({ x: [[2], x], y: [[3], y] }));
    assert.equal(t.axes, ['j', 'i']);
    assert.equal(t.shape, [3, 2]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const want = f(x[i]!, y[j]!);
        const got = at(t, { i, j });
        assert.ok(
          got === want || Math.abs(got - want) <= 1e-15 * Math.abs(want),
          `${op}(${x[i]}, ${y[j]})`,
        );
      }
    }
  });
}

test('select takes a where cond != 0, else b', () => {
  const b = ij();
  const fn = b.finish({
    out: b.op('select', [b.data('c', ['i']), b.data('x', ['i', 'j']), b.const(-1)]),
  });
  const t = run(
    fn,
    env({
      c: [[2], [0, 2]],
      x: [
        [2, 3],
        [1, 2, 3, 4, 5, 6],
      ],
    }),
  );
  assert.equal([...t.data], [-1, -1, -1, 4, 5, 6]);
});

test('data is transposed into canonical order', () => {
  const b = ij(['j', 'i']);
  const fn = b.finish({ out: b.data('x', ['i', 'j']) });
  const t = run(
    fn,
    env({
      x: [
        [2, 3],
        [1, 2, 3, 4, 5, 6],
      ],
    }),
  );
  assert.equal([...t.data], [1, 4, 2, 5, 3, 6]);
});

test('params are read row-major over their declared axes', () => {
  const b = ij(['j', 'i']);
  b.declareParam({ name: 'w', axes: ['i', 'j'], constraint: { kind: 'real' }, block: 'guide' });
  const fn = b.finish({ out: b.param('w') });
  const t = run(fn, env({}, { params: new Map([['w', Float64Array.of(1, 2, 3, 4, 5, 6)]]) }));
  assert.equal([...t.data], [1, 4, 2, 5, 3, 6]);
});

test('sum, logsumexp over a middle axis; expand', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'a', role: 'plate', size: lit(2) });
  b.addAxis({ id: 'm', role: 'plate', size: lit(3) });
  b.addAxis({ id: 'z', role: 'plate', size: lit(2) });
  const x = b.data('x', ['a', 'm', 'z']);
  const fn = b.finish({
    s: b.sum(x, 'm'),
    l: b.op('logsumexp', [x], { axis: 'm' }),
    e: b.expand(b.data('y', ['a']), 'z'),
    inf: b.op('logsumexp', [b.data('n', ['m'])], { axis: 'm' }),
  });
  const xs = Array.from({ length: 12 }, (_, k) => k / 3 - 1);
  const out = evaluate(
    fn,
    env({ x: [[2, 3, 2], xs], y: [[2], [7, 8]], n: [[3], [-Infinity, -Infinity, -Infinity]] }),
  );
  for (let a = 0; a < 2; a++) {
    for (let z = 0; z < 2; z++) {
      const col = [0, 1, 2].map((m) => xs[a * 6 + m * 2 + z]!);
      assert.ok(Math.abs(at(out.get('s')!, { a, z }) - col.reduce((p, q) => p + q)) < 1e-14);
      const lse = Math.log(col.map(Math.exp).reduce((p, q) => p + q));
      assert.ok(Math.abs(at(out.get('l')!, { a, z }) - lse) < 1e-14);
    }
  }
  assert.equal([...out.get('e')!.data], [7, 7, 8, 8]);
  assert.is(out.get('inf')!.data[0], -Infinity);
});

test('rename relabels an axis, moving it in canonical order', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'k', role: 'vector', size: lit(3) });
  b.addAxis({ id: 'i', role: 'plate', size: lit(2) });
  b.addAxis({ id: 'j', role: 'vector', size: lit(3) });
  const fn = b.finish({ out: b.rename(b.data('x', ['i', 'j']), 'j', 'k') });
  const t = run(
    fn,
    env({
      x: [
        [2, 3],
        [1, 2, 3, 4, 5, 6],
      ],
    }),
  );
  assert.equal(t.axes, ['k', 'i']);
  assert.equal([...t.data], [1, 4, 2, 5, 3, 6]);
});

test('gather indexes the table axis; out-of-range gives NaN; scatter_add accumulates', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'f', role: 'plate', size: lit(3) });
  b.addAxis({ id: 'j', role: 'plate', size: lit(2) });
  b.addAxis({ id: 'i', role: 'plate', size: lit(4) });
  const tab = b.data('t', ['f', 'j']);
  const idx = b.data('ix', ['i']);
  const g = b.gather(tab, 'f', idx);
  const s = b.op('scatter_add', [b.data('v', ['i']), idx], { axis: 'f', into: ['f'] });
  const fn = b.finish({ g, s });
  const out = evaluate(
    fn,
    env({
      t: [
        [3, 2],
        [10, 11, 20, 21, 30, 31],
      ],
      ix: [[4], [2, 0, 2.0000001, 5]],
      v: [[4], [1, 2, 4, 8]],
    }),
  );
  const gt = out.get('g')!;
  assert.equal(gt.axes, ['j', 'i']);
  assert.equal([...gt.data].slice(0, 3), [30, 10, 30]);
  assert.equal([...gt.data].slice(4, 7), [31, 11, 31]);
  assert.ok(Number.isNaN(gt.data[3]!) && Number.isNaN(gt.data[7]!));
  assert.equal([...out.get('s')!.data], [2, 0, 5]);
});

test('pack concatenates flattened parts along the vector axis (with a batch axis); unpack inverts it', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'p', role: 'particle', size: lit(2) });
  b.addAxis({ id: 'i', role: 'plate', size: lit(2) });
  b.addAxis({ id: 'j', role: 'plate', size: lit(3) });
  b.addAxis({ id: 'v', role: 'vector', size: lit(0), packedFrom: [['i', 'j'], []] });
  const parts = ['i,j', ''];
  const x = b.data('x', ['p', 'i', 'j']);
  const s = b.data('s', ['p']);
  const packed = b.op('pack', [x, s], { axis: 'v', parts });
  const fn = b.finish({
    packed,
    x: b.op('unpack', [packed], { axis: 'v', parts, part: 0, into: ['i', 'j'] }),
    s: b.op('unpack', [packed], { axis: 'v', parts, part: 1, into: [] }),
  });
  const xs = [1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6];
  const out = evaluate(fn, env({ x: [[2, 2, 3], xs], s: [[2], [9, -9]] }));
  assert.equal(out.get('packed')!.axes, ['p', 'v']);
  assert.equal([...out.get('packed')!.data], [1, 2, 3, 4, 5, 6, 9, -1, -2, -3, -4, -5, -6, -9]);
  assert.equal([...out.get('x')!.data], xs);
  assert.equal([...out.get('s')!.data], [9, -9]);
});

test('keyed draws: element = flat index over non-particle axes, particle = particle index', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'i', role: 'plate', size: lit(2) });
  b.addAxis({ id: 'p', role: 'particle', size: lit(3) });
  b.addAxis({ id: 'j', role: 'plate', size: lit(2) });
  const fn = b.finish({ n: b.rngNormal('z.eps', ['i', 'p', 'j']), u: b.rngUniform('u', ['j']) });
  const e = env({}, { seed: 5, step: 9 });
  const out = evaluate(fn, e);
  const n = out.get('n')!;
  for (let i = 0; i < 2; i++)
    for (let p = 0; p < 3; p++)
      for (let j = 0; j < 2; j++)
        assert.is(at(n, { i, p, j }), standardNormal(5, streamId('z.eps'), 9, i * 2 + j, p));
  assert.equal(
    [...out.get('u')!.data],
    [0, 1].map((j) => uniform01(5, streamId('u'), 9, j, 0)),
  );
  const again = evaluate(fn, { ...e, step: 10 }).get('n')!;
  assert.not.equal([...again.data], [...n.data]);
});

test('subsample_index: B distinct indices in [0, N), fixed per step, changing with step', () => {
  for (const [n, bsz] of [
    [10, 10],
    [2500, 100],
    [1, 1],
    [1000, 37],
  ] as const) {
    const b = new Builder('t');
    b.addAxis({
      id: 'i',
      role: 'plate',
      size: { kind: 'data', name: 'B' },
      full: { kind: 'data', name: 'N' },
    });
    const fn = b.finish({ out: b.op('subsample_index', [], { axis: 'i', stream: 'sub.i' }) });
    const e = env(
      {},
      {
        sizes: new Map([
          ['N', n],
          ['B', bsz],
        ]),
      },
    );
    const seen: string[] = [];
    for (let step = 0; step < 4; step++) {
      const t = [...run(fn, { ...e, step }).data];
      assert.is(t.length, bsz);
      assert.is(new Set(t).size, bsz, 'distinct');
      for (const k of t) assert.ok(Number.isInteger(k) && k >= 0 && k < n, `in range: ${k}`);
      assert.equal([...run(fn, { ...e, step }).data], t, 'deterministic');
      seen.push(t.join(','));
    }
    if (n > bsz || n > 2) assert.ok(new Set(seen).size > 1, `changes with step (N=${n})`);
  }
});

test('rng_gamma mean and variance match alpha', () => {
  const n = 20000;
  for (const alpha of [0.3, 1, 2.5, 10]) {
    const b = new Builder('t');
    b.addAxis({ id: 'k', role: 'plate', size: lit(n) });
    const fn = b.finish({ out: b.op('rng_gamma', [b.const(alpha)], { stream: 'g', axes: ['k'] }) });
    const d = run(fn, env({}, { step: 1 })).data;
    let m = 0;
    for (const x of d) m += x;
    m /= n;
    let v = 0;
    for (const x of d) v += (x - m) ** 2;
    v /= n - 1;
    assert.ok(
      d.every((x) => x > 0),
      'positive',
    );
    assert.ok(Math.abs(m - alpha) < 5 * Math.sqrt(alpha / n), `alpha ${alpha}: mean ${m}`);
    const sdVar = alpha * Math.sqrt((2 + 6 / alpha) / n);
    assert.ok(Math.abs(v - alpha) < 5 * sdVar, `alpha ${alpha}: variance ${v}`);
  }
});

test('rng_gamma_dalpha matches the finite difference of rng_gamma at a fixed key', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'k', role: 'plate', size: lit(50) });
  const a = b.data('a', ['k']);
  const fn = b.finish({
    g: b.op('rng_gamma', [a], { stream: 'g', axes: [] }),
    d: b.op('rng_gamma_dalpha', [a], { stream: 'g', axes: [] }),
  });
  const alphas = Array.from({ length: 50 }, (_, k) => 0.1 + k * 0.2);
  const h = 1e-6;
  const out = evaluate(fn, env({ a: [[50], alphas] }));
  const up = evaluate(fn, env({ a: [[50], alphas.map((x) => x + h)] })).get('g')!.data;
  const dn = evaluate(fn, env({ a: [[50], alphas.map((x) => x - h)] })).get('g')!.data;
  out.get('d')!.data.forEach((dv, k) => {
    const fd = (up[k]! - dn[k]!) / (2 * h);
    assert.ok(Math.abs(fd - dv) < 1e-5 * (1 + Math.abs(fd)), `alpha ${alphas[k]}: ${dv} vs ${fd}`);
  });
});

test('missing or mis-shaped data is an internal error, not a crash with wrong numbers', () => {
  const b = ij();
  const fn = b.finish({ out: b.data('x', ['i', 'j']) });
  assert.throws(() => run(fn, env({})), /no data named x/);
  assert.throws(
    () =>
      run(
        fn,
        env({
          x: [
            [3, 2],
            [1, 2, 3, 4, 5, 6],
          ],
        }),
      ),
    /shape/,
  );
});

test('sizes given by data names are resolved from env.sizes', () => {
  const b = new Builder('t');
  b.addAxis({ id: 'i', role: 'plate', size: { kind: 'data', name: 'N' } });
  const fn = b.finish({ out: b.sum(b.expand(b.const(2), 'i'), 'i') });
  for (const n of [1, 5, 17])
    assert.is(run(fn, env({}, { sizes: new Map([['N', n]]) })).data[0], 2 * n);
});

test.run();
