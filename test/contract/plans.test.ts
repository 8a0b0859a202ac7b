// The contraction plans (printed by `pplc compile --emit plan`) of the programs that sum out sample or enumeration
// axes, pinned by golden files: movielens's plan is Alan's (z's plate d part of its event, and so mu_z's and psi_z's).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { compile, type CompileOptions } from '../../src/pipeline/compile.js';
import { printContraction } from '../../src/ir/contraction.js';
import { compareGolden } from '../support/golden-file.js';

const CASES: readonly (readonly [string, string, CompileOptions])[] = [
  ['movielens-mp', 'examples/movielens.ppl', { method: 'mp-vi', K: 30 }],
  ['mixture', 'examples/mixture.ppl', {}],
  ['mixture-mp', 'examples/mixture.ppl', { method: 'mp-vi', K: 10 }],
  ['sleep', 'examples/sleep.ppl', {}],
  ['hier-gauss-rws', 'test/programs/hier_gauss.ppl', { method: 'rws', K: 10 }],
  ['chain-is', 'test/programs/mp_chain.ppl', { method: 'is', K: 100 }],
];

for (const [name, file, opts] of CASES)
  test(`${name}: the contraction plan matches its golden file`, async () => {
    const c = await compile(readFileSync(file, 'utf8'), file, opts);
    assert.ok(c.objective?.contraction, c.diagnostics.map((d) => d.message).join('; '));
    const d = compareGolden(
      `test/golden/contraction/${name}.txt`,
      printContraction(c.objective.contraction) + '\n',
    );
    assert.is(d, null, d ?? '');
  });

test('movielens: no intermediate spans more than three sample axes per user (never K^D)', async () => {
  const file = 'examples/movielens.ppl';
  const c = await compile(readFileSync(file, 'utf8'), file, { method: 'mp-vi', K: 30 });
  const plan = c.objective!.contraction!;
  assert.is(plan.widest, 3);
  const z = plan.vars.find((v) => v.site === 'z')!;
  assert.equal([z.home, z.event], [['u'], ['d']]);
  for (const s of ['mu_z', 'psi_z'])
    assert.equal(plan.vars.find((v) => v.site === s)!.event, ['d'], `${s} is one index across d`);
});

test.run();
