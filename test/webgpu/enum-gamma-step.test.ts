// Programs with iota (exact enumeration, triangular masks), Gamma/Beta guide draws (rng_gamma) and custom
// guides with their own copy of a wide plate run on the GPU: one step matches the CPU interpreter (loss and
// every gradient, the tolerance of step-matches-cpu), and sleep's enumerated posterior is the CPU's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitWebGpu } from '../../src/infer/webgpu-driver.js';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { assertOneStepMatches, options, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));
const SEED = 7;

const CASES: readonly { name: string; ppl: string; data: string; particles: number }[] = [
  { name: 'sleep', ppl: 'examples/sleep.ppl', data: 'examples/sleep.json', particles: 1 },
  {
    name: 'corr_mvn',
    ppl: 'test/programs/corr_mvn.ppl',
    data: 'test/programs/corr.json',
    particles: 1,
  },
  {
    name: 'gamma_beta',
    ppl: 'test/programs/gamma_beta.ppl',
    data: 'test/programs/gamma_beta.json',
    particles: 1,
  },
  {
    name: 'gamma_plate (boosted draws, 4 particles)',
    ppl: 'test/programs/gamma_plate.ppl',
    data: 'test/programs/gamma_plate.json',
    particles: 4,
  },
  {
    name: 'gamma_plate over a wide plate (the guide plate renamed to the model plate)',
    ppl: 'test/programs/gamma_plate.ppl',
    data: 'test/programs/gamma_plate_wide.json',
    particles: 2,
  },
  {
    name: 'plate_guide over a wide plate',
    ppl: 'test/programs/plate_guide.ppl',
    data: 'test/programs/plate_guide_wide.json',
    particles: 1,
  },
];

for (const c of CASES)
  test(`${c.name}: one step on the GPU matches the CPU (loss and every gradient)`, async () =>
    assertOneStepMatches(
      await prepareExample(c.name, c.particles, c.ppl, c.data),
      await gpu(),
      SEED,
      c.particles,
    ));

test('sleep on the GPU: P(feeling_lazy = 1) = 0.1974 and P(ignore_alarm = 1) = 0.0019', async () => {
  const prep = await prepareExample('sleep');
  const r = await fitWebGpu(prep, options(10, { name: 'adam', lr: 0.01 }, 0), await gpu());
  assert.is(r.divergence, null);
  assert.is(r.steps, 10);
  const mean = (site: string): number => r.latents.get(site)!.elements[0]!.mean;
  const lazy = mean('feeling_lazy');
  const ignore = mean('ignore_alarm');
  assert.ok(Math.abs(lazy - 0.1974) <= 5e-4, `P(feeling_lazy = 1) = ${lazy}`);
  assert.ok(Math.abs(ignore - 0.0019) <= 5e-4, `P(ignore_alarm = 1) = ${ignore}`);
});

test.after(() => ctx?.destroy());
test.run();
