// The family records' facts: names, forms, supports, enumeration sizes and prior medians (against scipy's quantiles).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DISTRIBUTIONS, distribution } from '../../src/distributions/table.js';
import type { KnownArgs, NumParams } from '../../src/distributions/record.js';
import { isContinuousSupport } from '../../src/distributions/support-kinds.js';
import { closeRel, readJson } from './helpers.js';

interface QCase {
  readonly dist: string;
  readonly params: NumParams;
  readonly probs?: readonly number[];
  readonly quantiles?: readonly number[];
}

const cases = readJson<{ cases: QCase[] }>('test/distributions/ref-quantiles.json').cases;

/** Medians that are approximations (an interior starting point is all init_to_median needs). */
const APPROXIMATE_MEDIAN = new Set(['Gamma', 'Beta']);

test('each family is filed under its own name; an unknown name is an internal error', () => {
  for (const [name, d] of DISTRIBUTIONS) assert.is(d.name, name);
  assert.throws(() => distribution('Wishart'), /no distribution Wishart/);
});

test('discreteness follows the support; only continuous families are reparameterised', () => {
  for (const [name, d] of DISTRIBUTIONS) {
    assert.is(d.discrete, !isContinuousSupport(d.support), name);
    assert.is(d.reparameterized, !d.discrete, name);
    if (d.discrete) assert.is(d.median, null, name);
    else assert.is(d.supportSize, null, name);
  }
});

test('argument forms are distinct and name every vector parameter', () => {
  for (const [name, d] of DISTRIBUTIONS) {
    assert.ok(d.forms.length > 0, name);
    const texts = d.forms.map((f) => f.join(','));
    assert.is(new Set(texts).size, texts.length, name);
    for (const p of d.vectorParams)
      assert.ok(
        d.forms.some((f) => f.includes(p)),
        `${name}: ${p}`,
      );
  }
});

const known = (args: Record<string, Partial<{ value: number; length: number }>>): KnownArgs =>
  Object.fromEntries(
    Object.entries(args).map(([k, a]) => [k, { value: a.value ?? null, length: a.length ?? null }]),
  );

test('support sizes: from constant arguments and vector lengths, null when the data decides', () => {
  const size = (name: string, args: KnownArgs): number | null => {
    const f = distribution(name).supportSize;
    return f === null ? null : f(args);
  };
  assert.is(size('Bernoulli', known({ probs: {} })), 2);
  assert.is(size('Binomial', known({ total_count: { value: 9 }, logits: {} })), 10);
  assert.is(size('Binomial', known({ total_count: {}, probs: {} })), null);
  assert.is(size('Binomial', known({ total_count: { value: 2.5 }, probs: {} })), null);
  assert.is(size('Categorical', known({ logits: { length: 4 } })), 4);
  assert.is(size('Categorical', known({ probs: {} })), null);
  assert.is(distribution('Poisson').supportSize, null);
});

test('prior medians: scipy median where exact, an interior point otherwise', () => {
  for (const c of cases) {
    const d = distribution(c.dist);
    if (d.discrete || d.median === null) continue;
    const k = c.probs?.indexOf(0.5) ?? -1;
    const want = c.quantiles?.[k];
    assert.ok(want !== undefined, `${c.dist} has no reference median`);
    const got = d.median(c.params);
    const what = `${c.dist}(${JSON.stringify(c.params)}): median ${got} vs ${want}`;
    if (APPROXIMATE_MEDIAN.has(c.dist)) {
      assert.ok(got > 0 && (d.support !== 'unit' || got < 1), what);
    } else assert.ok(closeRel(got, want, 1e-9), what);
  }
});

test.run();
