// Every example program parses without diagnostics, and its printed AST matches a golden file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from '../../src/parser/parse.js';
import { printAst } from '../../src/parser/print-ast.js';
import { compareGolden } from '../support/golden-file.js';
import { show } from './helpers.js';

const names = readdirSync('examples')
  .filter((f) => f.endsWith('.ppl'))
  .sort();

test('there are example programs', () => {
  assert.ok(names.length >= 7, `found ${names.length}`);
});

for (const name of names) {
  test(`examples/${name} parses and matches its golden AST`, () => {
    const file = `examples/${name}`;
    const r = parse(readFileSync(file, 'utf8'), file);
    assert.equal(r.diagnostics.map(show), []);
    assert.ok(r.program);
    const diff = compareGolden(
      `test/golden/ast/${name.replace(/\.ppl$/, '')}.ast.txt`,
      printAst(r.program),
    );
    assert.is(diff, null, diff ?? '');
  });
}

test('printAst is deterministic', () => {
  const src = readFileSync('examples/movielens.ppl', 'utf8');
  const a = parse(src, 'm.ppl').program;
  const b = parse(src, 'm.ppl').program;
  assert.ok(a && b);
  assert.is(printAst(a), printAst(b));
});

test.run();
