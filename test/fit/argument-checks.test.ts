// Pyro's validate_args at run time (issue 12): a distribution argument outside its constraint stops the fit on
// either backend with a message naming the family, the argument, the site and its line, the value and the step.
// On WebGPU `0 * mu` as a scale was once a "successful" fit with loss 0: the driver folds 0 * x to 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel, PplcError, type FitOptions } from '../../src/api/library.js';

const program = (scale: string): string => `data y: real
model {
  sample mu ~ Normal(0, 1)
  observe y ~ Normal(mu, ${scale})
}
guide {
  param a = 0.0
  param b: positive = 1.0
  sample mu ~ Normal(a, b)
}
`;

async function divergence(src: string, data: object, options: FitOptions) {
  const m = await loadModel(src, 'args.ppl');
  try {
    await m.fit(data, options);
  } catch (e) {
    assert.instance(e, PplcError);
    const fit = (e as PplcError).fit;
    assert.ok(fit, 'the error carries the fit so far');
    return { message: (e as Error).message, fit: fit! };
  }
  return assert.unreachable('the fit succeeded') as never;
}

const CASES: [string, RegExp][] = [
  ['0', /Normal's scale for 'y' \(line 4\) is 0 at step 1, but must be positive/],
  ['0 * mu', /Normal's scale for 'y' \(line 4\) is 0 at step 1, but must be positive/],
  ['-1', /is -1 at step 1, but must be positive/],
  ['mu / 0', /Normal's scale for 'y' \(line 4\) is -?Infinity at step 1/],
];

for (const backend of ['cpu', 'webgpu'] as const)
  for (const [scale, re] of CASES)
    test(`${backend}: Normal(mu, ${scale}) stops at step 1 naming the scale`, async () => {
      const d = await divergence(program(scale), { y: 1 }, { steps: 50, backend });
      assert.match(d.message, re);
      assert.is(d.fit.divergence?.cause, 'argument');
      assert.is(d.fit.divergence?.step, 1);
      assert.is(d.fit.backend, backend);
      // The params are the initial ones, every one finite.
      assert.is(d.fit.params.a, 0);
      assert.is(d.fit.params.b, 1);
    });

test('a plated argument: the element at fault is named by its site, line and value', async () => {
  const src = `data N: int
data y: real[N]
data s: real[N]
model {
  sample mu ~ Normal(0, 1)
  plate i in N {
    observe y[i] ~ Normal(mu, s[i])
  }
}
guide = AutoNormal
`;
  for (const backend of ['cpu', 'webgpu'] as const) {
    const d = await divergence(src, { N: 3, y: [1, 2, 3], s: [1, 0, 1] }, { steps: 20, backend });
    assert.match(
      d.message,
      /Normal's scale for 'y' \(line 7\) is 0 at one of its elements at step 1/,
    );
  }
});

test('a scale that an unconstrained param drives below 0 mid-fit is named at its step', async () => {
  // p is unconstrained: a large lr pushes it through 0, where Normal's scale p is no longer positive.
  const src = `data y: real
model {
  param p = 0.05
  observe y ~ Normal(0, p)
}
`;
  for (const backend of ['cpu', 'webgpu'] as const) {
    const d = await divergence(src, { y: 0 }, { steps: 200, lr: 0.1, optimizer: 'sgd', backend });
    assert.match(
      d.message,
      /Normal's scale for 'y' \(line 4\) is -[\d.e-]+ at step \d+, but must be positive/,
    );
    assert.ok(d.fit.divergence!.step > 1);
    // The params kept are those in force at that step: the ones that gave the negative scale.
    const p = d.fit.params.p as number;
    assert.ok(Number.isFinite(p) && p < 0, `p = ${p}`);
  }
});

test('valid arguments are untouched: Normal(mu, 1) fits', async () => {
  const m = await loadModel(program('1'), 'args.ppl');
  const f = await m.fit({ y: 1 }, { steps: 100, backend: 'cpu' });
  assert.is(f.divergence, null);
});

test.run();
