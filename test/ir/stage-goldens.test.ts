// The IR and gradient stages (`pplc compile --emit ir|grad`) of every example and test program, pinned by golden files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { checkSource } from '../../src/pipeline/front-end.js';
import { buildElbo } from '../../src/methods/trace-elbo.js';
import { simplify } from '../../src/ir/passes/simplify.js';
import { grad } from '../../src/ad/grad.js';
import { printIR } from '../../src/ir/print.js';
import { compareGolden } from '../support/golden-file.js';

const PROGRAMS: readonly (readonly [string, string])[] = [
  ...['coin', 'eight_schools', 'linreg', 'mle', 'movielens', 'scale', 'sleep'].map(
    (n) => [n, `examples/${n}.ppl`] as const,
  ),
  ...['corr_mvn', 'gamma_beta', 'gamma_plate', 'normal_mean_subsample', 'plate_guide'].map(
    (n) => [n, `test/programs/${n}.ppl`] as const,
  ),
];

for (const [name, file] of PROGRAMS) {
  test(`${name}: --emit ir and --emit grad match the golden files`, () => {
    const { checked, diagnostics } = checkSource(readFileSync(file, 'utf8'), file);
    assert.ok(checked, diagnostics.map((d) => d.message).join('; '));
    const ir = simplify(buildElbo(checked!, 1));
    const g = simplify(
      grad(
        ir,
        'loss',
        ir.params.map((p) => p.name),
      ),
    );
    const a = compareGolden(`test/golden/ir/${name}.ir.txt`, printIR(ir));
    assert.is(a, null, a ?? '');
    const b = compareGolden(`test/golden/grad/${name}.grad.txt`, printIR(g));
    assert.is(b, null, b ?? '');
  });
}

test.run();
