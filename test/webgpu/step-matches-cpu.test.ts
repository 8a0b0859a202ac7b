// One SVI step of every fitted example on the GPU matches the CPU interpreter (see assertOneStepMatches), in the
// kernels the planner chooses and in the loop kernels (the planner's fallback), where they can run the program.
import { test } from 'uvu';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { FITTED, assertOneStepMatches, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));
const SEED = 7;

for (const kernels of ['auto', 'loops'] as const)
  for (const name of FITTED)
    test(`${name}, ${kernels} kernels: one step on the GPU matches the CPU (loss and every gradient)`, async () =>
      assertOneStepMatches(await prepareExample(name), await gpu(), SEED, 1, { kernels }));

// A guide sampling discrete sites: the score-function term and its leave-one-out baseline over 4 particles.
test('sleep with a hand-written discrete guide, 4 particles: one step on the GPU matches the CPU', async () =>
  assertOneStepMatches(
    await prepareExample(
      'sleep_guided',
      4,
      'test/programs/sleep_guided.ppl',
      'test/programs/sleep_guided.json',
    ),
    await gpu(),
    SEED,
  ));

test.after(() => ctx?.destroy());
test.run();
