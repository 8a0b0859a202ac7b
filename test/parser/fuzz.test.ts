// Random token soup and random cuts of the examples never make parse() throw, and spans stay inside the text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from '../../src/parser/parse.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { rng } from '../support/seeded.js';

const pieces = [
  'data',
  'int',
  'real',
  'model',
  'guide',
  'let',
  'sample',
  'observe',
  'param',
  'plate',
  'in',
  'subsample',
  'if',
  'else',
  'x',
  'N',
  'Normal',
  'AutoNormal',
  'positive',
  'interval',
  '0',
  '1.5',
  '1e-3',
  '.5',
  '+',
  '-',
  '*',
  '/',
  '^',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '!',
  '=',
  '~',
  ':',
  ',',
  ';',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '\n',
  ' ',
  '// c\n',
  '/* c */',
  '/*',
  '@',
  '#',
  '.',
  '"',
  '5.',
];

function checkSpans(ds: readonly Diagnostic[], length: number): void {
  for (const d of ds) {
    assert.match(d.code, /^E01\d\d$/);
    assert.ok(d.message.length > 0);
    if (d.span) {
      assert.ok(
        d.span.start.offset >= 0 &&
          d.span.start.offset <= d.span.end.offset &&
          d.span.end.offset <= length,
        JSON.stringify(d),
      );
      assert.ok(d.span.start.line >= 1 && d.span.start.column >= 1);
    }
  }
}

test('500 random token soups parse without throwing', () => {
  const next = rng(20240601);
  for (let i = 0; i < 500; i++) {
    const n = Math.floor(next() * 60);
    let src = '';
    for (let k = 0; k < n; k++)
      src += pieces[Math.floor(next() * pieces.length)] + (next() < 0.7 ? ' ' : '');
    const r = parse(src, 'fuzz.ppl');
    assert.ok(
      r.diagnostics.every((d) => d.code !== 'E0199'),
      `internal error on: ${JSON.stringify(src)}`,
    );
    checkSpans(r.diagnostics, src.length);
  }
});

test('every prefix-cut and one-token deletion of the examples parses without throwing', () => {
  const next = rng(7);
  const files = readdirSync('examples').filter((f) => f.endsWith('.ppl'));
  for (const f of files) {
    const src = readFileSync(`examples/${f}`, 'utf8');
    for (let k = 0; k < 30; k++) {
      const cut = Math.floor(next() * src.length);
      const variants = [
        src.slice(0, cut),
        src.slice(0, cut) + src.slice(cut + 1 + Math.floor(next() * 5)),
      ];
      for (const v of variants) {
        const r = parse(v, f);
        assert.ok(
          r.diagnostics.every((d) => d.code !== 'E0199'),
          `internal error on: ${JSON.stringify(v)}`,
        );
        checkSpans(r.diagnostics, v.length);
      }
    }
  }
});

test.run();
