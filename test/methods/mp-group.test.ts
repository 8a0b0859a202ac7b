// `group { ... }`: the latents inside share one sample index (seed 004's Group). The chain a -> b -> y with a and b
// grouped has one summed axis, and the estimate is still of the exact evidence.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel } from '../../src/index.js';
import { compile } from '../../src/pipeline/compile.js';

const SOURCE = `data y: real[4]
model {
  group {
    sample a ~ Normal(0, 1)
    sample b ~ Normal(a, 1)
  }
  plate i in 4 {
    observe y[i] ~ Normal(b, 1)
  }
}
guide {
  param ma = 0
  param sa: positive = 1
  param c = 0.5
  param sb: positive = 1
  sample a ~ Normal(ma, sa)
  sample b ~ Normal(c * a, sb)
}
`;
const Y = [1.1, 0.4, 1.9, 1.3];
const S = Y.reduce((a, x) => a + x, 0);
// y ~ N(0, I + 2·11ᵀ).
const EXACT =
  -0.5 *
  (Y.length * Math.log(2 * Math.PI) +
    Math.log(1 + 2 * Y.length) +
    Y.reduce((a, x) => a + x * x, 0) -
    (2 * S * S) / (1 + 2 * Y.length));

test('a group is one summed axis in the contraction', async () => {
  const c = await compile(SOURCE, 'group.ppl', { method: 'mp-vi', K: 8 });
  const plan = c.objective!.contraction!;
  assert.equal(
    plan.vars.map((v) => [v.axis, v.site]),
    [['k:a+b', 'a+b']],
  );
});

for (const method of ['mp-vi', 'rws'] as const)
  test(`${method} with a group, K = 100: the evidence within 0.1 of the exact value`, async () => {
    const m = await loadModel(SOURCE, 'group.ppl');
    const f = await m.fit(
      { y: Y },
      { method, K: 100, steps: 1500, lr: 0.02, backend: 'cpu', seed: 5, evidenceDraws: 20 },
    );
    const e = f.toJSON().log_evidence!;
    assert.ok(Math.abs(e.mean - EXACT) < 0.1, `${e.mean} ± ${e.se} vs ${EXACT}`);
  });

test.run();
