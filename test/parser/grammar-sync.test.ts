// grammar/pplc.ebnf and grammar/railroad.html agree with the parser; the grammar passes Chevrotain's checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { railroadHtml, ruleNames } from '../../src/parser/railroad.js';
import { keywordTokens, operatorTokens } from '../../src/parser/tokens.js';
import { createLexer } from '../../src/parser/lexer.js';
import { PplParser } from '../../src/parser/parser.js';

const ebnf = readFileSync('grammar/pplc.ebnf', 'utf8');

test('the parser and lexer pass Chevrotain grammar validation', () => {
  new PplParser(true); // throws on ambiguities, left recursion, unreachable alternatives
  assert.equal(createLexer(true).lexerDefinitionErrors, []);
});

test('grammar/railroad.html is up to date (node scripts/gen-grammar.mjs)', () => {
  assert.ok(
    readFileSync('grammar/railroad.html', 'utf8') === railroadHtml(),
    'railroad.html is stale: run node scripts/gen-grammar.mjs',
  );
});

test('the EBNF defines exactly the parser rules', () => {
  const defined = [...ebnf.matchAll(/^([a-z][A-Za-z]*)\s*::=/gm)].map((m) => m[1]!);
  assert.equal([...defined].sort(), [...ruleNames()].sort());
  assert.is(new Set(defined).size, defined.length, 'a rule is defined twice');
});

test('every keyword and operator of the lexer appears quoted in the EBNF', () => {
  for (const t of [...keywordTokens, ...operatorTokens]) {
    const label = t.LABEL ?? '';
    assert.ok(/^'.+'$/.test(label), `${t.name} has no quoted label`);
    assert.ok(ebnf.includes(label), `${label} is missing from grammar/pplc.ebnf`);
  }
});

test.run();
