// What the massively parallel methods cannot take is a diagnostic at the program's position, not a crash.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { compile } from '../../src/pipeline/compile.js';
import { METHOD_NAMES } from '../../src/methods/methods.js';

const MVN = 'test/programs/corr_mvn.ppl';

for (const method of ['mp-vi', 'rws', 'qem'] as const)
  test(`${method} with a guide drawing all latents jointly is E0708 at the guide`, async () => {
    const c = await compile(readFileSync(MVN, 'utf8'), MVN, { method, K: 4 });
    assert.is(c.objective, null);
    const d = c.diagnostics.find((x) => x.code === 'E0708');
    assert.ok(d, c.diagnostics.map((x) => x.message).join('; '));
    assert.match(d.message, new RegExp(`'${method}'.*AutoMultivariateNormal`));
    assert.is(d.span?.start.line, 11);
  });

test('vi and is take that guide (one index for every latent)', async () => {
  for (const method of METHOD_NAMES.filter((m) => m === 'vi' || m === 'is')) {
    const c = await compile(readFileSync(MVN, 'utf8'), MVN, { method, K: 4 });
    assert.ok(c.objective, `${method}: ${c.diagnostics.map((x) => x.message).join('; ')}`);
  }
});

test.run();
