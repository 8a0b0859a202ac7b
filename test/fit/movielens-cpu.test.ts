// movielens on the CPU backend (Adam lr 0.01, 5000 steps): mu_z means correlate with the generating values (r > 0.9).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitJson } from './cli-run.js';

const TRUTH = [-0.65, -0.17, 1.66, 0.66, -1.64];

function corr(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((x, i) => {
    sab += (x - ma) * (b[i]! - mb);
    saa += (x - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

test('movielens mu_z correlates with the generating values', () => {
  const r = fitJson('movielens', ['--backend', 'cpu', '--lr', '0.01', '--steps', '5000', '--seed', '5']);
  const mu = r.latents.mu_z!.mean as number[];
  assert.is(mu.length, 5);
  const c = corr(mu, TRUTH);
  assert.ok(c > 0.9, `r = ${c}`);
});

test.run();
