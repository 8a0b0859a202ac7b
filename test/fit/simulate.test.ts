// Forward simulation against closed forms (prior and posterior predictive) and its trace against the model's joint log-density.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { checkProgram } from '../support/examples.js';
import { loadData } from '../../src/data/load.js';
import type { CheckedProgram } from '../../src/check/typed.js';
import type { BoundArray, BoundData } from '../../src/data/bound.js';
import { simulate, SimulateError, type Simulation } from '../../src/infer/simulate.js';
import { newCtx, total } from '../../src/lower/lower-program.js';
import { lowerBlock } from '../../src/lower/block.js';
import { plateAxis, plateById } from '../../src/lower/ctx.js';
import { scalar } from '../../src/lower/values.js';
import { evaluate } from '../../src/ir/interp.js';
import { loadModel } from '../../src/api/library.js';

async function program(source: string, file: string): Promise<CheckedProgram> {
  return (await checkProgram(source, file)).checked!;
}

function data(p: CheckedProgram, json: string): BoundData {
  const r = loadData(p, json, 'd.json', { observedOptional: true });
  assert.ok(r.data, JSON.stringify(r.diagnostics));
  return r.data!;
}

function moments(xs: Float64Array): { mean: number; sd: number } {
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, sd: Math.sqrt(v) };
}

/** Mean and sd of n draws within 3 standard errors of a Normal's (se of the sd: sigma / sqrt(2n)). */
function closeToNormal(xs: Float64Array, mu: number, sigma: number, what: string): void {
  const m = moments(xs);
  const n = xs.length;
  assert.ok(Math.abs(m.mean - mu) < (3 * sigma) / Math.sqrt(n), `${what}: mean ${m.mean} vs ${mu}`);
  assert.ok(
    Math.abs(m.sd - sigma) < (3 * sigma) / Math.sqrt(2 * n),
    `${what}: sd ${m.sd} vs ${sigma}`,
  );
}

const site = (s: Simulation, name: string) => s.sites.find((x) => x.name === name)!;

const NORMAL_NORMAL = `data y: real
model {
  sample z ~ Normal(0, 1)
  observe y ~ Normal(z, 1)
}
`;

test('prior predictive of a Normal-Normal model: y ~ Normal(0, sqrt 2), z ~ Normal(0, 1), within 3 SE at 10000 draws', async () => {
  const p = await program(NORMAL_NORMAL, 'nn.ppl');
  const sim = await simulate({
    checked: p,
    data: data(p, '{}'),
    from: 'prior',
    params: {},
    draws: 10000,
    seed: 3,
  });
  assert.is(sim.draws, 10000);
  closeToNormal(site(sim, 'y').values, 0, Math.SQRT2, 'y');
  closeToNormal(site(sim, 'z').values, 0, 1, 'z');
  assert.is(site(sim, 'y').role, 'observed');
});

const SCALE = readFileSync('examples/scale.ppl', 'utf8');

test("posterior predictive of scale's measurement at the exact posterior (a = 9.14, b = 0.6) is Normal(9.14, 0.96) within 3 SE", async () => {
  const p = await program(SCALE, 'examples/scale.ppl');
  const sim = await simulate({
    checked: p,
    data: data(p, '{"guess": 8.5}'),
    from: 'guide',
    params: { a: 9.14, b: 0.6 },
    draws: 10000,
    seed: 0,
  });
  closeToNormal(site(sim, 'measurement').values, 9.14, Math.hypot(0.6, 0.75), 'measurement');
  closeToNormal(site(sim, 'weight').values, 9.14, 0.6, 'weight');
});

test("posterior predictive after a fit: measurement ~ Normal(a, sqrt(b^2 + 0.75^2)) at the fit's params, a near 9.14", async () => {
  const m = await loadModel(SCALE, 'examples/scale.ppl');
  const fit = await m.fit(m.data({ guess: 8.5, measurement: 9.5 }), {
    backend: 'cpu',
    steps: 2000,
    seed: 1,
  });
  const params = fit.toJSON().params as { a: number; b: number };
  assert.ok(Math.abs(params.a - 9.14) < 0.2, `a = ${params.a}`);
  const p = await program(SCALE, 'examples/scale.ppl');
  const sim = await simulate({
    checked: p,
    data: data(p, '{"guess": 8.5}'),
    from: 'guide',
    params,
    draws: 10000,
    seed: 5,
  });
  closeToNormal(site(sim, 'measurement').values, params.a, Math.hypot(params.b, 0.75), 'fitted');
});

/**
 * The model's joint log-density at one draw's values, by the model lowering itself: every latent bound to its
 * traced value, every observed site's data set to its traced value.
 */
