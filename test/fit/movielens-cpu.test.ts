// movielens on the CPU backend (Adam lr 0.01, 5000 steps): mu_z means correlate with the generating values (r > 0.9).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitJson } from './cli-run.js';
import { correlation } from '../support/stats.js';

const TRUTH = [-0.65, -0.17, 1.66, 0.66, -1.64];

test('movielens mu_z correlates with the generating values', () => {
  const r = fitJson('movielens', [
    '--backend',
    'cpu',
    '--lr',
    '0.01',
    '--steps',
    '5000',
    '--seed',
    '5',
  ]);
  const mu = r.latents.mu_z!.mean as number[];
  assert.is(mu.length, 5);
  const c = correlation(mu, TRUTH);
  assert.ok(c > 0.9, `r = ${c}`);
});

test.run();
