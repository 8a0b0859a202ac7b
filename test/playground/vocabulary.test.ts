// The playground's highlighted words are the language's: the parser's keywords, the distribution table, the
// built-in functions, the constraints and the auto-guides (src/playground/vocabulary.ts keeps its own copy so that
// the page colours without loading the compiler).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { AUTOGUIDES, BUILTINS, CONSTRAINTS } from '../../src/check/builtins.js';
import { DISTRIBUTIONS as TABLE } from '../../src/distributions/table.js';
import { DISTRIBUTIONS, FUNCTIONS, KEYWORDS, TYPE_NAMES } from '../../src/playground/vocabulary.js';

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

test("the keywords are the lexer's", () => {
  const tokens = readFileSync('src/parser/tokens.ts', 'utf8');
  const words = [...tokens.matchAll(/= keyword\('(\w+)'\)/g)].map((m) => m[1]!);
  assert.ok(words.length > 10);
  assert.equal(sorted(KEYWORDS), sorted(words));
});

test('the distributions are the family table', () => {
  assert.equal(sorted(DISTRIBUTIONS), sorted(TABLE.keys()));
});

test('the functions are the built-ins', () => {
  assert.equal(sorted(FUNCTIONS), sorted(BUILTINS.keys()));
});

test("the type names are the constraints (but the keyword 'real') and the auto-guides", () => {
  const expected = [...CONSTRAINTS.filter((c) => c !== 'real'), ...AUTOGUIDES];
  assert.equal(sorted(TYPE_NAMES), sorted(expected));
});

test.run();
