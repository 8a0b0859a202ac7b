// A second inference method plugs in through the seam alone: defined here (not in src), its objective declares an
// extra log-weights output, and both backends run it with no change to the planner, kernels or drivers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { InferenceMethod } from '../../src/methods/method.js';
import { svi } from '../../src/methods/svi.js';
import { lowerProgram } from '../../src/lower/lower-program.js';
import { contractFactors } from '../../src/lower/factors.js';
import { simplify } from '../../src/ir/passes/simplify.js';
import { prepareFit } from '../../src/infer/prepare.js';
import { runOn } from '../../src/pipeline/run.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/optim/optimizer.js';
import type { RunOptions } from '../../src/infer/fit-result.js';
import { loadExample } from '../support/examples.js';

const K = 4;

/** SVI whose objective also reports each particle's log-weight log p(x, z_k) - log q(z_k). */
const withLogWeights: InferenceMethod = {
  help: 'Trace_ELBO SVI that also reports the particles log-weights',
  lower(checked, { particles }) {
    const l = lowerProgram(checked, 'elbo', { particles, subsample: true, factored: true });
    const b = l.ctx.b;
    // log p(x, z_k) - log q(z_k) per particle, enumerated sites summed out (the particle axis is kept).
    const c = contractFactors(l);
    const logw = c.value;
    const loss = b.neg(b.div(b.sum(logw, 'particle'), b.const(particles)));
    return { fn: simplify(b.finish({ loss, logw })), contraction: c.plan };
  },
  objective(ir) {
    const o = svi.objective(ir);
    return { ...o, outputs: [...o.outputs, { name: 'logw', role: { kind: 'logWeight' } }] };
  },
  drivers: svi.drivers,
};

const opts = (steps: number): RunOptions => ({
  steps,
  optimizer: { ...DEFAULT_HYPERPARAMETERS, name: 'adam' },
  particles: K,
  seed: 5,
  draws: 1000,
});

for (const name of ['scale', 'linreg'])
  test(`${name}: the log-weights of the last step come back from both backends, and agree`, async () => {
    const ex = await loadExample(name);
    const ir = withLogWeights.lower(ex.checked, { particles: K, K: 1, qemLr: 0.1 });
    const prep = prepareFit(ex.checked, ex.data, withLogWeights.objective(ir));
    const runs: Float64Array[] = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      const r = await runOn(withLogWeights, prep, backend, opts(30));
      assert.is(r.backend, backend);
      const logw = r.result.estimates.get('logw');
      assert.ok(logw && logw.length === K, `${backend}: ${String(logw)}`);
      // The loss is minus the mean log-weight, at every step and so at the last one.
      const mean = logw!.reduce((s, x) => s + x, 0) / K;
      const last = r.result.losses[r.result.losses.length - 1]!;
      assert.ok(
        Math.abs(-mean - last) <= 1e-4 * (1 + Math.abs(last)),
        `${backend}: ${mean} ${last}`,
      );
      runs.push(logw!);
    }
    runs[0]!.forEach((c, k) => {
      const g = runs[1]![k]!;
      assert.ok(Math.abs(g - c) <= 1e-3 * (1 + Math.abs(c)), `logw[${k}]: gpu ${g}, cpu ${c}`);
    });
  });

test.run();
