// Every family's log-density against mpmath/scipy reference values (scripts/ref/dist_refs.py), in float64.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import { DISTRIBUTIONS, distribution } from '../../src/distributions/table.js';
import { EVENT, closeRel, constParams, envOf, jsonNumber, readJson, run } from './helpers.js';

interface Case {
  readonly dist: string;
  readonly params: Readonly<Record<string, number | readonly number[]>>;
  /** A vector for a vector-valued family (Dirichlet), over the event axis. */
  readonly value: number | readonly number[];
  readonly logp: number | string;
}

const refs = readJson<{ cases: Case[] }>('test/distributions/ref-logprob.json').cases;

test('the reference file covers every family and every parameter form', () => {
  for (const [name, d] of DISTRIBUTIONS) {
    for (const form of d.forms) {
      const hit = refs.some((c) => c.dist === name && form.every((p) => p in c.params));
      assert.ok(hit, `${name}(${form.join(', ')}) has no reference case`);
    }
  }
});

for (const name of DISTRIBUTIONS.keys()) {
  test(`${name}: log-density matches the reference to 1e-10 relative`, () => {
    const cases = refs.filter((c) => c.dist === name);
    for (const c of cases) {
      const b = new Builder('lp');
      const { params, data } = constParams(b, c.params);
      const vector = typeof c.value !== 'number';
      if (vector && !b.hasAxis(EVENT))
        b.addAxis({ id: EVENT, role: 'vector', size: { kind: 'lit', value: c.value.length } });
      const x = typeof c.value === 'number' ? b.const(c.value) : b.data('value', [EVENT]);
      const lp = distribution(name).logProb(b, x, params, { eventAxis: EVENT });
      const all = typeof c.value === 'number' ? data : { ...data, value: c.value };
      const got = run(b.finish({ out: lp }), envOf({ data: all }))[0]!;
      const want = jsonNumber(c.logp);
      assert.ok(
        closeRel(got, want, 1e-10),
        `${name} ${JSON.stringify(c.params)} at ${c.value}: got ${got}, want ${want}`,
      );
    }
  });
}

test('log-density broadcasts a batch of values against scalar parameters', () => {
  const b = new Builder('lp');
  b.addAxis({ id: 'i', role: 'plate', size: { kind: 'lit', value: 3 } });
  const x = b.data('x', ['i']);
  const lp = distribution('Normal').logProb(b, x, { loc: b.const(0), scale: b.const(1) });
  assert.equal(b.axesOf(lp), ['i']);
  const got = run(b.finish({ out: lp }), envOf({ data: { x: [0, 1, 2] } }));
  const c = -0.5 * Math.log(2 * Math.PI);
  [c, c - 0.5, c - 2].forEach((w, i) => assert.ok(closeRel(got[i]!, w, 1e-14)));
});

test('Categorical gathers per batch element along the event axis', () => {
  const b = new Builder('lp');
  b.addAxis({ id: 'i', role: 'plate', size: { kind: 'lit', value: 2 } });
  b.addAxis({ id: EVENT, role: 'vector', size: { kind: 'lit', value: 3 } });
  const logits = b.data('l', ['i', EVENT]);
  const x = b.data('x', ['i']);
  const lp = distribution('Categorical').logProb(b, x, { logits }, { eventAxis: EVENT });
  assert.equal(b.axesOf(lp), ['i']);
  const env = envOf();
  const data = new Map([
    ['l', { shape: [2, 3], values: Float64Array.of(0, 1, 2, 5, 0, 0) }],
    ['x', { shape: [2], values: Float64Array.of(2, 0) }],
  ]);
  const got = run(b.finish({ out: lp }), { ...env, data });
  const lse = (v: number[]): number => Math.log(v.reduce((s, y) => s + Math.exp(y), 0));
  assert.ok(closeRel(got[0]!, 2 - lse([0, 1, 2]), 1e-14));
  assert.ok(closeRel(got[1]!, 5 - lse([5, 0, 0]), 1e-14));
});

test.run();
