// A latent sampled on both branches of an if (issue 12's fuzzing): it is one site, which exists where either branch
// is taken. Its guide term was masked by the last branch's condition alone (vi then fitted its scale to 0.015), and
// methods with source terms declared its marginal or moments twice (an internal error).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel } from '../../src/api/library.js';

// z ~ N(0, 1); w ~ N(z, 1) where y > 0, else N(-z, 1); y ~ N(w, 1). With y = 2: z | y ~ N(2/3, sqrt(2/3)),
// w | y ~ N(4/3, sqrt(2/3)), log p(y) = log N(2; 0, sqrt 3) = -2.135; the mean-field optimum has z and w at their
// exact means, with scales 1/sqrt(2).
const BOTH = `data y: real
model {
  sample z ~ Normal(0, 1)
  if (y > 0) { sample w ~ Normal(z, 1) } else { sample w ~ Normal(-z, 1) }
  observe y ~ Normal(w, 1)
}
`;
const close = (got: unknown, want: number, tol: number, what: string): void =>
  assert.ok(
    typeof got === 'number' && Math.abs(got - want) <= tol,
    `${what}: ${String(got)} vs ${want} ± ${tol}`,
  );

for (const backend of ['cpu', 'webgpu'] as const)
  test(`vi (AutoNormal) reaches the mean-field optimum on ${backend}`, async () => {
    const m = await loadModel(BOTH, 'both.ppl');
    const f = await m.fit(
      { y: 2 },
      { steps: 4000, lr: 0.05, lrDecay: 0.999, particles: 8, backend },
    );
    close(f.params['z.loc'], 2 / 3, 0.03, 'z.loc');
    close(f.params['w.loc'], 4 / 3, 0.03, 'w.loc');
    close(f.params['z.scale'], Math.SQRT1_2, 0.03, 'z.scale');
    close(f.params['w.scale'], Math.SQRT1_2, 0.03, 'w.scale');
  });

for (const method of ['rws', 'mp-vi'] as const)
  test(`${method}: one moment source for the site; its posterior and the evidence are right`, async () => {
    const m = await loadModel(BOTH, 'both.ppl');
    const f = await m.fit({ y: 2 }, { method, steps: 2000, lr: 0.02, backend: 'cpu' });
    const w = f.summary().w!;
    close(w.mean, 4 / 3, 0.15, 'w mean');
    close(w.sd, Math.sqrt(2 / 3), 0.15, 'w sd');
    close(f.toJSON().log_evidence?.mean, -2.135, 0.1, 'log evidence');
  });

test('an enumerated site on both branches: one marginal, P(lazy) = 0.9 and P(ignore = 1, it exists) = 0.72', async () => {
  const src = `data amount_slept: real
model {
  sample lazy ~ Bernoulli(0.9)
  if (1 > 0) { if (lazy == 1) { sample ignore ~ Bernoulli(0.8) } }
  else { if (lazy == 1) { sample ignore ~ Bernoulli(0.8) } }
}
`;
  for (const backend of ['cpu', 'webgpu'] as const) {
    const m = await loadModel(src, 'branches.ppl');
    const f = await m.fit({ amount_slept: 6 }, { steps: 10, backend });
    const s = f.summary();
    close(s.lazy!.mean, 0.9, 1e-4, `${backend} lazy`);
    close(s.ignore!.mean, 0.72, 1e-4, `${backend} ignore`);
  }
});

test.run();
