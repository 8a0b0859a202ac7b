// Library misuse the fuzz suite (test/fuzz) found escaping as TypeErrors or RangeErrors, or never returning: each is now
// a PplcError naming the argument. A non-string program or DataText, values String() cannot show, options far beyond
// any use (1e300 particles was a RangeError, 1e300 draws never returned), and data elements left undefined.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { DataText, loadModel, PplcError } from '../../src/api/library.js';

const source = readFileSync('examples/scale.ppl', 'utf8');
const data = { guess: 8.5, measurement: 9.5 };
const fails = async (f: () => unknown, re: RegExp): Promise<void> => {
  try {
    await f();
    assert.unreachable('accepted');
  } catch (e) {
    assert.instance(e, PplcError);
    assert.match((e as Error).message, re);
  }
};

test("loadModel's source and file must be strings", async () => {
  await fails(
    () => loadModel(123 as never),
    /loadModel's source must be the program's text, got 123/,
  );
  await fails(() => loadModel(null as never), /got null/);
  await fails(
    () => loadModel(source, {} as never),
    /loadModel's file must be a name for the program, got an object/,
  );
});

test("DataText's text and file must be strings", async () => {
  await fails(
    () => new DataText(3 as never, 'd.json'),
    /DataText's text must be the data file's text, got 3/,
  );
  await fails(
    () => new DataText('{}', null as never),
    /DataText's file must be the data file's name, got null/,
  );
});

test('a value without a prototype, a symbol or a BigInt is shown in the message, not a TypeError', async () => {
  const m = await loadModel(source, 'scale.ppl');
  await fails(
    () => m.fit(data, { steps: Object.create(null) as never }),
    /option 'steps' must be .*, got an object/,
  );
  await fails(() => m.fit(data, { seed: 10n as never }), /got 10n/);
  const f = await m.fit(data, { backend: 'cpu', steps: 5 });
  await fails(() => f.sample(Object.create(null) as never), /sample's n must be .*, got an object/);
  await fails(() => f.sample(3, Symbol('s') as never), /got Symbol\(s\)/);
});

test('particles, K, draws, importance samples and evidence draws have maxima', async () => {
  const m = await loadModel(source, 'scale.ppl');
  await fails(
    () => m.fit(data, { particles: 1e300 }),
    /option 'particles' must be a positive integer up to 100000, got 1e\+300/,
  );
  await fails(
    () => m.fit(data, { method: 'mp-vi', K: 2 ** 40 }),
    /option 'K' must be a positive integer up to 10000/,
  );
  await fails(
    () => m.fit(data, { draws: 1e300 }),
    /option 'draws' must be an integer of at least 1000 and up to 10000000/,
  );
  await fails(() => m.fit(data, { importanceSamples: 1e9 }), /up to 10000000/);
  await fails(() => m.fit(data, { evidenceDraws: 1e9 }), /up to 100000/);
});

test('a data element left undefined (a sparse array) is named as undefined', async () => {
  const m = await loadModel(
    'data N: int\ndata y: real[N]\nmodel { plate i in N { observe y[i] ~ Normal(0, 1) } }',
    'p.ppl',
  );
  const y = [1, 2];
  delete y[0];
  await fails(
    () => m.data({ N: 2, y }),
    /y\[0\] of member 'y' should be a number, but it is undefined/,
  );
  await fails(() => m.data(undefined), /not undefined/);
});

test.run();
