// A diverged fit reports the last usable params (issue 12): a positive param that overflowed to exp(9999) = ∞ was
// printed as Infinity in the table and null in --json; now the params of the last finite step are reported, every
// value finite and inside its constraint, and the latents are summarised at them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, PplcError } from '../../src/index.js';
import { reportedParams, unusableParam } from '../../src/infer/last-finite.js';
import type { StepResult } from '../../src/infer/fit-result.js';
import type { ParamState } from '../../src/infer/step-input.js';
import { pplc } from '../fit/cli-run.js';

// The first SGD step (lr 1) moves log s by -(1 - y²/s²) = 9999: s = exp(9999) overflows, the next loss is not finite.
const OVERFLOW = 'data y: real\nmodel {\n  param s: positive = 1\n  observe y ~ Normal(0, s)\n}\n';
const sgd = { backend: 'cpu', optimizer: 'sgd', lr: 1, steps: 100 } as const;

async function diverged(source: string, data: unknown, opts: object): Promise<PplcError> {
  const m = await loadModel(source, 'div.ppl');
  try {
    await m.fit(data, opts);
  } catch (e) {
    if (e instanceof PplcError && e.fit) return e;
    throw e;
  }
  throw new Error('the fit did not diverge');
}

test('an overflowed positive param: the params of the last finite step are reported', async () => {
  const e = await diverged(OVERFLOW, { y: 100 }, sgd);
  assert.is(e.fit!.divergence!.step, 2);
  assert.equal(e.fit!.params, { s: 1 });
});

test('a scale that underflowed to 0 (onto its bound) is not reported; the latents are drawn at usable params', async () => {
  const src =
    'data guess: real\ndata measurement: real\nmodel {\n  sample weight ~ Normal(guess, 1.0)\n  observe measurement ~ Normal(weight, 0.75)\n}\nguide {\n  param a = guess\n  param b: positive = 1.0\n  sample weight ~ Normal(a, b)\n}\n';
  const e = await diverged(src, { guess: 8.5, measurement: 9.5 }, { ...sgd, lr: 1000 });
  const { a, b } = e.fit!.params as { a: number; b: number };
  assert.ok(Number.isFinite(a) && b > 0 && Number.isFinite(b), `a = ${a}, b = ${b}`);
  const w = e.fit!.summary().weight!;
  assert.ok(Number.isFinite(w.mean as number) && (w.sd as number) > 0, JSON.stringify(w));
});

test('on WebGPU too: the params before the overflowing update, the same as the CPU reports', async () => {
  const e = await diverged(OVERFLOW, { y: 100 }, { ...sgd, backend: 'webgpu' });
  assert.is(e.fit!.backend, 'webgpu');
  assert.is(e.fit!.divergence!.step, 2);
  assert.equal(e.fit!.params, { s: 1 });
  const src =
    'data guess: real\ndata measurement: real\nmodel {\n  sample weight ~ Normal(guess, 1.0)\n  observe measurement ~ Normal(weight, 0.75)\n}\nguide {\n  param a = guess\n  param b: positive = 1.0\n  sample weight ~ Normal(a, b)\n}\n';
  const cpu = await diverged(src, { guess: 8.5, measurement: 9.5 }, { ...sgd, lr: 1000 });
  const gpu = await diverged(
    src,
    { guess: 8.5, measurement: 9.5 },
    { ...sgd, lr: 1000, backend: 'webgpu' },
  );
  assert.equal(gpu.fit!.params, cpu.fit!.params);
});

test('the CLI table and --json show finite params after a divergence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pplc-div-'));
  writeFileSync(join(dir, 'div.ppl'), OVERFLOW);
  writeFileSync(join(dir, 'div.json'), '{"y": 100}');
  const args = ['fit', join(dir, 'div.ppl'), '--data', join(dir, 'div.json'), '--backend', 'cpu'];
  const flags = ['--optimizer', 'sgd', '--lr', '1', '--steps', '100'];
  const table = pplc([...args, ...flags]);
  assert.is(table.status, 1);
  assert.match(table.stdout, /^s\s+1\.000$/m);
  assert.not.match(table.stdout, /Infinity|NaN/);
  const json = pplc([...args, ...flags, '--json']);
  assert.is(json.status, 1);
  assert.equal((JSON.parse(json.stdout) as { params: unknown }).params, { s: 1 });
});

test('one rule for every driver: params in force unless unusable, then `before` where the driver kept it', () => {
  const param = (u: number): ParamState => ({
    decl: { name: 's', axes: [], constraint: { kind: 'positive' }, block: 'model' },
    shape: [],
    values: Float64Array.of(u),
  });
  const run = (u: number, before?: number): StepResult => ({
    steps: 1,
    seconds: 0,
    losses: new Float64Array(1),
    params: [param(u)],
    estimates: new Map(),
    divergence: { step: 2, message: 'the loss became non-finite at step 2' },
    ...(before === undefined ? {} : { before: [param(before)] }),
  });
  assert.is(unusableParam([param(3)]), null);
  assert.is(unusableParam([param(800)]), 's'); // exp(800) = ∞
  assert.is(unusableParam([param(-800)]), 's'); // exp(-800) = 0, on the bound
  assert.is(unusableParam([param(NaN)]), 's');
  assert.is(reportedParams(run(3, 0))[0]!.values[0], 3);
  assert.is(reportedParams(run(800, 0))[0]!.values[0], 0);
  assert.is(reportedParams(run(800))[0]!.values[0], 800); // a driver without `before` reports what it has
});

test.run();
