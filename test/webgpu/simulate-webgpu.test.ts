// pplc simulate on WebGPU: the same draws as the CPU interpreter at a seed (float32 against float64), and the prior
// predictive's moments on the GPU against closed forms.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { checkProgram } from '../support/examples.js';
import { loadData } from '../../src/data/load.js';
import type { CheckedProgram } from '../../src/check/typed.js';
import type { BoundData } from '../../src/data/bound.js';
import { simulate, type Simulation, type SimulateRequest } from '../../src/infer/simulate.js';
import { simulateOn } from '../../src/pipeline/simulate-run.js';

async function request(
  file: string,
  json: string,
  rest: Omit<SimulateRequest, 'checked' | 'data'>,
  source = readFileSync(file, 'utf8'),
): Promise<SimulateRequest> {
  const checked: CheckedProgram = (await checkProgram(source, file)).checked!;
  const r = loadData(checked, json, 'd.json', { observedOptional: true });
  assert.ok(r.data, JSON.stringify(r.diagnostics));
  return { checked, data: r.data as BoundData, ...rest };
}

async function onGpu(req: SimulateRequest): Promise<Simulation> {
  const run = await simulateOn(req, 'webgpu', 'test.ppl');
  assert.is(run.backend, 'webgpu');
  return run.sim;
}

/**
 * Every site's values and log-densities, and each draw's sum, agree: continuous ones within 1e-4 relative (to 1 +
 * the CPU's magnitude: float32 draws carry ~1e-7 relative error, a log-density a few ulps of its terms), discrete
 * ones and where a site exists (NaN) exactly. The seeds are ones where no uniform falls within float32 rounding of
 * a discrete threshold: any such draw would fail the exact comparison, and the test say which.
 */
function assertSame(cpu: Simulation, gpu: Simulation, discrete: readonly string[] = []): void {
  assert.is(gpu.draws, cpu.draws);
  const close = (a: Float64Array, b: Float64Array, exact: boolean, what: string): void => {
    assert.is(b.length, a.length, what);
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [a[i]!, b[i]!];
      if (Number.isNaN(x) || exact) {
        assert.ok(Object.is(x, y), `${what}[${i}]: cpu ${x}, gpu ${y}`);
        continue;
      }
      assert.ok(Math.abs(x - y) <= 1e-4 * (1 + Math.abs(x)), `${what}[${i}]: cpu ${x}, gpu ${y}`);
    }
  };
  cpu.sites.forEach((s, k) => {
    const g = gpu.sites[k]!;
    assert.is(g.name, s.name);
    close(s.values, g.values, discrete.includes(s.name), `${s.name} values`);
    close(s.logProb, g.logProb, false, `${s.name} log_prob`);
  });
  close(cpu.logProbSum, gpu.logProbSum, false, 'log_prob_sum');
}

const site = (s: Simulation, name: string) => s.sites.find((x) => x.name === name)!;

const mean = (xs: Float64Array): number => xs.reduce((a, x) => a + x, 0) / xs.length;

function closeToNormal(xs: Float64Array, mu: number, sigma: number, what: string): void {
  const m = mean(xs);
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
  const n = xs.length;
  assert.ok(Math.abs(m - mu) < (3 * sigma) / Math.sqrt(n), `${what}: mean ${m} vs ${mu}`);
  assert.ok(Math.abs(sd - sigma) < (3 * sigma) / Math.sqrt(2 * n), `${what}: sd ${sd} vs ${sigma}`);
}

const NORMAL_NORMAL = `data y: real
model {
  sample z ~ Normal(0, 1)
  observe y ~ Normal(z, 1)
}
`;

test('scale, prior, 100000 draws (two chunk sizes, each chunk its own RNG step): the GPU draws the CPU draws', async () => {
  const req = await request('examples/scale.ppl', '{"guess": 8.5}', {
    from: 'prior',
    params: {},
    draws: 100000,
    seed: 11,
  });
  assertSame(await simulate(req), await onGpu(req));
});

test('scale, --params (the fitted guide): the GPU draws the CPU draws', async () => {
  const req = await request('examples/scale.ppl', '{"guess": 8.5}', {
    from: 'guide',
    params: { a: 9.14, b: 0.6 },
    draws: 2000,
    seed: 3,
  });
  assertSame(await simulate(req), await onGpu(req));
});

test('Normal-Normal prior predictive on the GPU: the CPU draws, and y ~ Normal(0, sqrt 2), z ~ Normal(0, 1) within 3 SE at 10000 draws', async () => {
  const req = await request(
    'nn.ppl',
    '{}',
    { from: 'prior', params: {}, draws: 10000, seed: 3 },
    NORMAL_NORMAL,
  );
  const gpu = await onGpu(req);
  assertSame(await simulate(req), gpu);
  closeToNormal(site(gpu, 'y').values, 0, Math.SQRT2, 'y');
  closeToNormal(site(gpu, 'z').values, 0, 1, 'z');
});

test('sleep, prior (discrete sites under an `if`): the same draws, NaN where ignore_alarm does not exist, P(feeling_lazy) = 0.9 within 3 SE at 10000 draws', async () => {
  const req = await request('examples/sleep.ppl', '{}', {
    from: 'prior',
    params: {},
    draws: 10000,
    seed: 5,
  });
  const gpu = await onGpu(req);
  assertSame(await simulate(req), gpu, ['feeling_lazy', 'ignore_alarm']);
  const lazy = mean(site(gpu, 'feeling_lazy').values);
  assert.ok(Math.abs(lazy - 0.9) < 3 * Math.sqrt((0.9 * 0.1) / 10000), `P(lazy) = ${lazy}`);
  // amount_slept ~ 0.9 (0.8 N(10, 1) + 0.2 N(8, 1)) + 0.1 N(6, 1): mean 9.24.
  const slept = mean(site(gpu, 'amount_slept').values);
  const sd = Math.sqrt(0.9 * (0.8 * 101 + 0.2 * 65) + 0.1 * 37 - 9.24 ** 2);
  assert.ok(Math.abs(slept - 9.24) < (3 * sd) / 100, `E[amount_slept] = ${slept}`);
});

test('sleep, --params: feeling_lazy drawn from its exact conditional given the data, on the GPU as on the CPU', async () => {
  const req = await request('examples/sleep.ppl', '{"amount_slept": 6}', {
    from: 'guide',
    params: {},
    draws: 2000,
    seed: 2,
  });
  const gpu = await onGpu(req);
  assertSame(await simulate(req), gpu, ['feeling_lazy', 'ignore_alarm']);
  const lazy = mean(site(gpu, 'feeling_lazy').values);
  assert.ok(Math.abs(lazy - 0.1974) < 3 * Math.sqrt((0.1974 * 0.8026) / 2000), `${lazy}`);
});

test.run();
