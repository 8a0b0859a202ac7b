// `x ^ y` lowers to pow (issue 12's fuzzing found the checker accepting it and lowering failing with an internal
// error): right-associative as docs/language.md says, and fitted on both backends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel } from '../../src/api/library.js';

const src = (mean: string): string =>
  `data x: real\nmodel {\n  param w = 0.5\n  observe x ~ Normal(${mean}, 1)\n}\n`;

for (const backend of ['cpu', 'webgpu'] as const)
  test(`w ^ 2 fits its maximum likelihood w = 2 for x = 4 (${backend})`, async () => {
    const m = await loadModel(src('w ^ 2'), 'pow.ppl');
    const f = await m.fit({ x: 4 }, { steps: 2000, lr: 0.05, backend });
    assert.ok(Math.abs((f.params.w as number) - 2) < 1e-3, String(f.params.w));
  });

test('2 ^ 3 ^ w is 2 ^ (3 ^ w): the loss at w = 0.5 is that of mean 2 ^ sqrt(3)', async () => {
  const m = await loadModel(src('2 ^ 3 ^ w'), 'pow.ppl');
  const f = await m.fit({ x: 0 }, { steps: 1, lr: 1e-12, backend: 'cpu' });
  const mean = 2 ** Math.sqrt(3);
  const want = 0.5 * mean * mean + 0.5 * Math.log(2 * Math.PI);
  assert.ok(Math.abs(f.losses[0]! - want) < 1e-9, `${f.losses[0]} vs ${want}`);
});

test.run();
