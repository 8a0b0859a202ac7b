// Gradients through src/ad of every log-density (params and value) and of the reparameterised draws, by central differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad } from '../../src/ad/grad.js';
import { evaluate } from '../../src/ir/interp.js';
import type { IRFunction } from '../../src/ir/ir.js';
import type { EvalEnv } from '../../src/ir/interp.js';
import { distribution } from '../../src/distributions/table.js';
import { EVENT, centralDiff, paramFn } from './helpers.js';

type Inputs = Readonly<Record<string, number | readonly number[]>>;

/** Points away from kinks and support edges, where FD is accurate. */
const POINTS: readonly { dist: string; params: Inputs; value: number | readonly number[] }[] = [
  { dist: 'Normal', params: { loc: 0.3, scale: 1.7 }, value: -0.8 },
  { dist: 'Normal', params: { loc: -2, scale: 0.05 }, value: -1.93 },
  { dist: 'HalfNormal', params: { scale: 2.5 }, value: 1.1 },
  { dist: 'LogNormal', params: { loc: 0.2, scale: 0.6 }, value: 1.9 },
  { dist: 'Exponential', params: { rate: 1.3 }, value: 0.4 },
  { dist: 'Gamma', params: { concentration: 2.2, rate: 0.7 }, value: 3.1 },
  { dist: 'Gamma', params: { concentration: 0.3, rate: 4 }, value: 0.05 },
  { dist: 'Beta', params: { concentration1: 2.5, concentration0: 0.7 }, value: 0.83 },
  { dist: 'Uniform', params: { low: -1, high: 2.5 }, value: 0.4 },
  { dist: 'StudentT', params: { df: 3.5, loc: 0.5, scale: 1.2 }, value: 2.7 },
  { dist: 'Cauchy', params: { loc: -0.5, scale: 0.8 }, value: 1.4 },
  { dist: 'HalfCauchy', params: { scale: 3 }, value: 4.2 },
  { dist: 'Laplace', params: { loc: 1, scale: 0.6 }, value: 0.2 },
  { dist: 'Bernoulli', params: { probs: 0.27 }, value: 1 },
  { dist: 'Bernoulli', params: { probs: 0.27 }, value: 0 },
  { dist: 'Bernoulli', params: { logits: -1.4 }, value: 1 },
  { dist: 'Binomial', params: { total_count: 9, probs: 0.6 }, value: 4 },
  { dist: 'Binomial', params: { total_count: 9, logits: 2.1 }, value: 7 },
  { dist: 'Poisson', params: { rate: 3.3 }, value: 5 },
  { dist: 'Categorical', params: { probs: [0.2, 0.9, 0.4] }, value: 1 },
  { dist: 'Categorical', params: { logits: [0.5, -1, 2, 0] }, value: 3 },
  { dist: 'Dirichlet', params: { concentration: [1.5, 2.5, 0.7] }, value: [0.3, 0.5, 0.2] },
  { dist: 'Dirichlet', params: { concentration: [0.4, 6, 1, 3] }, value: [0.05, 0.6, 0.1, 0.25] },
];

/** Every element of every param: AD gradient vs central difference (relative 1e-6). */
function checkGradients(
  fn: IRFunction,
  env: EvalEnv,
  names: readonly string[],
  what: string,
): void {
  const g = evaluate(grad(fn, 'out', names), env);
  for (const name of names) {
    const ad = g.get(`grad:${name}`)!.data;
    assert.is(ad.length, env.params.get(name)!.length);
    ad.forEach((a, i) => {
      const fd = centralDiff(fn, env, name, i);
      assert.ok(Number.isFinite(a), `${what}: d/d${name}[${i}] is ${a}`);
      assert.ok(
        Math.abs(a - fd) <= 1e-6 * Math.max(1, Math.abs(fd)),
        `${what}: d/d${name}[${i}] AD ${a} vs FD ${fd}`,
      );
    });
  }
}

for (const pt of POINTS) {
  const d = distribution(pt.dist);
  const what = `${pt.dist}(${JSON.stringify(pt.params)}) at ${pt.value}`;
  test(`${what}: log-density gradients match finite differences`, () => {
    // The value is differentiated only for continuous families; total_count is an integer constant.
    const inputs: Record<string, number | readonly number[]> = {};
    for (const [k, v] of Object.entries(pt.params)) if (k !== 'total_count') inputs[k] = v;
    if (!d.discrete) inputs.value = pt.value;
    const { fn, env } = paramFn(inputs, (b, v) => {
      const params = {
        ...v,
        ...(typeof pt.params.total_count === 'number'
          ? { total_count: b.const(pt.params.total_count) }
          : {}),
      };
      const fixed = typeof pt.value === 'number' ? b.const(pt.value) : undefined;
      return d.logProb(b, v.value ?? fixed!, params, { eventAxis: EVENT });
    });
    checkGradients(fn, env, Object.keys(inputs), what);
  });
}

/** Reparameterised draws: pathwise derivative d(sum of 40 draws)/d param with the randomness held fixed. */
const DRAWS: readonly { dist: string; params: Inputs }[] = [
  { dist: 'Normal', params: { loc: 0.3, scale: 1.7 } },
  { dist: 'HalfNormal', params: { scale: 2.5 } },
  { dist: 'LogNormal', params: { loc: 0.2, scale: 0.6 } },
  { dist: 'Exponential', params: { rate: 1.3 } },
  { dist: 'Gamma', params: { concentration: 2.2, rate: 0.7 } },
  { dist: 'Gamma', params: { concentration: 0.45, rate: 1.5 } },
  { dist: 'Beta', params: { concentration1: 2.5, concentration0: 0.7 } },
  { dist: 'Uniform', params: { low: -1, high: 2.5 } },
  { dist: 'StudentT', params: { df: 3.5, loc: 0.5, scale: 1.2 } },
  { dist: 'Cauchy', params: { loc: -0.5, scale: 0.8 } },
  { dist: 'HalfCauchy', params: { scale: 3 } },
  { dist: 'Laplace', params: { loc: 1, scale: 0.6 } },
];

for (const c of DRAWS) {
  test(`${c.dist}(${JSON.stringify(c.params)}): pathwise gradients of draws match finite differences`, () => {
    const { fn, env } = paramFn(c.params, (b, v) => {
      b.addAxis({ id: 'n', role: 'plate', size: { kind: 'lit', value: 40 } });
      return distribution(c.dist).sample(b, v, 'site', ['n']);
    });
    checkGradients(fn, env, Object.keys(c.params), c.dist);
  });
}

// Dirichlet draws sum to 1: weigh coordinate k by k + 1 so that the pathwise gradient is not zero by construction.
for (const concentration of [
  [1.5, 2.5, 0.7],
  [0.3, 4, 1.2, 0.8],
])
  test(`Dirichlet(${JSON.stringify(concentration)}): pathwise gradients of draws match finite differences`, () => {
    const { fn, env } = paramFn({ concentration }, (b, v) => {
      b.addAxis({ id: 'n', role: 'plate', size: { kind: 'lit', value: 40 } });
      const x = distribution('Dirichlet').sample(b, v, 'site', ['n'], { eventAxis: EVENT });
      const weight = b.add(b.op('iota', [], { axis: EVENT }), b.const(1));
      return b.mul(x, weight);
    });
    checkGradients(fn, env, ['concentration'], 'Dirichlet draws');
  });

test.run();
