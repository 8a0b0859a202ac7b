// The shared examples fitted on the CPU backend reach the answers in examples' README (with its settings and tolerances).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitJson } from './cli-run.js';

const within = (got: number, want: number, tol: number, what: string): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} ± ${tol}`);

test('scale: SGD lr 0.001 momentum 0.1, 2500 steps: a = 9.14 ± 0.10, b = 0.60 ± 0.06', () => {
  const r = fitJson('scale', [
    '--backend',
    'cpu',
    '--optimizer',
    'sgd',
    '--lr',
    '0.001',
    '--momentum',
    '0.1',
    '--steps',
    '2500',
    '--seed',
    '1',
  ]);
  within(r.params.a as number, 9.14, 0.1, 'a');
  within(r.params.b as number, 0.6, 0.06, 'b');
  assert.is(r.steps, 2500);
});

test('coin: Adam lr 0.01, 3000 steps: p mean 0.667 ± 0.05, sd 0.131 ± 0.03', () => {
  const r = fitJson('coin', ['--backend', 'cpu', '--lr', '0.01', '--steps', '3000', '--seed', '2']);
  within(r.latents.p!.mean as number, 0.667, 0.05, 'p mean');
  within(r.latents.p!.sd as number, 0.131, 0.03, 'p sd');
});

test('mle: Adam lr 0.05, 2000 steps: mu = 5.00 ± 0.02', () => {
  const r = fitJson('mle', ['--backend', 'cpu', '--lr', '0.05', '--steps', '2000']);
  within(r.params.mu as number, 5, 0.02, 'mu');
  assert.equal(Object.keys(r.latents), []);
});

test('eight_schools: Adam lr 0.01, 5000 steps: mu mean 4.5 ± 1.0, tau median in [1.5, 3.5]', () => {
  const r = fitJson('eight_schools', [
    '--backend',
    'cpu',
    '--lr',
    '0.01',
    '--steps',
    '5000',
    '--seed',
    '3',
  ]);
  within(r.latents.mu!.mean as number, 4.5, 1.0, 'mu mean');
  const tau = r.latents.tau!.q50 as number;
  assert.ok(tau >= 1.5 && tau <= 3.5, `tau median ${tau}`);
});

test('sleep: exact enumeration gives P(feeling_lazy = 1 | slept 6) = 0.1974 and P(ignore_alarm = 1) = 0.0019', () => {
  const r = fitJson('sleep', ['--backend', 'cpu', '--steps', '10']);
  within(r.latents.feeling_lazy!.mean as number, 0.1974, 0.0005, 'P(feeling_lazy = 1)');
  within(r.latents.ignore_alarm!.mean as number, 0.0019, 0.0001, 'P(ignore_alarm = 1)');
});

test.run();
