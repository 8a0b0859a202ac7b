// Every example program checks clean and its typed print is pinned by a golden file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { checkProgram } from '../support/examples.js';
import { printTyped } from '../../src/check/print-typed.js';
import { compareGolden } from '../support/golden-file.js';
import { loadData } from '../../src/data/load.js';

const names = readdirSync('examples')
  .filter((f) => f.endsWith('.ppl'))
  .map((f) => f.slice(0, -4))
  .sort();

test('there are example programs', async () => {
  assert.ok(names.length >= 7);
});

for (const name of names) {
  test(`${name}.ppl checks clean with its data and matches its typed golden`, async () => {
    const file = `examples/${name}.ppl`;
    const r = await checkProgram(readFileSync(file, 'utf8'), file);
    assert.equal(
      r.diagnostics.map((d) => `${d.code} ${d.message}`),
      [],
    );
    assert.ok(r.checked);
    const diff = compareGolden(`test/golden/typed/${name}.typed.txt`, printTyped(r.checked));
    assert.is(diff, null, diff ?? '');
    const json = `examples/${name}.json`;
    const data = loadData(r.checked, readFileSync(json, 'utf8'), json);
    assert.equal(
      data.diagnostics.map((d) => `${d.code} ${d.message}`),
      [],
    );
    assert.ok(data.data);
    for (const d of r.checked.data) assert.ok(data.data.arrays.has(d.name), `${d.name} is bound`);
  });
}

test('printTyped is deterministic', async () => {
  const file = 'examples/movielens.ppl';
  const src = readFileSync(file, 'utf8');
  assert.is(
    printTyped((await checkProgram(src, file)).checked!),
    printTyped((await checkProgram(src, file)).checked!),
  );
});

test.run();
