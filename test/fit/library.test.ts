// The library as an app uses it: options from the one table (checked, defaulted), data as objects, the new erf
// built-in fitted on both backends to the same answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel, PplcError } from '../../src/index.js';

// y = erf(a x) + noise with a = 0.7: the posterior of a concentrates near 0.7.
const SOURCE = `data N: int
data x: real[N]
data y: real[N]
model {
  sample a ~ Normal(0, 1)
  plate i in N {
    observe y[i] ~ Normal(erf(a * x[i]), 0.1)
  }
}
`;
const xs = Array.from({ length: 41 }, (_, i) => i / 10 - 2);
// A fixed wiggle in place of noise keeps the data deterministic.
const DATA = { N: xs.length, x: xs, y: xs.map((x, i) => erfRef(0.7 * x) + 0.05 * Math.sin(7 * i)) };

/** erf by its Taylor series (|x| <= 1.4 here): converges to double precision. */
function erfRef(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

test('erf fits on the CPU and on WebGPU to the same posterior', async () => {
  const m = await loadModel(SOURCE, 'erf.ppl');
  const opts = { steps: 2000, seed: 3 } as const;
  const cpu = await m.fit(DATA, { ...opts, backend: 'cpu' });
  const gpu = await m.fit(DATA, { ...opts, backend: 'webgpu' });
  assert.is(gpu.backend, 'webgpu');
  const a = (f: typeof cpu): number => f.summary().a!.mean as number;
  assert.ok(Math.abs(a(cpu) - 0.7) < 0.05, `cpu: a = ${a(cpu)}`);
  // Same seed, same draws: float32 against float64 over 2000 Adam steps.
  assert.ok(Math.abs(a(gpu) - a(cpu)) < 1e-3, `gpu ${a(gpu)} vs cpu ${a(cpu)}`);
});

test('options come from the table: defaults, and a bad value names the option', async () => {
  const m = await loadModel(SOURCE, 'erf.ppl');
  const fit = await m.fit(DATA, { backend: 'cpu', steps: 5, optimizer: 'sgd' });
  assert.is(fit.steps, 5);
  for (const [opts, want] of [
    [{ steps: 0 }, /option 'steps' must be a positive integer up to 100000000, got 0/],
    [{ lrDecay: 2 }, /option 'lrDecay' must be in \(0, 1\], got 2/],
    [{ draws: 10 }, /option 'draws' must be an integer of at least 1000/],
    [{ optimizer: 'rmsprop' }, /option 'optimizer' must be one of adam, sgd, clipped-adam/],
  ] as const) {
    try {
      await m.fit(DATA, opts as never);
      assert.unreachable(`${JSON.stringify(opts)} was accepted`);
    } catch (e) {
      assert.instance(e, PplcError);
      assert.match((e as Error).message, want);
    }
  }
});

test('bad data is a PplcError naming the member', async () => {
  const m = await loadModel(SOURCE, 'erf.ppl');
  try {
    await m.fit({ ...DATA, y: [1, 2] }, { backend: 'cpu', steps: 5 });
    assert.unreachable('ragged data was accepted');
  } catch (e) {
    assert.instance(e, PplcError);
    assert.match((e as Error).message, /\by\b/);
  }
});

test.run();
