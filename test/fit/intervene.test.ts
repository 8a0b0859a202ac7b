// Pyro's condition and do (seed 001) on the chain z -> x -> y with y = 4 observed, and on a plated site: the posterior
// of z is Normal(1.5, 0.707) conditioned on x = 3, its prior Normal(0, 1) under do(x = 3), Normal(1.333, 0.816) with
// neither; on both backends. Names that are not latents and values of the wrong shape are clear errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel, PplcError, type FitOptions } from '../../src/api/library.js';

const read = (f: string): string => readFileSync(`test/programs/${f}`, 'utf8');
const within = (got: unknown, want: number, tol: number, what: string): void =>
  assert.ok(
    typeof got === 'number' && Math.abs(got - want) <= tol,
    `${what}: got ${String(got)}, want ${want} ± ${tol}`,
  );

// Four particles and a decaying rate: the params end within ~0.01 of the optimum (the guide is exact here).
const SETTINGS: FitOptions = { steps: 3000, lr: 0.05, lrDecay: 0.9985, particles: 4 };
const CASES = [
  { name: 'neither', options: {}, mean: 4 / 3, sd: Math.sqrt(2 / 3) },
  { name: 'condition x = 3', options: { condition: { x: 3 } }, mean: 1.5, sd: Math.sqrt(0.5) },
  { name: 'do x = 3', options: { do: { x: 3 } }, mean: 0, sd: 1 },
] as const;

for (const backend of ['cpu', 'webgpu'] as const)
  for (const c of CASES)
    test(`chain on ${backend}, ${c.name}: z ~ Normal(${c.mean.toFixed(3)}, ${c.sd.toFixed(3)}) ± 0.04`, async () => {
      const m = await loadModel(read('chain_guided.ppl'), 'chain_guided.ppl');
      const f = await m.fit({ y: 4 }, { ...SETTINGS, backend, ...c.options });
      assert.is(f.backend, backend);
      within(f.params.mz, c.mean, 0.04, 'z mean');
      within(f.params.sz, c.sd, 0.04, 'z sd');
      // x is data once conditioned or intervened on: no longer summarised as a latent.
      assert.equal(Object.keys(f.summary()).sort(), c.name === 'neither' ? ['x', 'z'] : ['z']);
    });

test('an auto guide drops the site: AutoMultivariateNormal on the chain, condition x = 3', async () => {
  const m = await loadModel(read('chain.ppl'), 'chain.ppl');
  const f = await m.fit(
    { y: 4 },
    { ...SETTINGS, backend: 'cpu', condition: { x: 3 }, draws: 10000 },
  );
  // Summaries from 10000 guide draws: their standard error is 0.007.
  within(f.summary().z!.mean, 1.5, 0.05, 'z mean');
  within(f.summary().z!.sd, Math.sqrt(0.5), 0.04, 'z sd');
});

test('a plated site: hier_gauss with every theta[g] given; mu is Normal(2, 0.447) conditioned, Normal(0, 1) under do', async () => {
  const m = await loadModel(read('hier_gauss.ppl'), 'hier_gauss.ppl');
  const data = JSON.parse(read('hier_gauss.json')) as unknown;
  const theta = [1, 2, 3, 4];
  const c = await m.fit(data, { ...SETTINGS, backend: 'cpu', condition: { theta } });
  within(c.params['mu.loc'], 2, 0.04, 'conditioned mu mean');
  within(c.params['mu.scale'], Math.sqrt(1 / 5), 0.03, 'conditioned mu sd');
  const d = await m.fit(data, { ...SETTINGS, backend: 'cpu', do: { theta } });
  within(d.params['mu.loc'], 0, 0.04, 'intervened mu mean');
  within(d.params['mu.scale'], 1, 0.04, 'intervened mu sd');
});

const failsWith = async (file: string, data: unknown, o: FitOptions, re: RegExp): Promise<void> => {
  const m = await loadModel(read(file), file);
  try {
    await m.fit(data, { steps: 5, backend: 'cpu', ...o });
  } catch (e) {
    assert.instance(e, PplcError);
    assert.match((e as Error).message, re);
    return;
  }
  assert.unreachable(`no error for ${JSON.stringify(o)}`);
};

test('names that are not latents of the model, and values that do not fit, are errors saying why', async () => {
  const hier = JSON.parse(read('hier_gauss.json')) as unknown;
  await failsWith('hier_gauss.ppl', hier, { condition: { y: 1 } }, /'y': it is a data name/);
  await failsWith(
    'chain.ppl',
    { y: 4 },
    { do: { q: 1 } },
    /no latent of that name \(its latents: z, x\)/,
  );
  await failsWith('chain_guided.ppl', { y: 4 }, { do: { mz: 1 } }, /a param of the guide/);
  await failsWith(
    'hier_gauss.ppl',
    hier,
    { condition: { theta: [1, 2, 3] } },
    /'theta' on must be nested arrays of shape \[4\]/,
  );
  await failsWith('chain.ppl', { y: 4 }, { do: { x: [3] } }, /'x' on must be a single number/);
  await failsWith('chain.ppl', { y: 4 }, { do: { x: 1 }, condition: { x: 1 } }, /twice/);
});

test.run();
