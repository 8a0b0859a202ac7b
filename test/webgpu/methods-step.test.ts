// One step of every method on the GPU matches the CPU interpreter at a fixed seed (loss and every gradient): the
// contraction's log-mean-exps, the K-sample draws and the guide's parent mixing are the same on both, in the fused
// kernels and in the loop kernels (forced here; chosen by themselves for movielens at a K too wide to unroll).
import { test } from 'uvu';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { prepareFit } from '../../src/infer/prepare.js';
import { METHOD_NAMES } from '../../src/methods/methods.js';
import { assertOneStepMatches } from './helpers.js';
import { loadExample } from '../support/examples.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));

/** Small K keeps every value unrolled on the GPU. */
const PROGRAMS = [
  ['hier_gauss', 'test/programs/hier_gauss.ppl', 'test/programs/hier_gauss.json', 3],
  ['mixture', 'examples/mixture.ppl', 'examples/mixture.json', 4],
  ['chain', 'test/programs/mp_chain.ppl', 'test/programs/mp_chain.json', 5],
] as const;

for (const kernels of ['auto', 'loops'] as const)
  for (const method of METHOD_NAMES)
    for (const [name, ppl, json, K] of PROGRAMS)
      test(`${method}, ${name}, K = ${K}, ${kernels} kernels: one step on the GPU matches the CPU`, async () => {
        const ex = await loadExample(name, ppl, json, { method, K, particles: 2 });
        await assertOneStepMatches(
          prepareFit(ex.checked, ex.data, ex.objective),
          await gpu(),
          11,
          method === 'vi' ? 2 : 1,
          { kernels },
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

test('rws with discrete guide sites (Bernoulli draws, no reparameterisation), K = 4: GPU matches CPU', async () => {
  const ex = await loadExample(
    'mixture_guided',
    'test/programs/mixture_guided.ppl',
    'examples/mixture.json',
    { method: 'rws', K: 4 },
  );
  await assertOneStepMatches(prepareFit(ex.checked, ex.data, ex.objective), await gpu(), 11);
});

test.after(() => ctx?.destroy());
test.run();
