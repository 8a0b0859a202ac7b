// Samplers through the interpreter: distribution (quantiles from scipy), moments, and the records' mean/variance.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import { distribution } from '../../src/distributions/table.js';
import type { DistOpts, NumParams } from '../../src/distributions/record.js';
import { EVENT, constParams, envOf, jsonNumber, readJson, run } from './helpers.js';

interface QCase {
  readonly dist: string;
  readonly params: NumParams;
  readonly probs?: readonly number[];
  readonly quantiles?: readonly number[];
  readonly mean: number | string;
  readonly variance: number | string;
}

const cases = readJson<{ cases: QCase[] }>('test/distributions/ref-quantiles.json').cases;
const N = 20000;

function draw(c: QCase, seed = 11): Float64Array {
  const b = new Builder('draw');
  b.addAxis({ id: 'n', role: 'plate', size: { kind: 'lit', value: N } });
  const { params, data } = constParams(b, c.params);
  const opts: DistOpts = {
    eventAxis: EVENT,
    ...(typeof c.params.total_count === 'number' ? { totalCount: c.params.total_count } : {}),
    maxCount: 80,
  };
  const x = distribution(c.dist).sample(b, params, `site.${c.dist}`, ['n'], opts);
  assert.equal(b.axesOf(x), ['n']);
  return run(b.finish({ out: x }), envOf({ data, seed }));
}

const label = (c: QCase): string => `${c.dist}(${JSON.stringify(c.params)})`;

const sameMoment = (got: number, want: number): boolean =>
  Number.isNaN(want)
    ? Number.isNaN(got)
    : Number.isFinite(want)
      ? Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want))
      : got === want;

for (const c of cases) {
  test(`${label(c)}: record mean and variance equal scipy's`, () => {
    const d = distribution(c.dist);
    assert.ok(
      sameMoment(d.mean(c.params), jsonNumber(c.mean)),
      `mean ${d.mean(c.params)} vs ${c.mean}`,
    );
    assert.ok(
      sameMoment(d.variance(c.params), jsonNumber(c.variance)),
      `variance ${d.variance(c.params)} vs ${c.variance}`,
    );
  });

  test(`${label(c)}: ${N} draws match the moments (5 standard errors)`, () => {
    const mean = jsonNumber(c.mean);
    const variance = jsonNumber(c.variance);
    const x = draw(c);
    assert.ok(x.every(Number.isFinite), 'a draw is not finite');
    if (!Number.isFinite(variance)) return; // heavy tails: the quantile test below covers them
    const m = x.reduce((s, v) => s + v, 0) / N;
    assert.ok(Math.abs(m - mean) <= 5 * Math.sqrt(variance / N), `mean ${m} vs ${mean}`);
    const sq = x.map((v) => (v - m) ** 2);
    const v = sq.reduce((s, y) => s + y, 0) / (N - 1);
    const seV = Math.sqrt(sq.reduce((s, y) => s + (y - v) ** 2, 0) / N / N);
    assert.ok(Math.abs(v - variance) <= 5 * seV, `variance ${v} vs ${variance} (se ${seV})`);
  });

  if (c.quantiles && c.probs) {
    const qs = c.quantiles;
    const ps = c.probs;
    test(`${label(c)}: empirical CDF at scipy's quantiles (KS bound, alpha 0.001)`, () => {
      const x = [...draw(c, 23)].sort((a, b) => a - b);
      let worst = 0;
      qs.forEach((q, i) => {
        let lo = 0;
        let hi = x.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (x[mid]! <= q) lo = mid + 1;
          else hi = mid;
        }
        worst = Math.max(worst, Math.abs(lo / N - ps[i]!));
      });
      assert.ok(worst < 1.95 / Math.sqrt(N), `max |F_n(q) - p| = ${worst}`);
    });
  }
}

test('Categorical draws hit each category with its probability (5 standard errors)', () => {
  for (const c of cases.filter((k) => k.dist === 'Categorical')) {
    const x = draw(c);
    const raw = (c.params.probs ?? c.params.logits) as readonly number[];
    const p = c.params.probs ? raw.map((v) => v / raw.reduce((s, y) => s + y, 0)) : softmax(raw);
    p.forEach((pk, k) => {
      const f = x.filter((v) => v === k).length / N;
      assert.ok(
        Math.abs(f - pk) <= 5 * Math.sqrt((pk * (1 - pk)) / N),
        `${label(c)}: P(${k}) ${f} vs ${pk}`,
      );
    });
    assert.ok(x.every((v) => Number.isInteger(v) && v >= 0 && v < p.length));
  }
});

test('discrete draws lie in their support', () => {
  for (const c of cases.filter((k) => distribution(k.dist).discrete)) {
    const x = draw(c);
    const top = typeof c.params.total_count === 'number' ? c.params.total_count : Infinity;
    assert.ok(
      x.every((v) => Number.isInteger(v) && v >= 0 && v <= top),
      label(c),
    );
  }
});

test('Beta draws stay strictly inside (0, 1) even for tiny concentrations', () => {
  const x = draw({
    dist: 'Beta',
    params: { concentration1: 0.02, concentration0: 0.02 },
    mean: 0.5,
    variance: 0,
  });
  assert.ok(x.every((v) => v > 0 && v < 1));
});

test('Binomial sampling without a constant total_count is refused', () => {
  const b = new Builder('draw');
  assert.throws(() =>
    distribution('Binomial').sample(
      b,
      { total_count: b.const(3), probs: b.const(0.5) },
      's',
      [],
      {},
    ),
  );
});

function softmax(l: readonly number[]): number[] {
  const m = Math.max(...l);
  const w = l.map((v) => Math.exp(v - m));
  const s = w.reduce((a, v) => a + v, 0);
  return w.map((v) => v / s);
}

test.run();
