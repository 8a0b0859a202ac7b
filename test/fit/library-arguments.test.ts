// The library's arguments are checked (issue 12): fit's options must be an object of known options (a misspelt one
// is an error, not a silent default), null means none, and sample's n and seed are integers in range.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel, PplcError } from '../../src/api/library.js';

const data = { guess: 8.5, measurement: 9.5 };
const model = () => loadModel(readFileSync('examples/scale.ppl', 'utf8'), 'scale.ppl');
const fails = async (f: () => unknown, re: RegExp): Promise<void> => {
  try {
    await f();
    assert.unreachable('accepted');
  } catch (e) {
    assert.instance(e, PplcError);
    assert.match((e as Error).message, re);
  }
};

test("fit's options: null is none; a misspelt, non-object or wrongly typed option is a PplcError naming it", async () => {
  const m = await model();
  const f = await m.fit(data, null as never);
  assert.is(f.steps, 1000);
  await fails(
    () => m.fit(data, { stpes: 2 } as never),
    /unknown fit option 'stpes' \(known: method/,
  );
  await fails(() => m.fit(data, 5 as never), /fit's options must be an object, got number/);
  await fails(() => m.fit(data, [] as never), /must be an object, got an array/);
  await fails(() => m.fit(data, { onProgress: 1 } as never), /'onProgress' must be a function/);
  await fails(() => m.fit(data, { condition: 3 } as never), /'condition' must be an object/);
});

test("sample's n and seed are integers in range", async () => {
  const f = await (await model()).fit(data, { backend: 'cpu', steps: 10 });
  await fails(() => f.sample(1.5), /sample's n must be an integer from 1 to 10000000, got 1\.5/);
  await fails(() => f.sample(0), /got 0/);
  await fails(() => f.sample(3, -1), /sample's seed must be an integer in \[0, 2\^32\), got -1/);
  assert.is((f.sample(3).weight as number[]).length, 3);
});

test.run();
