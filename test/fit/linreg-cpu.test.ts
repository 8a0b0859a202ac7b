// linreg on the CPU backend (Adam lr 0.01, 30000 steps): each mean within 3 sd of the NUTS reference, k̂ below 0.5.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitJson } from './cli-run.js';

const REF = {
  alpha: { mean: 48.49, sd: 0.046 },
  beta: { mean: [4.673, -6.471, -11.845, -1.463, 12.036, 13.411, 9.137, 3.503], sd: 0.047 },
  sigma: { mean: 2.358, sd: 0.034 },
};

test('linreg posterior means within 3 reference sd of NUTS; PSIS k̂ < 0.5', () => {
  const r = fitJson('linreg', [
    '--backend',
    'cpu',
    '--lr',
    '0.01',
    '--steps',
    '30000',
    '--seed',
    '4',
  ]);
  const near = (got: number, want: number, sd: number, what: string): void =>
    assert.ok(Math.abs(got - want) <= 3 * sd, `${what}: got ${got}, want ${want} ± ${3 * sd}`);
  near(r.latents.alpha!.mean as number, REF.alpha.mean, REF.alpha.sd, 'alpha');
  (r.latents.beta!.mean as number[]).forEach((b, i) =>
    near(b, REF.beta.mean[i]!, REF.beta.sd, `beta[${i}]`),
  );
  near(r.latents.sigma!.mean as number, REF.sigma.mean, REF.sigma.sd, 'sigma');
  // Mean-field sds should be of the reference's order (AutoNormal underestimates a little).
  assert.ok((r.latents.alpha!.sd as number) > 0.01 && (r.latents.alpha!.sd as number) < 0.1);
  // A converged guide is a good importance sampler of the posterior: PSIS's k̂ well below 0.5.
  const d = r.diagnostics!;
  assert.ok(d.khat !== null && d.khat < 0.5, `k̂ ${d.khat}`);
  assert.ok(d.ess > 100 && d.ess <= d.draws, `ESS ${d.ess} of ${d.draws}`);
});

test.run();
