// Nesting past MAX_NESTING is E0117 at the token that passes it (the recursive parser overflowed the stack near 160
// parentheses with no position); long chains are lists, not nesting, at any length.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/parser/parse.js';
import { MAX_NESTING, tooDeep } from '../../src/parser/nesting.js';
import { lex } from '../../src/parser/lexer.js';

const program = (e: string): string => `data y: real\nmodel {\n  observe y ~ Normal(${e}, 1)\n}\n`;
/** The E0117 diagnostics' positions, `line:column`. */
const deep = (src: string): string[] =>
  parse(src, 'deep.ppl')
    .diagnostics.filter((d) => d.code === 'E0117')
    .map((d) => `${d.span?.start.line}:${d.span?.start.column}`);

test('parentheses to the limit parse; one more is E0117 at that parenthesis', () => {
  // The model's brace and Normal's parenthesis open two levels: MAX_NESTING - 2 more reach the limit.
  const n = MAX_NESTING - 2;
  assert.equal(deep(program(`${'('.repeat(n)}1${')'.repeat(n)}`)), []);
  const over = program(`${'('.repeat(n + 1)}1${')'.repeat(n + 1)}`);
  assert.equal(deep(over), [`3:${'  observe y ~ Normal('.length + n + 1}`]);
  const d = parse(over, 'deep.ppl').diagnostics[0]!;
  assert.match(d.message, `more than ${MAX_NESTING} levels deep`);
});

test("prefix operators, '^' chains and '[...]' runs count; siblings and long chains do not", () => {
  const n = MAX_NESTING + 5;
  assert.equal(deep(program(`${'-'.repeat(n)}1`)).length, 1);
  assert.equal(deep(program(Array(n).fill('2').join(' ^ '))).length, 1);
  assert.equal(deep(program(`${'!'.repeat(n)}1`)).length, 1);
  // `-a + -a + ...` nests one level per operand, closed at each '+'.
  assert.equal(deep(program(Array(5000).fill('-1').join(' + '))), []);
  assert.equal(deep(program(Array(5000).fill('(1)').join(' * '))), []);
  assert.equal(deep(program(Array(5000).fill('2').join(' - '))), []);
  const blocks = `data y: real\nmodel {\n${'if (y > 0) {\n'.repeat(n)}observe y ~ Normal(0, 1)\n${'}\n'.repeat(n)}}\n`;
  assert.equal(deep(blocks).length, 1);
});

test('else-if chains: every fifth opens a level, until the next statement', () => {
  const chain = (n: number, after = '') => {
    let s = 'data y: real\nmodel {\n  if (y > 0) { observe y ~ Normal(0, 1) }';
    for (let i = 0; i < n; i++) s += ` else if (y > ${i + 1}) { observe y ~ Normal(0, 1) }`;
    return `${s}\n${after}}\n`;
  };
  // The longest chain allowed parses (the parser itself overflowed near 1000).
  const longest = parse(chain(480), 'chain.ppl');
  assert.equal(longest.diagnostics, []);
  const scan = (src: string) => tooDeep(lex(src, 'chain.ppl').tokens);
  assert.ok(scan(chain(600)) !== null);
  // Two chains one after the other do not add up.
  assert.is(scan(chain(480, chain(480).split('model {\n')[1]!.replace(/}\n$/, ''))), null);
});

test('a pathologically deep program still gives E0117, and the parser is usable after it', () => {
  const r = parse(`model { let a = ${'('.repeat(20000)}1${')'.repeat(20000)} }`, 'deep.ppl');
  assert.is(r.diagnostics[0]!.code, 'E0117');
  assert.ok(r.diagnostics[0]!.span !== null);
  assert.equal(parse('model { let a = -(1) }', 'ok.ppl').diagnostics, []);
});

test.run();
