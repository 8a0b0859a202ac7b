// PSIS (src/infer/psis.ts) against an independent NumPy implementation (scripts/ref/psis.py), and on weights of known shape.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { psis } from '../../src/infer/psis.js';
import { streamId, uniform01 } from '../../src/rng/keyed.js';

interface Case {
  readonly name: string;
  readonly khat: number;
  readonly ess: number;
  readonly logWeights: readonly number[];
}

const refs = (JSON.parse(readFileSync('test/infer/ref-psis.json', 'utf8')) as { cases: Case[] })
  .cases;

test('k̂ and ESS match the NumPy reference to 1e-6', () => {
  assert.ok(refs.length >= 6);
  for (const c of refs) {
    const p = psis(c.logWeights);
    assert.ok(Math.abs(p.khat - c.khat) <= 1e-6, `${c.name}: k̂ ${p.khat}, want ${c.khat}`);
    assert.ok(Math.abs(p.ess - c.ess) <= 1e-6 * c.ess, `${c.name}: ESS ${p.ess}, want ${c.ess}`);
  }
  // The cases span light to heavy tails, so that a fit stuck at one answer would fail.
  const ks = refs.map((c) => c.khat);
  assert.ok(Math.min(...ks) < 0 && Math.max(...ks) > 0.9, `k̂ range ${ks}`);
});

test('weights of Pareto tail shape ξ give k̂ ≈ ξ at S = 10000', () => {
  const S = 10000;
  for (const xi of [0.2, 0.5, 0.8, 1.1]) {
    const ks = [1, 2, 3, 4].map((seed) => {
      // w = u^(-ξ): P(w > t) = t^(-1/ξ), a Pareto tail of shape ξ.
      const stream = streamId(`pareto ${xi}`);
      const lw = Float64Array.from(
        { length: S },
        (_, i) => -xi * Math.log(uniform01(seed, stream, 0, i, 0)),
      );
      return psis(lw).khat;
    });
    for (const k of ks) assert.ok(Math.abs(k - xi) < 0.3, `ξ ${xi}: k̂ ${ks}`);
    const mean = ks.reduce((a, b) => a + b) / ks.length;
    assert.ok(Math.abs(mean - xi) < 0.1, `ξ ${xi}: mean k̂ ${mean} (${ks})`);
  }
});

test('equal weights: ESS is S, and no tail (k̂ -Infinity); a shift of every log weight changes nothing', () => {
  const flat = psis(new Float64Array(1000).fill(-3));
  assert.ok(Math.abs(flat.ess - 1000) < 1e-9);
  assert.is(flat.khat, -Infinity);
  const c = refs[1]!;
  const a = psis(c.logWeights);
  const b = psis(c.logWeights.map((x) => x + 700));
  assert.ok(Math.abs(a.khat - b.khat) < 1e-9 && Math.abs(a.ess - b.ess) < 1e-6);
  let total = 0;
  for (const x of a.logWeights) total += Math.exp(x);
  assert.ok(Math.abs(total - 1) < 1e-12, 'smoothed weights normalised');
});

test('too few draws for a tail: k̂ Infinity', () => {
  assert.is(psis([0.1, 0.5, -0.2, 0.3, 0.9, 1.2, -1]).khat, Infinity);
});

test.run();
