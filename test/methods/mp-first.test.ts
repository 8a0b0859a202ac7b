// Seed 004's first model (mu ~ Normal(0, 1), three unit-variance observations, guide Normal(loc, scale)): the evidence
// and the posterior are closed form, and each importance-sampling method must reach them after fitting.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../src/index.js';
import type { FitJson } from '../../src/infer/result-json.js';

const FILE = 'test/programs/mp_first.ppl';
const DATA = JSON.parse(readFileSync('test/programs/mp_first.json', 'utf8')) as { y: number[] };

/** log N(y; 0, I + 11ᵀ): by the matrix determinant lemma and Sherman-Morrison. */
function exactLogEvidence(y: readonly number[]): number {
  const n = y.length;
  const s = y.reduce((a, x) => a + x, 0);
  const q = y.reduce((a, x) => a + x * x, 0) - (s * s) / (1 + n);
  return -0.5 * (n * Math.log(2 * Math.PI) + Math.log(1 + n) + q);
}
const EXACT = exactLogEvidence(DATA.y);
const POST_MEAN = DATA.y.reduce((a, x) => a + x, 0) / (1 + DATA.y.length);
const POST_SD = 1 / Math.sqrt(1 + DATA.y.length);

async function fit(
  method: 'mp-vi' | 'rws' | 'qem' | 'is',
  backend: 'cpu' | 'webgpu' = 'cpu',
): Promise<FitJson> {
  const m = await loadModel(readFileSync(FILE, 'utf8'), FILE);
  const f = await m.fit(DATA, { method, K: 1000, steps: 1000, lr: 0.02, backend, seed: 1 });
  return f.toJSON();
}

// On the GPU the fit, the evidence and the moments run in the loop kernels (K = 1000 is too wide to unroll).
for (const backend of ['cpu', 'webgpu'] as const)
  for (const method of ['is', 'mp-vi'] as const)
    test(`${method}, K = 1000, ${backend}: log_evidence within 0.02 of the exact ${EXACT.toFixed(4)}`, async () => {
      const j = await fit(method, backend);
      const e = j.log_evidence!;
      assert.ok(Math.abs(e.mean - EXACT) < 0.02, `${e.mean} ± ${e.se}`);
      assert.ok(e.se > 0 && e.se < 0.02, `se ${e.se}`);
    });

for (const backend of ['cpu', 'webgpu'] as const)
  for (const method of ['mp-vi', 'rws', 'qem'] as const)
    test(`${method}, K = 1000, ${backend}: the posterior's mean and sd within 0.02 of the exact ones`, async () => {
      const p = (await fit(method, backend)).posterior!.mu!;
      assert.ok(Math.abs((p.mean as number) - POST_MEAN) < 0.02, `mean ${String(p.mean)}`);
      assert.ok(Math.abs((p.sd as number) - POST_SD) < 0.02, `sd ${String(p.sd)}`);
    });

for (const method of ['rws', 'qem'] as const)
  test(`${method} fits the guide itself to the exact posterior`, async () => {
    const j = await fit(method);
    const loc = j.params.loc as number;
    const scale = j.params.scale as number;
    assert.ok(Math.abs(loc - POST_MEAN) < 0.05, `loc ${loc}`);
    assert.ok(Math.abs(scale - POST_SD) < 0.05, `scale ${scale}`);
  });

test.run();
