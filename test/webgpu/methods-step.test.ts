// One step of every method on the GPU matches the CPU interpreter at a fixed seed (loss and every gradient): the
// contraction's log-mean-exps, the K-sample draws and the guide's parent mixing are the same on both.
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

for (const method of METHOD_NAMES)
  for (const [name, ppl, json, K] of PROGRAMS)
    test(`${method}, ${name}, K = ${K}: one step on the GPU matches the CPU`, async () => {
      const ex = await loadExample(name, ppl, json, { method, K, particles: 2 });
      await assertOneStepMatches(
        prepareFit(ex.checked, ex.data, ex.objective),
        await gpu(),
        11,
        method === 'vi' ? 2 : 1,
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
