// The shared examples fitted by the WebGPU backend (fitWebGpu) reach the answers in examples/README.md.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitWebGpu } from '../../src/infer/webgpu-driver.js';
import type { FitResult } from '../../src/infer/fit-result.js';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { options, prepareExample } from './helpers.js';
import type { OptimizerConfig } from '../../src/optim/optimizers.js';
import { correlation } from '../support/stats.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));

async function fit(
  name: string,
  steps: number,
  opt: Partial<OptimizerConfig>,
  seed: number,
): Promise<FitResult> {
  const r = await fitWebGpu(await prepareExample(name), options(steps, opt, seed), await gpu());
  assert.is(r.divergence, null);
  assert.is(r.steps, steps);
  assert.is(r.losses.length, steps);
  return r;
}

const within = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);
const scalar = (r: FitResult, p: string): number => r.params.get(p)!.values[0]!;
const el = (r: FitResult, site: string) => r.latents.get(site)!.elements;
const mean = (r: FitResult, site: string): number[] => el(r, site).map((e) => e.mean);

test('scale: SGD lr 0.001 momentum 0.1, 2500 steps: a = 9.14 ± 0.10, b = 0.60 ± 0.06', async () => {
  const r = await fit('scale', 2500, { name: 'sgd', lr: 0.001, momentum: 0.1 }, 1);
  within(scalar(r, 'a'), 9.14, 0.1, 'a');
  within(scalar(r, 'b'), 0.6, 0.06, 'b');
});

test('coin: Adam lr 0.01, 3000 steps: p mean 0.667 ± 0.05, sd 0.131 ± 0.03', async () => {
  const r = await fit('coin', 3000, { name: 'adam', lr: 0.01 }, 2);
  const p = el(r, 'p')[0]!;
  within(p.mean, 0.667, 0.05, 'p mean');
  within(p.sd, 0.131, 0.03, 'p sd');
});

test('mle: Adam lr 0.05, 2000 steps: mu = 5.00 ± 0.02', async () => {
  const r = await fit('mle', 2000, { name: 'adam', lr: 0.05 }, 0);
  within(scalar(r, 'mu'), 5, 0.02, 'mu');
});

test('eight_schools: Adam lr 0.01, 5000 steps: mu mean 4.5 ± 1.0, tau median in [1.5, 3.5]', async () => {
  const r = await fit('eight_schools', 5000, { name: 'adam', lr: 0.01 }, 3);
  within(mean(r, 'mu')[0]!, 4.5, 1.0, 'mu mean');
  const tau = el(r, 'tau')[0]!.q50;
  assert.ok(tau >= 1.5 && tau <= 3.5, `tau median ${tau}`);
});

test('linreg: Adam lr 0.01, 30000 steps: every mean within 3 sd of NUTS', async () => {
  const r = await fit('linreg', 30000, { name: 'adam', lr: 0.01 }, 4);
  const near = (got: number, want: number, sd: number, what: string): void =>
    assert.ok(Math.abs(got - want) <= 3 * sd, `${what}: got ${got}, want ${want} ± ${3 * sd}`);
  near(mean(r, 'alpha')[0]!, 48.49, 0.046, 'alpha');
  const beta = [4.673, -6.471, -11.845, -1.463, 12.036, 13.411, 9.137, 3.503];
  mean(r, 'beta').forEach((b, i) => near(b, beta[i]!, 0.047, `beta[${i}]`));
  near(mean(r, 'sigma')[0]!, 2.358, 0.034, 'sigma');
  // The loss decreased over the fit (it stays on the GPU until the end).
  assert.ok(r.losses[r.losses.length - 1]! < r.losses[0]!, 'loss decreased');
});

test('movielens: Adam lr 0.01, 5000 steps: mu_z means correlate with the generating values (r > 0.9)', async () => {
  const r = await fit('movielens', 5000, { name: 'adam', lr: 0.01 }, 5);
  const m = mean(r, 'mu_z');
  const truth = [-0.65, -0.17, 1.66, 0.66, -1.64];
  const corr = correlation(m, truth);
  assert.ok(corr > 0.9, `correlation ${corr} (means ${m})`);
});

test.after(() => ctx?.destroy());
test.run();
