// Data as apps hold it: typed arrays (Float64Array, Float32Array, Int32Array) wherever an array of numbers goes,
// alone or as the rows of a matrix, bind and fit as the same nested arrays do; their bad elements are named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel, PplcError } from '../../src/api/library.js';

const linreg = JSON.parse(readFileSync('examples/linreg.json', 'utf8')) as {
  N: number;
  P: number;
  x: number[][];
  y: number[];
};
const settings = { backend: 'cpu', steps: 50, seed: 3 } as const;

test('Float64Array rows and vector fit exactly as nested arrays; Float32Array within float32 rounding', async () => {
  const m = await loadModel(readFileSync('examples/linreg.ppl', 'utf8'), 'linreg.ppl');
  const plain = await m.fit(linreg, settings);
  const f64 = await m.fit(
    { ...linreg, x: linreg.x.map((r) => Float64Array.from(r)), y: Float64Array.from(linreg.y) },
    settings,
  );
  assert.equal(f64.params, plain.params);
  const f32 = await m.fit(
    { ...linreg, x: linreg.x.map((r) => Float32Array.from(r)), y: Float32Array.from(linreg.y) },
    settings,
  );
  for (const [k, v] of Object.entries(plain.params))
    if (typeof v === 'number')
      assert.ok(Math.abs((f32.params[k] as number) - v) < 1e-3 * Math.max(1, Math.abs(v)), k);
});

test('an Int32Array for int data; a typed array of the wrong length or with a fraction is named', async () => {
  const m = await loadModel(
    readFileSync('test/programs/dirichlet_categorical.ppl', 'utf8'),
    'dirichlet_categorical.ppl',
  );
  const d = JSON.parse(readFileSync('test/programs/dirichlet_categorical.json', 'utf8')) as {
    y: number[];
    alpha: number[];
  };
  const a = await m.fit(d, settings);
  const b = await m.fit(
    { ...d, y: Int32Array.from(d.y), alpha: Float64Array.from(d.alpha) },
    settings,
  );
  assert.equal(b.params, a.params);
  const bad = async (data: unknown, re: RegExp): Promise<void> => {
    try {
      await m.fit(data, settings);
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, PplcError);
      assert.match((e as Error).message, re);
    }
  };
  await bad({ ...d, y: Float64Array.from([0, 1.5, ...d.y.slice(2)]) }, /y\[1\].*1\.5/);
  await bad({ ...d, alpha: Float32Array.from([1, 2]) }, /alpha/);
});

test.run();
