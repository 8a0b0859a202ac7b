// Subsampled plates on the GPU: one step matches the CPU (narrow and wide batches) and a fit gets its posterior.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitWebGpu } from '../../src/infer/webgpu-driver.js';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { planKernels } from '../../src/plan/plan-kernels.js';
import { PlanUnsupported } from '../../src/plan/unsupported.js';
import { assertOneStepMatches, options, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));
const DATA = 'test/programs/normal_mean.json';
const prep = (file: string) => prepareExample('normal_mean_subsample', 1, file, DATA);

test('normal_mean_subsample (batch 20, unrolled): one step on the GPU matches the CPU', async () => {
  const p = await prep('test/programs/normal_mean_subsample.ppl');
  for (const seed of [7, 123]) await assertOneStepMatches(p, await gpu(), seed);
});

test('batch 50 (a wide plate): one step on the GPU matches the CPU', async () => {
  const p = await prep('test/webgpu/normal_mean_subsample_wide.ppl');
  const plan = planKernels({
    fn: p.objective.fn,
    outputs: p.objective.outputs,
    sizes: new Map([['N', 200]]),
    dataShapes: new Map([['y', [200]]]),
    optimizerStateArrays: 1,
  });
  assert.equal(plan.wideAxes, ['i']);
  for (const seed of [7, 123]) await assertOneStepMatches(p, await gpu(), seed);
});

test('subsample fit on the GPU: the full-data posterior of a normal mean (as test/fit/guides)', async () => {
  const y = (JSON.parse(readFileSync(DATA, 'utf8')) as { y: number[] }).y;
  const ybar = y.reduce((s, v) => s + v, 0) / y.length;
  const prec = 1 / 100 + y.length;
  const r = await fitWebGpu(
    await prep('test/programs/normal_mean_subsample.ppl'),
    options(4000, { name: 'adam', lr: 0.01 }, 2),
    await gpu(),
  );
  assert.is(r.divergence, null);
  const mu = r.latents.get('mu')!.elements[0]!;
  const near = (got: number, want: number, tol: number, what: string): void =>
    assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);
  near(mu.mean, (y.length * ybar) / prec, 0.06, 'mu mean');
  near(mu.sd, 1 / Math.sqrt(prec), 0.04, 'mu sd');
});

test('a latent inside a subsampled plate is still PlanUnsupported, with the reason', async () => {
  const src = readFileSync('test/programs/normal_mean_subsample.ppl', 'utf8').replace(
    'observe y[i] ~ Normal(mu, 1)',
    'sample z[i] ~ Normal(mu, 1)\n    observe y[i] ~ Normal(z[i], 1)',
  );
  const file = join(mkdtempSync(join(tmpdir(), 'pplc-sub-')), 'latent.ppl');
  writeFileSync(file, src);
  const p = await prep(file);
  assert.throws(
    () =>
      planKernels({
        fn: p.objective.fn,
        outputs: p.objective.outputs,
        sizes: new Map([['N', 200]]),
        dataShapes: new Map([['y', [200]]]),
        optimizerStateArrays: 1,
      }),
    (e: unknown) =>
      e instanceof PlanUnsupported && /latent or param inside a subsampled plate/.test(e.message),
  );
});

test.after(() => ctx?.destroy());
test.run();
