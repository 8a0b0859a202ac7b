// Syntax errors: code, exact line:column and message; several errors per run; no cascades; never a throw.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/parser/parse.js';
import { CODES } from '../../src/diag/codes.js';
import { show } from './helpers.js';

const cases: [string, string, string][] = [
  [
    'param name without =',
    'data guess: real\nguide {\n  param b guess\n}',
    "E0110 3:11 expected '=' after the param name, found 'guess'",
  ],
  [
    'missing closing brace at end of file',
    'data x: real\n\nmodel {\n  sample w ~ Normal(0, 1)\n',
    "E0111 4:26 unexpected end of file: a '}' is missing to close the model block opened at 3:7",
  ],
  [
    'missing closing brace of a plate at end of file',
    'model {\n  plate i in N {\n    sample z[i] ~ Normal(0, 1)\n}',
    "E0111 4:2 unexpected end of file: a '}' is missing to close the model block opened at 1:7",
  ],
  ['a bad character', 'model {\n  let a = 1 @ 2\n}', "E0101 2:13 unexpected character '@'"],
  ['several bad characters', 'model { let a = 1 $$$ }', "E0101 1:19 unexpected characters '$$$'"],
  [
    'a number with a trailing dot',
    'model { let a = 5. }',
    "E0101 1:18 unexpected character '.' after a number: write '1.0', not '1.'",
  ],
  [
    'an unterminated block comment',
    'model { }\n/* never closed\n',
    "E0102 2:1 unterminated block comment: a '*/' is missing to close the comment opened here",
  ],
  [
    'a missing expression',
    'model {\n  observe y ~ Normal(0, )\n}',
    "E0113 2:25 expected an expression after ',', found ')'",
  ],
  [
    'a missing distribution',
    'model {\n  sample x ~\n}',
    "E0110 3:1 expected a distribution (such as Normal(0, 1)) after '~', found '}'",
  ],
  [
    'junk where a statement should be',
    'model {\n  x = 3\n}',
    "E0114 2:3 expected a statement ('let', 'sample', 'observe', 'param', 'plate' or 'if'), found 'x'",
  ],
  [
    'junk at top level',
    'data N: int\nbeta ~ Normal(0, 1)\n',
    "E0115 2:1 expected a declaration ('data', 'model' or 'guide'), found 'beta'",
  ],
  ['a stray closing brace', 'model { }\n}', "E0116 2:1 unexpected '}': it closes no block"],
  [
    'a bad type',
    'data x: float',
    "E0110 1:9 expected a type ('int' or 'real') after ':', found 'float'",
  ],
  [
    'a fractional size',
    'data x: real[2.5]',
    "E0120 1:14 a size must be a whole number or an int data name, found '2.5'",
  ],
  [
    'a bad guide',
    'guide AutoNormal',
    "E0110 1:7 expected '{' or '=' after 'guide', found 'AutoNormal'",
  ],
  [
    'an unfinished auto-guide',
    'guide =',
    "E0112 1:8 unexpected end of file: expected an auto-guide name (such as AutoNormal) after '='",
  ],
  [
    'if without parentheses',
    'model { if x > 0 { } }',
    "E0110 1:12 expected '(' after 'if', found 'x'",
  ],
  [
    'plate without in',
    'model {\n  plate i N { }\n}',
    "E0110 2:11 expected 'in' after the plate index, found 'N'",
  ],
  [
    'missing constraint',
    'guide { param p: = 1 }',
    "E0110 1:18 expected a constraint ('real', 'positive', 'unit', 'interval(lo, hi)' or 'simplex(k)') after ':', found '='",
  ],
  [
    'else without block',
    'model { if (a) { } else let x = 1 }',
    "E0110 1:25 expected 'if' or '{' after 'else', found 'let'",
  ],
  [
    'missing close paren',
    'model { let a = (1 + 2 }',
    "E0110 1:24 expected ')' after '2', found '}'",
  ],
  [
    'unclosed block before the next declaration',
    'model {\n  sample x ~ Normal(0, 1)\nguide = AutoNormal',
    "E0110 3:1 expected '}' to close the model block opened at 1:7, found 'guide'",
  ],
  [
    'a chained comparison',
    'model { let a = 0 < x <= 1 }',
    "E0121 1:23 comparisons do not chain: '<=' follows another comparison; write 'a < b && b <= c'",
  ],
];

for (const [name, src, want] of cases) {
  test(`error: ${name}`, () => {
    const r = parse(src, 'e.ppl');
    assert.equal(r.diagnostics.map(show), [want]);
    assert.ok(r.diagnostics.every((d) => d.file === 'e.ppl' && d.severity === 'error'));
  });
}

test('several errors are reported in one run, one per statement', () => {
  const src = [
    'data N: int',
    'data x real', // 2: missing ':'
    'model {',
    '  param b guess', // 4: missing '='
    '  sample mu ~ Normal(0, 1)',
    '  let a = (1 + ', // 6: missing expression; only one error for this statement
    '  observe y ~ Normal(mu, @)', // 7: bad character
    '  sample z ~ Normal(0, 1)',
    '}',
    'junk', // 10: stray top-level text
    'guide = AutoNormal',
  ].join('\n');
  const r = parse(src, 'm.ppl');
  assert.equal(
    r.diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column}`),
    ['E0110 2:8', 'E0110 4:11', 'E0113 7:3', 'E0101 7:26', 'E0115 10:1'],
  );
  // The recovered AST keeps the good parts (`data x real` is repaired by inserting ':'),
  // including the auto-guide after the junk; statements that could not be completed are dropped.
  assert.ok(r.program);
  assert.equal(
    r.program.items.map((i) => i.kind),
    ['DataDecl', 'DataDecl', 'Model', 'AutoGuide'],
  );
  const model = r.program.items[2];
  assert.equal(model?.kind === 'Model' ? model.body.map((s) => s.kind) : null, [
    'Param',
    'Sample',
    'Sample',
  ]);
});

test('the parser has its diagnostic codes in the E01xx range, each with a summary', () => {
  const codes = Object.entries(CODES).filter(([code]) => code.startsWith('E01'));
  assert.ok(codes.length >= 13, `${codes.length} parser codes`);
  for (const [code, entry] of codes) assert.ok(entry.summary.length > 10, code);
});

test('a pathologically deep program is a diagnostic, not a crash', () => {
  const r = parse(`model { let a = ${'('.repeat(20000)}1${')'.repeat(20000)} }`, 'deep.ppl');
  assert.ok(r.diagnostics.length >= 1);
  assert.is(r.diagnostics[0]!.code, 'E0117');
  // The shared parser instance is still usable afterwards.
  assert.equal(parse('model { let a = -(1) }', 'ok.ppl').diagnostics, []);
});

test.run();
