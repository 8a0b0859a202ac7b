// Dirichlet sites and simplex params: the Dirichlet-Categorical posterior (exactly Dirichlet(alpha + counts)) by a
// Dirichlet guide on both backends and by AutoNormal, and a simplex param fitted by maximum likelihood to the
// empirical frequencies; one step on the GPU matches the CPU.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel, type FitOptions } from '../../src/api/library.js';
import { acquireGpu } from '../../src/runtime/gpu.js';
import { assertOneStepMatches, prepareExample } from '../webgpu/helpers.js';
import { pplc } from './cli-run.js';

const read = (f: string): string => readFileSync(`test/programs/${f}`, 'utf8');
const data = JSON.parse(read('dirichlet_categorical.json')) as { alpha: number[]; y: number[] };
// The posterior: Dirichlet(alpha + counts) = Dirichlet(4, 4, 8).
const post = data.alpha.map((a, k) => a + data.y.filter((v) => v === k).length);
const total = post.reduce((s, v) => s + v, 0);
const exactMean = post.map((a) => a / total);
const exactSd = post.map((a) => Math.sqrt((a * (total - a)) / (total * total * (total + 1))));
const SETTINGS: FitOptions = { steps: 4000, lr: 0.05, lrDecay: 0.999, particles: 8, draws: 20000 };

const near = (got: unknown, want: number, tol: number, what: string): void =>
  assert.ok(
    typeof got === 'number' && Math.abs(got - want) <= tol,
    `${what}: got ${String(got)}, want ${want} ± ${tol}`,
  );

for (const backend of ['cpu', 'webgpu'] as const)
  test(`Dirichlet-Categorical with a Dirichlet guide on ${backend}: the guide's concentration is alpha + counts (±5%), the means exact (±0.01)`, async () => {
    const m = await loadModel(read('dirichlet_categorical.ppl'), 'dirichlet_categorical.ppl');
    const f = await m.fit(data, { ...SETTINGS, backend });
    assert.is(f.backend, backend);
    const conc = f.params.conc as number[];
    post.forEach((a, k) => near(conc[k], a, 0.05 * a, `conc[${k}]`));
    const s = f.summary().theta!;
    exactMean.forEach((v, k) => near((s.mean as number[])[k], v, 0.01, `theta[${k}] mean`));
    exactSd.forEach((v, k) => near((s.sd as number[])[k], v, 0.01, `theta[${k}] sd`));
  });

test('Dirichlet-Categorical with AutoNormal (stick-breaking coordinates): posterior means ±0.01, sds ±0.01', async () => {
  const m = await loadModel(read('dirichlet_auto.ppl'), 'dirichlet_auto.ppl');
  const f = await m.fit(data, { ...SETTINGS, backend: 'cpu' });
  const s = f.summary().theta!;
  exactMean.forEach((v, k) => near((s.mean as number[])[k], v, 0.01, `theta[${k}] mean`));
  exactSd.forEach((v, k) => near((s.sd as number[])[k], v, 0.01, `theta[${k}] sd`));
  // Draws are on the simplex.
  const draws = f.sample(50).theta as number[][];
  for (const d of draws)
    near(
      d.reduce((a, v) => a + v, 0),
      1,
      1e-9,
      'a draw sums to',
    );
});

for (const backend of ['cpu', 'webgpu'] as const)
  test(`a simplex param by maximum likelihood on ${backend}: the empirical frequencies (±1e-4)`, async () => {
    const m = await loadModel(read('simplex_mle.ppl'), 'simplex_mle.ppl');
    const d = JSON.parse(read('simplex_mle.json')) as { K: number; y: number[] };
    const f = await m.fit(d, { backend, steps: 2000, lr: 0.05 });
    const p = f.params.p as number[];
    for (let k = 0; k < d.K; k++)
      near(p[k], d.y.filter((v) => v === k).length / d.y.length, 1e-4, `p[${k}]`);
  });

const lgamma = (x: number): number => {
  // Lanczos (g = 7): float64-accurate for x > 0, enough for a closed-form evidence.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
};

