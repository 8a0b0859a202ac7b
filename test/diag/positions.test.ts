// Positions the fuzz suite (test/fuzz) found wrong or missing: a lone '\r' ends a line everywhere (the lexer counted it,
// the code frame and the data reader did not), and a program with no model block, one nested too deep to parse and a
// data file that is not an object each get a line and column.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/pipeline/compile.js';
import { loadData } from '../../src/data/load.js';
import { parseDataJson } from '../../src/data/json.js';
import { renderDiagnostic } from '../../src/diag/render.js';
import { posAt } from '../../src/diag/span.js';

const check = async (source: string) =>
  (await compile(source, 'p.ppl', { until: 'typed' })).diagnostics;

test("a lone '\\r' ends a line: the diagnostic's line, posAt's and the code frame's agree", async () => {
  const source = 'data x: real\r\rmodel {\r  sample ~ Normal(0, 1)\r}\r';
  const [d] = await check(source);
  assert.is(d!.code, 'E0110');
  assert.is(`${d!.span!.start.line}:${d!.span!.start.column}`, '4:10');
  assert.equal(posAt(source, d!.span!.start.offset), d!.span!.start);
  assert.match(renderDiagnostic(d!, source), /\n4 \|   sample ~ Normal\(0, 1\)\n/);
  // '\r\n' is one line break, as before.
  const [e] = await check(source.replace(/\r/g, '\r\n'));
  assert.is(`${e!.span!.start.line}:${e!.span!.start.column}`, '4:10');
});

test("the data reader counts a lone '\\r' as a line break too", () => {
  const r = parseDataJson('{\r"x": 1,\r"y": }', 'd.json');
  assert.is(r.diagnostics[0]!.code, 'E0601');
  assert.is(`${r.diagnostics[0]!.span!.start.line}:${r.diagnostics[0]!.span!.start.column}`, '3:6');
});

test('no model block is reported at the end of the file', async () => {
  const [d] = await check('data x: real\nguide = AutoNormal\n');
  assert.is(d!.code, 'E0207');
  assert.is(`${d!.span!.start.line}:${d!.span!.start.column}`, '3:1');
});

test('a program nested too deep to parse is reported where it passes the 100 levels allowed', async () => {
  const source = `model {\n  let a = ${'('.repeat(20000)}1${')'.repeat(20000)}\n}`;
  const [d] = await check(source);
  assert.is(d!.code, 'E0117');
  // `model {` is the first level; the 100th parenthesis (column 11 + 99) opens the 101st.
  assert.is(`${d!.span!.start.line}:${d!.span!.start.column}`, '2:110');
});

test('a data file that is not an object is reported at its value', async () => {
  const c = await compile('data x: real\nmodel { observe x ~ Normal(0, 1) }', 'p.ppl', {
    until: 'typed',
  });
  const [d] = loadData(c.typed!, '\n  [1, 2]', 'd.json').diagnostics;
  assert.is(d!.code, 'E0602');
  assert.is(`${d!.span!.start.line}:${d!.span!.start.column}`, '2:3');
  // Also when the array is deeper than the position reader goes.
  const deep = `${'['.repeat(100000)}1${']'.repeat(100000)}`;
  const [e] = loadData(c.typed!, deep, 'd.json').diagnostics;
  assert.is(`${e!.code} ${e!.span?.start.line}:${e!.span?.start.column}`, 'E0602 1:1');
});

test.run();
