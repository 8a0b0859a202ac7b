// A guide site drawn given another guide latent (b ~ Normal(c·a, sb)): under K samples per latent each sample of b
// reads a parent sample of a chosen uniformly at random, and q_MP is the mixture over a's samples. The estimate
// stays unbiased, so after fitting it reaches the exact evidence and posterior of the chain a -> b -> y.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../src/index.js';

const FILE = 'test/programs/mp_chain.ppl';
const DATA = JSON.parse(readFileSync('test/programs/mp_chain.json', 'utf8')) as { y: number[] };
const n = DATA.y.length;
const S = DATA.y.reduce((a, x) => a + x, 0);

// y ~ N(0, I + 2·11ᵀ): determinant 1 + 2n, inverse I - 2/(1 + 2n) 11ᵀ.
const EXACT =
  -0.5 *
  (n * Math.log(2 * Math.PI) +
    Math.log(1 + 2 * n) +
    DATA.y.reduce((a, x) => a + x * x, 0) -
    (2 * S * S) / (1 + 2 * n));
// The posterior precision of (a, b) is [[2, -1], [-1, 1 + n]]; its inverse is [[1 + n, 1], [1, 2]] / (1 + 2n).
const det = 1 + 2 * n;
const POST = { a: [S / det, Math.sqrt((1 + n) / det)], b: [(2 * S) / det, Math.sqrt(2 / det)] };

test('mp-vi with a dependent guide, K = 100: evidence and both posteriors exact', async () => {
  const m = await loadModel(readFileSync(FILE, 'utf8'), FILE);
  const f = await m.fit(DATA, {
    method: 'mp-vi',
    K: 100,
    steps: 1500,
    lr: 0.02,
    backend: 'cpu',
    seed: 3,
  });
  const j = f.toJSON();
  assert.ok(Math.abs(j.log_evidence!.mean - EXACT) < 0.03, `${j.log_evidence!.mean} vs ${EXACT}`);
  for (const site of ['a', 'b'] as const) {
    const p = j.posterior![site]!;
    const [mean, sd] = POST[site];
    assert.ok(
      Math.abs((p.mean as number) - mean!) < 0.05,
      `${site} mean ${String(p.mean)} vs ${mean}`,
    );
    assert.ok(Math.abs((p.sd as number) - sd!) < 0.05, `${site} sd ${String(p.sd)} vs ${sd}`);
  }
});

test.run();
