// Every guide family against exact posteriors of a conjugate Gaussian model, and mini-batch (subsample) SVI.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pplc, type FitJson } from './cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-guides-'));
const base = readFileSync('test/programs/corr_mvn.ppl', 'utf8');

function fitWith(guide: string, extra: string[] = []): FitJson {
  const file = join(dir, `${guide.replace(/\W/g, '_')}.ppl`);
  writeFileSync(file, base.replace('guide = AutoMultivariateNormal', `guide = ${guide}`));
  const r = pplc([
    'fit',
    file,
    '--data',
    'test/programs/corr.json',
    '--json',
    '--steps',
    '4000',
    '--lr',
    '0.01',
    '--particles',
    '8',
    '--seed',
    '9',
    ...extra,
  ]);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as FitJson;
}

// Exact posterior: precision I + 4·11ᵀ, so covariance [[5, -4], [-4, 5]] / 9 and mean 8/9 each.
const MEAN = 8 / 9;
const SD = Math.sqrt(5 / 9);
const MF_SD = Math.sqrt(1 / 5); // the mean-field optimum: 1 / sqrt(precision diagonal)

const near = (got: unknown, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs((got as number) - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

test('AutoMultivariateNormal recovers the correlated posterior exactly', () => {
  const r = fitWith('AutoMultivariateNormal');
  for (const s of ['a', 'b']) {
    near(r.latents[s]!.mean, MEAN, 0.1, `${s} mean`);
    near(r.latents[s]!.sd, SD, 0.06, `${s} sd`);
  }
});

test('AutoLowRankMultivariateNormal(1) captures the one correlated direction', () => {
  const r = fitWith('AutoLowRankMultivariateNormal(rank = 1)');
  for (const s of ['a', 'b']) {
    near(r.latents[s]!.mean, MEAN, 0.12, `${s} mean`);
    near(r.latents[s]!.sd, SD, 0.08, `${s} sd`);
  }
});

test('AutoNormal gets the means and the mean-field (too small) sd', () => {
  const r = fitWith('AutoNormal');
  for (const s of ['a', 'b']) {
    near(r.latents[s]!.mean, MEAN, 0.12, `${s} mean`);
    near(r.latents[s]!.sd, MF_SD, 0.04, `${s} sd`);
  }
});

test('AutoDelta finds the MAP point (the posterior mean here), with no spread', () => {
  const r = fitWith('AutoDelta', ['--particles', '1']);
  for (const s of ['a', 'b']) {
    near(r.latents[s]!.mean, MEAN, 0.02, `${s} MAP`);
    near(r.latents[s]!.sd, 0, 1e-12, `${s} sd`);
  }
});

test('ClippedAdam with learning-rate decay converges too', () => {
  const r = fitWith('AutoNormal', [
    '--optimizer',
    'clipped-adam',
    '--lr',
    '0.02',
    '--lr-decay',
    '0.9995',
  ]);
  near(r.latents.a!.mean, MEAN, 0.15, 'a mean');
});

test('subsample: mini-batches of 20 of 200 give the full-data posterior of a normal mean', () => {
  const y = (JSON.parse(readFileSync('test/programs/normal_mean.json', 'utf8')) as { y: number[] })
    .y;
  const ybar = y.reduce((s, v) => s + v, 0) / y.length;
  const prec = 1 / 100 + y.length;
  const r = pplc([
    'fit',
    'test/programs/normal_mean_subsample.ppl',
    '--data',
    'test/programs/normal_mean.json',
    '--json',
    '--steps',
    '4000',
    '--lr',
    '0.01',
    '--seed',
    '2',
  ]);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as FitJson;
  near(j.latents.mu!.mean, (y.length * ybar) / prec, 0.06, 'mu mean');
  near(j.latents.mu!.sd, 1 / Math.sqrt(prec), 0.04, 'mu sd');
});

test('a plate index used as a number (the exact posterior of a slope through the origin)', () => {
  const r = pplc([
    'fit',
    'test/programs/plate_index.ppl',
    '--data',
    'test/programs/plate_index.json',
    '--backend',
    'cpu',
    '--json',
    '--steps',
    '3000',
    '--particles',
    '8',
    '--seed',
    '4',
  ]);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as FitJson;
  near(j.latents.a!.mean, 14.5 / 15, 0.05, 'a mean');
  near(j.latents.a!.sd, 1 / Math.sqrt(15), 0.04, 'a sd');
});

for (const backend of ['cpu', 'webgpu'])
  test(`a custom guide's own plate lines up with the model's (${backend})`, () => {
    const r = pplc([
      'fit',
      'test/programs/plate_guide.ppl',
      '--data',
      'test/programs/plate_guide.json',
      '--backend',
      backend,
      '--json',
      '--steps',
      '3000',
      '--seed',
      '6',
    ]);
    assert.is(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as FitJson;
    const y = [1.0, -2.0, 0.5];
    y.forEach((yj, k) => {
      near((j.params.m as number[])[k], yj, 0.2, `m[${k}]`);
      near((j.latents.z!.mean as number[])[k], yj, 0.2, `z[${k}] mean`);
      near((j.latents.z!.sd as number[])[k], Math.sqrt(1 / 5), 0.06, `z[${k}] sd`);
    });
  });

test.run();
