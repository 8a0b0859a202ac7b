// Unit tests for data binding: sizes read or inferred, row-major values, positions of errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../support/examples.js';
import { loadData } from '../../src/data/load.js';
import { parseDataJson } from '../../src/data/json.js';
import { validateData } from '../../src/data/validate.js';

const program = (
  await checkProgram(
    'data N: int\ndata P: int\ndata x: real[N, P]\ndata y: int[N]\nmodel {\n plate i in N { observe y[i] ~ Bernoulli(logits = sum(x[i])) }\n}',
    'p.ppl',
  )
).checked!;

test('sizes are inferred from array shapes and values are row-major', async () => {
  const r = loadData(program, '{"x": [[1, 2, 3], [4, 5, 6]], "y": [0, 1]}', 'd.json');
  assert.equal(r.diagnostics, []);
  assert.equal(
    [...r.data!.sizes],
    [
      ['N', 2],
      ['P', 3],
    ],
  );
  assert.equal(r.data!.arrays.get('x')!.shape, [2, 3]);
  assert.equal([...r.data!.arrays.get('x')!.values], [1, 2, 3, 4, 5, 6]);
  assert.equal(r.data!.arrays.get('N')!.shape, []);
});

test('a declared size that disagrees with an array names both', async () => {
  const r = loadData(program, '{"N": 3, "x": [[1], [2]], "y": [0, 1, 1]}', 'd.json');
  assert.equal(
    r.diagnostics.map((d) => d.code),
    ['E0607'],
  );
  assert.match(r.diagnostics[0]!.message, /'N'/);
  assert.match(r.diagnostics[0]!.message, /'x'/);
});

test('malformed JSON gives its line and column', async () => {
  const r = parseDataJson('{\n  "a": [1, 2,\n  ]\n}', 'd.json');
  assert.is(r.json, undefined);
  assert.is(r.diagnostics[0]!.code, 'E0601');
  assert.is(r.diagnostics[0]!.span!.start.line, 3);
  assert.is(r.diagnostics[0]!.span!.start.column, 3);
});

test('positions are found by path, and validateData works on plain values too', async () => {
  const parsed = parseDataJson('{"x": [[1, 2], [3, "four"]], "y": [0, 1]}', 'd.json');
  assert.is(parsed.positions.get('x[1][1]')!.start.column, 20);
  const r = validateData(program, parsed.json, 'd.json', parsed.positions);
  assert.equal(
    r.diagnostics.map((d) => `${d.code} ${d.span?.start.column}`),
    ['E0605 20'],
  );
  const plain = validateData(program, JSON.parse('{"x": [[1, 2]], "y": [0.5]}'), 'd.json');
  assert.equal(
    plain.diagnostics.map((d) => `${d.code} ${d.span}`),
    ['E0608 null'],
  );
});

test('an int member used as an index must stay inside the dimension it indexes', async () => {
  const prog = (
    await checkProgram(
      'data N: int\ndata G: int\ndata grp: int[N]\ndata y: real[N]\nmodel {\n plate g in G { sample e[g] ~ Normal(0, 1) }\n plate i in N { observe y[i] ~ Normal(e[grp[i]], 1) }\n}',
      'p.ppl',
    )
  ).checked!;
  const ok = loadData(prog, '{"G": 2, "grp": [0, 1, 1], "y": [1, 2, 3]}', 'd.json');
  assert.equal(ok.diagnostics, []);
  const bad = loadData(prog, '{"G": 2, "grp": [0, 2, 1], "y": [1, 2, 3]}', 'd.json');
  assert.is(bad.data, null);
  assert.is(bad.diagnostics[0]!.code, 'E0614');
  assert.match(
    bad.diagnostics[0]!.message,
    /grp\[1\] is 2, but 'grp' is used as an index into a dimension of size G = 2/,
  );
  assert.is(bad.diagnostics[0]!.span!.start.column, 21);
});

test("a low-rank guide's rank above the latents' dimension with the data's sizes is E0510 at the rank", async () => {
  const src =
    'data N: int\ndata y: real[N]\nmodel {\n plate i in N {\n  sample z[i] ~ Normal(0, 1)\n  observe y[i] ~ Normal(z[i], 1)\n }\n}\nguide = AutoLowRankMultivariateNormal(rank = 5)\n';
  const checked = (await checkProgram(src, 'lr.ppl')).checked!;
  assert.ok(checked, 'the rank is checked against the data, not the program alone');
  const r = loadData(checked, '{"y": [1, 2, 3]}', 'd.json');
  assert.is(r.data, null);
  assert.equal(
    r.diagnostics.map((d) => `${d.file}:${d.span?.start.line}:${d.span?.start.column} ${d.code}`),
    ['lr.ppl:9:46 E0510'],
  );
  assert.match(r.diagnostics[0]!.message, /have 3 dimensions with the data's sizes \(N = 3\)/);
  assert.equal(loadData(checked, '{"y": [1, 2, 3, 4, 5]}', 'd.json').diagnostics, []);
  // With literal sizes only: a scalar and a plate of 3 are 4 dimensions.
  const lit = (
    await checkProgram(
      'data x: real\nmodel {\n sample mu ~ Normal(0, 1)\n plate k in 3 { sample b[k] ~ Normal(mu, 1) }\n observe x ~ Normal(mu, 1)\n}\nguide = AutoLowRankMultivariateNormal(5)\n',
      'lit.ppl',
    )
  ).checked!;
  const d = loadData(lit, '{"x": 1}', 'd.json').diagnostics;
  assert.equal(
    d.map((x) => `${x.file}:${x.span?.start.line}:${x.span?.start.column} ${x.code}`),
    ['lit.ppl:7:39 E0510'],
  );
  assert.match(d[0]!.message, 'have 4 dimensions; give a rank of at most 4');
});
test.run();
