// The IR and gradient stages (`pplc compile --emit ir|grad`) of every example and test program, pinned by golden files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { compile } from '../../src/pipeline/compile.js';
import { printIR } from '../../src/ir/print.js';
import { compareGolden } from '../support/golden-file.js';

const PROGRAMS: readonly (readonly [string, string])[] = [
  ...['coin', 'eight_schools', 'linreg', 'mixture', 'mle', 'movielens', 'scale', 'sleep'].map(
    (n) => [n, `examples/${n}.ppl`] as const,
  ),
  ...['corr_mvn', 'gamma_beta', 'gamma_plate', 'normal_mean_subsample', 'plate_guide'].map(
    (n) => [n, `test/programs/${n}.ppl`] as const,
  ),
];

for (const [name, file] of PROGRAMS) {
  test(`${name}: --emit ir and --emit grad match the golden files`, async () => {
    const c = await compile(readFileSync(file, 'utf8'), file);
    assert.ok(c.ir && c.objective, c.diagnostics.map((d) => d.message).join('; '));
    const a = compareGolden(`test/golden/ir/${name}.ir.txt`, printIR(c.ir!.fn));
    assert.is(a, null, a ?? '');
    const b = compareGolden(`test/golden/grad/${name}.grad.txt`, printIR(c.objective!.fn));
    assert.is(b, null, b ?? '');
  });
}

test.run();
