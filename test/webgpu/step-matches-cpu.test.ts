// One SVI step of every fitted example on the GPU matches the CPU interpreter (see assertOneStepMatches).
import { test } from 'uvu';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { FITTED, assertOneStepMatches, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));
const SEED = 7;

for (const name of FITTED)
  test(`${name}: one step on the GPU matches the CPU (loss and every gradient)`, async () =>
    assertOneStepMatches(await prepareExample(name), await gpu(), SEED));

test.after(() => ctx?.destroy());
test.run();