test('mp-vi on the Dirichlet-Categorical (K = 10): the evidence within 0.1 nats of log B(alpha + n) / B(alpha), moments ±0.03', async () => {
  const m = await loadModel(read('dirichlet_categorical.ppl'), 'dirichlet_categorical.ppl');
  const f = await m.fit(data, { backend: 'cpu', method: 'mp-vi', K: 10, steps: 1500, lr: 0.05 });
  const logB = (a: readonly number[]): number =>
    a.reduce((s, v) => s + lgamma(v), 0) - lgamma(a.reduce((s, v) => s + v, 0));
  const exact = logB(post) - logB(data.alpha);
  const j = f.toJSON();
  near(j.log_evidence?.mean, exact, 0.1, 'log evidence');
  const w = j.posterior!.theta!;
  exactMean.forEach((v, k) => near((w.mean as number[])[k], v, 0.03, `theta[${k}] mean`));
  exactSd.forEach((v, k) => near((w.sd as number[])[k], v, 0.03, `theta[${k}] sd`));
});

test('simulate: the prior predictive of theta is alpha / sum(alpha), of y its mean index (3 standard errors)', () => {
  const r = pplc([
    'simulate',
    'test/programs/dirichlet_categorical.ppl',
    '--data',
    'test/programs/dirichlet_categorical.json',
    '--prior',
    '--draws',
    '10000',
    '--json',
  ]);
  assert.is(r.status, 0, r.stderr);
  const sites = (JSON.parse(r.stdout) as { sites: Record<string, { mean: unknown; sd: unknown }> })
    .sites;
  const a = data.alpha;
  const t = a.reduce((x, v) => x + v, 0);
  a.forEach((ak, k) => {
    const sd = Math.sqrt((ak * (t - ak)) / (t * t * (t + 1)));
    near((sites.theta!.mean as number[])[k], ak / t, 3 * (sd / 100), `theta[${k}] mean`);
  });
  const meanY = a.reduce((x, ak, k) => x + (k * ak) / t, 0);
  const ys = sites.y!.mean as number[];
  near(ys.reduce((x, v) => x + v, 0) / ys.length, meanY, 0.02, 'mean of y');
});

test('multivariate autoguides refuse a vector-valued site (E0710); AutoDelta finds the MAP on the simplex', async () => {
  const auto = read('dirichlet_auto.ppl');
  const mvn = await loadModel(
    auto.replace('guide = AutoNormal', 'guide = AutoMultivariateNormal'),
    'mvn.ppl',
  );
  try {
    await mvn.fit(data, { backend: 'cpu', steps: 2 });
    assert.unreachable('AutoMultivariateNormal took a Dirichlet site');
  } catch (e) {
    assert.match((e as Error).message, /E0710.*'theta'/s);
  }
  const delta = await loadModel(auto.replace('guide = AutoNormal', 'guide = AutoDelta'), 'd.ppl');
  const f = await delta.fit(data, { backend: 'cpu', steps: 2000, lr: 0.05 });
  // The mode of Dirichlet(4, 4, 8): (a_k - 1) / (sum a - K).
  const mode = post.map((a) => (a - 1) / (total - post.length));
  mode.forEach((v, k) => near((f.summary().theta!.mean as number[])[k], v, 0.005, `mode[${k}]`));
});

test('one step of the Dirichlet programs on the GPU matches the CPU (loss and every gradient)', async () => {
  const gpu = await acquireGpu({ optionalFeatures: ['subgroups'] });
  try {
    for (const name of ['dirichlet_categorical', 'dirichlet_auto', 'simplex_mle'])
      await assertOneStepMatches(
        await prepareExample(
          name,
          4,
          `test/programs/${name}.ppl`,
          `test/programs/${name === 'simplex_mle' ? 'simplex_mle' : 'dirichlet_categorical'}.json`,
        ),
        gpu,
        3,
      );
  } finally {
    gpu.destroy();
  }
});

test.run();
