// Optimizer updates against hand-computed steps of PyTorch's SGD/Adam and Pyro's ClippedAdam.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_HYPERPARAMETERS, lrAt } from '../../src/optim/optimizer.js';
import { OPTIMIZERS, type OptimizerConfig } from '../../src/optim/optimizers.js';

const DEFAULT_OPTIMIZER: OptimizerConfig = { ...DEFAULT_HYPERPARAMETERS, name: 'adam' };

const close = (a: number, b: number, tol = 1e-12): void =>
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${a} vs ${b}`);

function run(c: OptimizerConfig, grads: number[], p0: number): number[] {
  const rule = OPTIMIZERS[c.name];
  const p = new Float64Array([p0]);
  const state = Array.from({ length: rule.state.length }, () => new Float64Array(1));
  const out: number[] = [];
  grads.forEach((g, i) => {
    rule.update(p, new Float64Array([g]), state, i + 1, lrAt(rule, c, i + 1), c);
    out.push(p[0]!);
  });
  return out;
}

test('SGD with momentum follows torch.optim.SGD (buffer starts at the first gradient)', () => {
  const c = { ...DEFAULT_OPTIMIZER, name: 'sgd' as const, lr: 0.1, momentum: 0.9 };
  const got = run(c, [1, 2, 3], 0);
  // buf: 1, 0.9*1+2=2.9, 0.9*2.9+3=5.61
  close(got[0]!, -0.1);
  close(got[1]!, -0.1 - 0.29);
  close(got[2]!, -0.1 - 0.29 - 0.561);
});

test('Adam follows torch.optim.Adam', () => {
  const c = { ...DEFAULT_OPTIMIZER, lr: 0.01 };
  const got = run(c, [0.5, -1], 1);
  // step 1: m=0.05, v=0.00025, mhat=0.5, vhat=0.25 -> p = 1 - 0.01*0.5/(0.5+1e-8)
  const p1 = 1 - (0.01 / 0.1) * (0.05 / (Math.sqrt(0.00025) / Math.sqrt(0.001) + 1e-8));
  close(got[0]!, p1);
  const m2 = 0.9 * 0.05 + 0.1 * -1;
  const v2 = 0.999 * 0.00025 + 0.001 * 1;
  const bc1 = 1 - 0.81;
  const bc2 = 1 - 0.999 * 0.999;
  close(got[1]!, p1 - (0.01 / bc1) * (m2 / (Math.sqrt(v2) / Math.sqrt(bc2) + 1e-8)));
});

test('ClippedAdam clamps gradients and decays the rate before each step, as Pyro', () => {
  const c = {
    ...DEFAULT_OPTIMIZER,
    name: 'clipped-adam' as const,
    lr: 0.1,
    clipNorm: 1,
    lrDecay: 0.5,
  };
  const got = run(c, [100], 0);
  // g clamped to 1; lr = 0.1*0.5; m=0.1, v=0.001; step = 0.05*sqrt(0.001)/0.1
  close(got[0]!, -((0.05 * Math.sqrt(0.001)) / 0.1) * (0.1 / (Math.sqrt(0.001) + 1e-8)));
});

test('plain SGD without momentum is p -= lr g', () => {
  const c = { ...DEFAULT_OPTIMIZER, name: 'sgd' as const, lr: 0.5, momentum: 0 };
  assert.equal(run(c, [2, 2], 1), [0, -1]);
});

test.run();
