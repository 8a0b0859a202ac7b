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

test.after(() => ctx?.destroy());
test.run();
