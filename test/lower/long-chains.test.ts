// Long chains (issue 12): a 2000- or 10000-term sum, a 2000-term product and an alternating chain check, lower,
// differentiate, print at every stage, fit on the CPU and generate WGSL without overflowing the stack (a
// 2000-term sum overflowed in lowering, 7000 in the checker). The chain stays left-nested, as written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, errorsOf } from '../../src/pipeline/compile.js';
import { printAst } from '../../src/parser/print-ast.js';
import { printTyped } from '../../src/check/print-typed.js';
import { printIR } from '../../src/ir/print.js';
import { validateData } from '../../src/data/validate.js';
import { prepareFit, kernelSource } from '../../src/infer/prepare.js';
import { generateWgsl } from '../../src/codegen-wgsl/generate.js';
import { loadModel } from '../../src/index.js';

const program = (e: string): string =>
  `data y: real\nmodel {\n  sample a ~ Normal(0, 1)\n  observe y ~ Normal(${e}, 1)\n}\n`;
const chain = (n: number, ops: readonly string[]): string =>
  Array.from({ length: n }, (_, i) => (i === 0 ? 'a' : ` ${ops[i % ops.length]} a`)).join('');

const CASES: [string, string][] = [
  ['a 2000-term sum', chain(2000, ['+'])],
  ['a 10000-term sum', chain(10000, ['+'])],
  ['a 2000-term product', chain(2000, ['*'])],
  ['a 6000-term chain of + - * /', chain(6000, ['+', '-', '*', '/'])],
];

for (const [what, e] of CASES) {
  test(`${what}: every stage, its printers, and the WGSL`, async () => {
    const c = await compile(program(e), 'chain.ppl');
    assert.equal(errorsOf(c), []);
    // Printed flat (a chain is a list): linear in the chain's length, not an indented triangle.
    const ast = printAst(c.ast!);
    assert.ok(ast.length < 120 * e.length, `${ast.length} characters of AST`);
    assert.ok(printTyped(c.typed!).length < 40 * e.length);
    assert.ok(printIR(c.objective!.fn).length > 0);
    const data = validateData(c.typed!, { y: 1.5 }, 'y.json').data!;
    const prep = prepareFit(c.typed!, data, c.objective!);
    const wgsl = generateWgsl(kernelSource(prep, 'adam'), { subgroupSize: 8 });
    assert.ok(wgsl.kernels.length > 0);
  });
}

test('a chain stays left-nested, as written: float sums are not reassociated', async () => {
  const c = await compile(program('a + 1 + 2 + 3'), 'chain.ppl', { until: 'typed' });
  assert.match(
    printTyped(c.typed!),
    '(+ (+ (+ a{site model}:real 1:int):real 2:int):real 3:int):real',
  );
  const ast = await compile(program('a + 1 - 2 * 3'), 'chain.ppl', { until: 'ast' });
  assert.match(
    printAst(ast.ast!),
    /Binary chain @4:22-4:35\n\s+Name a @4:22-4:23\n\s+\+: Num 1 int/,
  );
});

test('a 2000- and a 10000-term sum fit on the CPU to finite params', async () => {
  for (const n of [2000, 10000]) {
    const m = await loadModel(program(chain(n, ['+'])), `sum${n}.ppl`);
    const fit = await m.fit({ y: 1.5 }, { backend: 'cpu', steps: 20, seed: 1 });
    const loc = fit.params['a.loc'] as number;
    assert.ok(Number.isFinite(loc), `${n}: a.loc = ${loc}`);
    assert.is(fit.divergence, null);
  }
});

test.run();
