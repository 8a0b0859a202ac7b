// The loop kernels (many samples per latent: stored values, reductions as loops) match the CPU interpreter at one
// step of every method, on programs the fused kernels also run and on movielens at a K too wide to unroll.
import { test } from 'uvu';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { prepareFit } from '../../src/infer/prepare.js';
import { METHOD_NAMES } from '../../src/methods/methods.js';
import { assertOneStepMatches } from './helpers.js';
import { loadExample } from '../support/examples.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));

const PROGRAMS = [
  ['hier_gauss', 'test/programs/hier_gauss.ppl', 'test/programs/hier_gauss.json', 3],
  ['mixture', 'examples/mixture.ppl', 'examples/mixture.json', 4],
  ['chain', 'test/programs/mp_chain.ppl', 'test/programs/mp_chain.json', 5],
] as const;

for (const method of METHOD_NAMES)
  for (const [name, ppl, json, K] of PROGRAMS)
    test(`loop kernels: ${method}, ${name}, K = ${K}: one step matches the CPU`, async () => {
      const ex = await loadExample(name, ppl, json, { method, K, particles: 2 });
      await assertOneStepMatches(
        prepareFit(ex.checked, ex.data, ex.objective),
        await gpu(),
        11,
        method === 'vi' ? 2 : 1,
        { kernels: 'loops' },
      );
    });

for (const method of ['mp-vi', 'rws', 'qem'] as const)
  test(`movielens by ${method}, K = 12 (too wide to unroll): one step on the GPU matches the CPU`, async () => {
    const ex = await loadExample('movielens', undefined, undefined, { method, K: 12 });
    // log P_MP here is about -3500 nats: float32 carries its terms to about 4e-4, so the importance weights (and
    // the gradients, differences of weighted terms) agree to about 1e-3 of the largest gradient of each param.
    await assertOneStepMatches(
      prepareFit(ex.checked, ex.data, ex.objective),
      await gpu(),
      5,
      1,
      {},
      1e-3,
    );
  });

test.after(() => ctx?.destroy());
test.run();
