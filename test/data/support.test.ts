// Observed values outside their family's support are data errors naming the element (issue 12): an Exponential at
// -1, a Beta at 0 or 1.5, a Categorical value equal to K, a Binomial of 11 out of 10; values inside pass.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel, PplcError } from '../../src/api/library.js';

const good = {
  N: 3,
  K: 3,
  p: [0.2, 0.3, 0.5],
  e: [1, 0, 2],
  b: [0.5, 0.1, 0.9],
  c: [0, 2, 1],
  k: [2, 10, 3],
};
const model = async () =>
  loadModel(readFileSync('test/programs/observed_support.ppl', 'utf8'), 'observed_support.ppl');

test('values inside every support bind (0 is in an Exponential support, K - 1 and total_count are allowed)', async () => {
  (await model()).data(good);
});

const CASES: [string, unknown, RegExp][] = [
  [
    'e',
    [1, -1, 2],
    /e\[1\] is -1, but 'e' is observed from Exponential, whose values are not negative/,
  ],
  ['b', [0.5, 0, 0.5], /b\[1\] is 0, .*Beta, whose values lie strictly between 0 and 1/],
  ['b', [1.5, 0.5, 0.5], /b\[0\] is 1\.5/],
  [
    'c',
    [0, 3, 1],
    /c\[1\] is 3, .*Categorical, whose values are at most 2 here \(3 categories, 0 to 2\)/,
  ],
  [
    'k',
    [2, 11, 3],
    /k\[1\] is 11, .*Binomial, whose values are at most 10 here \(total_count 10\)/,
  ],
];

for (const [member, values, re] of CASES)
  test(`${member} = ${JSON.stringify(values)} is an error naming the element`, async () => {
    const m = await model();
    try {
      m.data({ ...good, [member]: values });
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, PplcError);
      assert.match((e as Error).message, re);
      assert.match((e as Error).message, /E0612/);
    }
  });

test.run();
