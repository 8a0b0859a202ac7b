// Score-function gradients for the discrete sites a guide samples (Trace_ELBO with a leave-one-out baseline): the
// gradient is the exact ELBO's in expectation, and seed 000's sleep model fits with a hand-written guide.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../src/api/library.js';

const read = (f: string): string => readFileSync(`test/programs/${f}`, 'utf8');
const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (u: number): number => 1 / (1 + Math.exp(-u));
const logNormal = (x: number, m: number): number =>
  -0.5 * (x - m) ** 2 - 0.5 * Math.log(2 * Math.PI);

/** bernoulli_guided.ppl's ELBO at guide logit u, summed exactly over z ∈ {0, 1}. */
function elbo(u: number): number {
  const x = 1.5;
  let e = 0;
  for (const z of [0, 1]) {
    const q = z === 1 ? sigmoid(u) : 1 - sigmoid(u);
    const p = z === 1 ? 0.3 : 0.7;
    e += q * (Math.log(p) + logNormal(x, 2 * z) - Math.log(q));
  }
  return e;
}

test('one SGD step over 20000 particles moves the guide logit by lr x the exact ELBO gradient (4 standard errors)', async () => {
  const m = await loadModel(read('bernoulli_guided.ppl'), 'bernoulli_guided.ppl');
  const u0 = logit(0.4);
  const h = 1e-5;
  const exact = (elbo(u0 + h) - elbo(u0 - h)) / (2 * h);
  const lr = 1e-3;
  const grads: number[] = [];
  for (const seed of [1, 2, 3, 4]) {
    const f = await m.fit(
      { x: 1.5 },
      { backend: 'cpu', optimizer: 'sgd', lr, steps: 1, particles: 20000, seed },
    );
    grads.push((logit(f.params.q as number) - u0) / lr);
  }
  const mean = grads.reduce((a, g) => a + g, 0) / grads.length;
  const sd = Math.sqrt(grads.reduce((a, g) => a + (g - mean) ** 2, 0) / (grads.length - 1));
  // Without the score-function term the gradient would be E[-∇ log q] = 0, far outside this band.
  assert.ok(Math.abs(exact) > 0.1, `exact gradient ${exact}`);
  assert.ok(
    Math.abs(mean - exact) < Math.max(4 * (sd / 2), 0.02),
    `estimated ${mean} (sd over seeds ${sd}), exact ${exact}`,
  );
});

for (const backend of ['cpu', 'webgpu'] as const)
  test(`sleep with a hand-written guide on ${backend}: P(feeling_lazy = 1 | amount_slept = 6) = 0.1974 ± 0.02`, async () => {
    const m = await loadModel(read('sleep_guided.ppl'), 'sleep_guided.ppl');
    const f = await m.fit(
      { amount_slept: 6 },
      { backend, particles: 8, steps: 3000, lr: 0.05, lrDecay: 0.999 },
    );
    assert.is(f.backend, backend);
    const p = f.params.p_lazy as number;
    assert.ok(Math.abs(p - 0.1974) <= 0.02, `p_lazy ${p}`);
  });

test('methods that differentiate through the samples still refuse a discrete guide site (E0705)', async () => {
  const m = await loadModel(read('sleep_guided.ppl'), 'sleep_guided.ppl');
  try {
    await m.fit({ amount_slept: 6 }, { backend: 'cpu', method: 'mp-vi', steps: 2 });
    assert.unreachable('mp-vi fitted a discrete guide site');
  } catch (e) {
    assert.match((e as Error).message, /E0705.*--method vi \(score-function gradients\)/s);
  }
});

test.run();