function jointAt(p: CheckedProgram, d: BoundData, sim: Simulation, draw: number): number {
  const ctx = newCtx(p, 'joint', { particles: 0, subsample: false });
  const arrays = new Map<string, BoundArray>(d.arrays);
  for (const s of sim.sites) {
    const per = s.values.length / sim.draws;
    const values = s.values.slice(draw * per, (draw + 1) * per);
    if (s.role === 'observed') {
      arrays.set(s.name, { shape: s.shape, values });
      continue;
    }
    const info = p.sites.find((x) => x.block === 'model' && x.name === s.name)!;
    const plates = info.plates.map((id) => plateById(ctx, id));
    for (const pl of plates) plateAxis(ctx, pl);
    arrays.set(`traced:${s.name}`, { shape: s.shape, values });
    ctx.sites.set(s.name, scalar(ctx.b.data(`traced:${s.name}`, info.plates)));
  }
  const model = lowerBlock(ctx, p.model, 'model');
  const fn = ctx.b.finish({ joint: total(ctx.b, model.terms) });
  const env = { sizes: d.sizes, data: arrays, params: new Map(), seed: 0, step: 0 };
  return evaluate(fn, env).get('joint')!.data[0]!;
}

for (const [name, json, from, params] of [
  ['scale', '{"guess": 8.5}', 'prior', {}],
  ['coin', '{"N": 10}', 'prior', {}],
  ['eight_schools', readFileSync('examples/eight_schools.json', 'utf8'), 'prior', {}],
  ['sleep', '{}', 'prior', {}],
] as const) {
  test(`--trace: log_prob_sum of ${name} equals the model's joint log-density of the same values`, async () => {
    const p = await program(readFileSync(`examples/${name}.ppl`, 'utf8'), `examples/${name}.ppl`);
    const d = data(p, json);
    const sim = await simulate({ checked: p, data: d, from, params, draws: 20, seed: 7 });
    for (let k = 0; k < sim.draws; k++) {
      const want = jointAt(p, d, sim, k);
      const got = sim.logProbSum[k]!;
      assert.ok(Number.isFinite(got), `${name} draw ${k}: ${got}`);
      assert.ok(
        Math.abs(got - want) < 1e-9 * Math.max(1, Math.abs(want)),
        `${name} draw ${k}: ${got} vs ${want}`,
      );
    }
  });
}

test("--trace of scale by hand: each site its Normal log-density, their sum the draw's", async () => {
  const p = await program(SCALE, 'examples/scale.ppl');
  const sim = await simulate({
    checked: p,
    data: data(p, '{"guess": 8.5}'),
    from: 'guide',
    params: { a: 9, b: 0.5 },
    draws: 5,
    seed: 1,
  });
  const logN = (x: number, m: number, s: number): number =>
    -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  for (let k = 0; k < 5; k++) {
    const w = site(sim, 'weight').values[k]!;
    const y = site(sim, 'measurement').values[k]!;
    const lw = logN(w, 8.5, 1);
    const ly = logN(y, w, 0.75);
    assert.ok(Math.abs(site(sim, 'weight').logProb[k]! - lw) < 1e-9);
    assert.ok(Math.abs(site(sim, 'measurement').logProb[k]! - ly) < 1e-9);
    assert.ok(Math.abs(sim.logProbSum[k]! - (lw + ly)) < 1e-9);
  }
});

test('sleep: a discrete latent the guide leaves out is drawn from its exact posterior (P(feeling_lazy) = 0.1974)', async () => {
  const p = await program(readFileSync('examples/sleep.ppl', 'utf8'), 'examples/sleep.ppl');
  const sim = await simulate({
    checked: p,
    data: data(p, '{"amount_slept": 6}'),
    from: 'guide',
    params: {},
    draws: 10000,
    seed: 2,
  });
  const lazy = moments(site(sim, 'feeling_lazy').values).mean;
  // Binomial se: sqrt(0.1974 * 0.8026 / 10000) = 0.004.
  assert.ok(Math.abs(lazy - 0.1974) < 0.012, `P(feeling_lazy = 1) = ${lazy}`);
  // ignore_alarm exists only where feeling_lazy = 1.
  const ig = site(sim, 'ignore_alarm').values;
  const lz = site(sim, 'feeling_lazy').values;
  for (let k = 0; k < 10000; k++) assert.is(Number.isNaN(ig[k]!), lz[k] === 0);
});

test('posterior predictive: a param missing or of the wrong shape is an error naming it', async () => {
  const p = await program(SCALE, 'examples/scale.ppl');
  const d = data(p, '{"guess": 8.5}');
  const error = async (params: Record<string, unknown>): Promise<unknown> =>
    simulate({ checked: p, data: d, from: 'guide', params, draws: 10, seed: 0 }).then(
      () => null,
      (e: unknown) => e,
    );
  const missing = await error({ a: 9 });
  assert.ok(missing instanceof SimulateError && /'b'/.test(missing.message), String(missing));
  const shape = await error({ a: [9, 1], b: 1 });
  assert.ok(shape instanceof SimulateError && /'a'/.test(shape.message), String(shape));
});

test('the same seed gives the same draws, another seed others', async () => {
  const p = await program(NORMAL_NORMAL, 'nn.ppl');
  const d = data(p, '{}');
  const a = await simulate({ checked: p, data: d, from: 'prior', params: {}, draws: 100, seed: 9 });
  const b = await simulate({ checked: p, data: d, from: 'prior', params: {}, draws: 100, seed: 9 });
  const c = await simulate({
    checked: p,
    data: d,
    from: 'prior',
    params: {},
    draws: 100,
    seed: 10,
  });
  assert.equal([...site(a, 'y').values], [...site(b, 'y').values]);
  assert.not.equal([...site(a, 'y').values], [...site(c, 'y').values]);
});

test.run();
