// The data-file corpus: each PROGRAM--case.json is validated against examples/PROGRAM.ppl; diagnostics pinned in .expected.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { checkProgram } from '../support/examples.js';
import { loadData } from '../../src/data/load.js';
import { compareGolden } from '../support/golden-file.js';
import { diagLines } from '../check/diag-lines.js';

const dir = 'test/corpus/data';
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

test('the data corpus has at least 12 files', async () => {
  assert.ok(names.length >= 12, `${names.length} files`);
});

for (const name of names) {
  test(`data corpus ${name}`, async () => {
    const program = `examples/${name.split('--')[0]}.ppl`;
    const checked = (await checkProgram(readFileSync(program, 'utf8'), program)).checked;
    assert.ok(checked, `${program} must check clean`);
    const file = `${dir}/${name}.json`;
    const r = loadData(checked, readFileSync(file, 'utf8'), file);
    assert.ok(r.diagnostics.length > 0, 'a malformed data file must give diagnostics');
    for (const d of r.diagnostics) {
      assert.match(d.code, /^E06\d\d$/);
      assert.is(d.file, file);
    }
    if (r.diagnostics.some((d) => d.severity === 'error')) assert.is(r.data, null);
    const diff = compareGolden(`${dir}/${name}.expected`, diagLines(r.diagnostics));
    assert.is(diff, null, diff ?? '');
  });
}

test.run();
