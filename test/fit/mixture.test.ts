// The mixture example (a Bernoulli per point inside the plate, summed out point by point; a Beta weight; the branches
// by `if`): the weight's posterior against the exact one by 1-D quadrature, on both backends and by mp-vi.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel } from '../../src/index.js';

const FILE = 'examples/mixture.ppl';
const DATA = JSON.parse(readFileSync('examples/mixture.json', 'utf8')) as {
  N: number;
  y: number[];
};

/** The posterior of w (flat prior) by the midpoint rule on 20000 cells: mean and sd. */
function exactWeight(): { mean: number; sd: number } {
  const n = 20000;
  const phi = (x: number): number => Math.exp(-0.5 * x * x);
  const logs = Array.from({ length: n }, (_, k) => {
    const w = (k + 0.5) / n;
    return DATA.y.reduce((a, y) => a + Math.log(w * phi(y - 3) + (1 - w) * phi(y + 1)), 0);
  });
  const top = Math.max(...logs);
  let z = 0;
  let m1 = 0;
  let m2 = 0;
  logs.forEach((l, k) => {
    const w = (k + 0.5) / n;
    const p = Math.exp(l - top);
    z += p;
    m1 += p * w;
    m2 += p * w * w;
  });
  return { mean: m1 / z, sd: Math.sqrt(m2 / z - (m1 / z) ** 2) };
}
const EXACT = exactWeight();

for (const backend of ['cpu', 'webgpu'] as const)
  test(`vi on ${backend}: the weight's posterior (guide draws) matches quadrature`, async () => {
    const m = await loadModel(readFileSync(FILE, 'utf8'), FILE);
    const f = await m.fit(DATA, { steps: 3000, backend, seed: 1 });
    assert.is(f.backend, backend);
    const w = f.summary().w!;
    // AutoNormal is a logit-normal: close to, not exactly, the posterior's shape.
    assert.ok(
      Math.abs((w.mean as number) - EXACT.mean) < 0.01,
      `mean ${String(w.mean)} vs ${EXACT.mean}`,
    );
    assert.ok(
      Math.abs((w.sd as number) - EXACT.sd) < 0.15 * EXACT.sd,
      `sd ${String(w.sd)} vs ${EXACT.sd}`,
    );
    // Each point's component: the points far on either side are certain.
    const z = f.summary().z!.mean as number[];
    DATA.y.forEach((y, i) => {
      if (y > 4.5) assert.ok(z[i]! > 0.99, `z[${i}] = ${z[i]} for y = ${y}`);
      if (y < -2.5) assert.ok(z[i]! < 0.01, `z[${i}] = ${z[i]} for y = ${y}`);
    });
  });

test('mp-vi, K = 30: the importance-weighted moments of the weight match quadrature', async () => {
  const m = await loadModel(readFileSync(FILE, 'utf8'), FILE);
  const f = await m.fit(DATA, { method: 'mp-vi', K: 30, steps: 1500, backend: 'cpu', seed: 1 });
  const w = f.toJSON().posterior!.w!;
  assert.ok(Math.abs((w.mean as number) - EXACT.mean) < 0.1 * EXACT.sd, `mean ${String(w.mean)}`);
  assert.ok(Math.abs((w.sd as number) - EXACT.sd) < 0.1 * EXACT.sd, `sd ${String(w.sd)}`);
});

test('rws fits a guide that samples the discrete components itself; mp-vi refuses it (E0705)', async () => {
  const file = 'test/programs/mixture_guided.ppl';
  const m = await loadModel(readFileSync(file, 'utf8'), file);
  const f = await m.fit(DATA, { method: 'rws', K: 10, steps: 1500, backend: 'cpu', seed: 2 });
  const w = f.toJSON().posterior!.w!;
  assert.ok(Math.abs((w.mean as number) - EXACT.mean) < 0.3 * EXACT.sd, `mean ${String(w.mean)}`);
  assert.ok(Math.abs((w.sd as number) - EXACT.sd) < 0.2 * EXACT.sd, `sd ${String(w.sd)}`);
  await m.fit(DATA, { method: 'mp-vi', K: 4, steps: 10, backend: 'cpu' }).then(
    () => assert.unreachable('mp-vi fitted a discrete guide site'),
    (e: Error) => assert.match(e.message, /E0705.*--method rws/s),
  );
});

test('posterior draws of a program with enumerated sites (fit.sample) hold the continuous latents', async () => {
  const m = await loadModel(readFileSync(FILE, 'utf8'), FILE);
  const f = await m.fit(DATA, { steps: 50, backend: 'cpu', seed: 1 });
  const s = f.sample(5);
  assert.equal(Object.keys(s), ['w']);
  assert.is((s.w as number[]).length, 5);
  (s.w as number[]).forEach((w) => assert.ok(w > 0 && w < 1, String(w)));
});

test.run();
