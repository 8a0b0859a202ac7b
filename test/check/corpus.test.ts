// The error corpus: each malformed program's diagnostics (code, line:col, message) are pinned in a sibling .expected file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { checkProgram } from '../support/examples.js';
import { compareGolden } from '../support/golden-file.js';
import { diagLines } from './diag-lines.js';

const dir = 'test/corpus/programs';
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ppl'))
  .map((f) => f.slice(0, -4))
  .sort();

test('the corpus has at least 45 programs', async () => {
  assert.ok(names.length >= 45, `${names.length} programs`);
});

for (const name of names) {
  test(`corpus ${name}`, async () => {
    const file = `${dir}/${name}.ppl`;
    const source = readFileSync(file, 'utf8');
    const r = await checkProgram(source, file);
    assert.is(r.checked, null, 'a malformed program must not check clean');
    assert.ok(r.diagnostics.length > 0);
    for (const d of r.diagnostics) {
      assert.match(d.code, /^E0[1-5]\d\d$/);
      assert.is(d.file, file);
    }
    const diff = compareGolden(`${dir}/${name}.expected`, diagLines(r.diagnostics));
    assert.is(diff, null, diff ?? '');
  });
}

test.run();
