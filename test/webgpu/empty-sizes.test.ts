// Degenerate sizes end in a fit or a clear error on both backends (issue 12): a plate of size 0 sums to nothing
// (the WGSL once had `let v = ;`), a subsample larger than its plate takes the plate whole as Pyro's plate does
// (WebGPU once never returned), and a vector of length 0 under a Categorical, Dirichlet or simplex is E0615.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel, PplcError, type FitOptions } from '../../src/api/library.js';

const plated = (plate: string): string => `data N: int
data y: real[N]
model {
  sample mu ~ Normal(0, 1)
  ${plate} {
    observe y[i] ~ Normal(mu, 1)
  }
}
guide {
  param a = 0.0
  param b: positive = 1.0
  sample mu ~ Normal(a, b)
}
`;

const SETTINGS: FitOptions = { steps: 300, lr: 0.05, seed: 3 };

async function fitBoth(src: string, data: object) {
  const m = await loadModel(src, 'sizes.ppl');
  const cpu = await m.fit(data, { ...SETTINGS, backend: 'cpu' });
  const gpu = await m.fit(data, { ...SETTINGS, backend: 'webgpu' });
  assert.is(gpu.backend, 'webgpu');
  return { cpu, gpu };
}

const close = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('a plate of size 0 fits the prior on both backends, and they agree', async () => {
  const { cpu, gpu } = await fitBoth(plated('plate i in N'), { N: 0, y: [] });
  for (const f of [cpu, gpu]) {
    close(f.params.a as number, 0, 0.25, 'a');
    close(f.params.b as number, 1, 0.25, 'b');
  }
  close(cpu.params.a as number, gpu.params.a as number, 1e-4, 'a cpu vs webgpu');
  close(cpu.params.b as number, gpu.params.b as number, 1e-4, 'b cpu vs webgpu');
});

test('hier_gauss with 0 groups and with 0 observations per group fits on WebGPU as on the CPU', async () => {
  const src = readFileSync('test/programs/hier_gauss.ppl', 'utf8');
  for (const data of [
    { G: 0, N: 3, y: [] },
    { G: 2, N: 0, y: [[], []] },
  ]) {
    const m = await loadModel(src, 'hier_gauss.ppl');
    const cpu = await m.fit(data, { steps: 50, backend: 'cpu' });
    const gpu = await m.fit(data, { steps: 50, backend: 'webgpu' });
    close(cpu.losses.at(-1)!, gpu.losses.at(-1)!, 1e-3, `final loss ${JSON.stringify(data)}`);
  }
});

test('subsample 5 of a plate of 3 is the whole plate: the same fit as subsample 3, on both backends', async () => {
  const data = { N: 3, y: [1, 2, 3] };
  const over = await fitBoth(plated('plate i in N subsample 5'), data);
  const whole = await fitBoth(plated('plate i in N subsample 3'), data);
  for (const k of ['cpu', 'gpu'] as const) {
    close(over[k].params.a as number, whole[k].params.a as number, 1e-9, `${k} a`);
    close(over[k].params.b as number, whole[k].params.b as number, 1e-9, `${k} b`);
  }
  // The exact posterior of mu is Normal(6/4, 1/2).
  close(over.cpu.params.a as number, 1.5, 0.1, 'a');
});

const errorOf = async (src: string, data: object): Promise<string> => {
  const m = await loadModel(src, 'sizes.ppl');
  try {
    m.data(data);
  } catch (e) {
    assert.instance(e, PplcError);
    return (e as Error).message;
  }
  return assert.unreachable('accepted') as never;
};

test('a Categorical over 0 categories is E0615 naming the size', async () => {
  const src = `data K: int
data N: int
data p: real[K]
data y: int[N]
model {
  plate n in N {
    observe y[n] ~ Categorical(p)
  }
}
`;
  const msg = await errorOf(src, { K: 0, N: 2, p: [], y: [0, 0] });
  assert.match(msg, /E0615/);
  assert.match(msg, /size 'K' is 0, but 'y' \(line 7\) is Categorical/);
  assert.not.match(msg, /at most -1/);
});

test('a Dirichlet site and a simplex param of length 0 are E0615', async () => {
  const dc = readFileSync('test/programs/dirichlet_categorical.ppl', 'utf8');
  assert.match(await errorOf(dc, { K: 0, N: 0, alpha: [], y: [] }), /size 'K' is 0, but 'theta'/);
  const simplex = `data K: int
data y: int
model {
  param p: simplex(K) = 1
  observe y ~ Categorical(p)
}
`;
  assert.match(await errorOf(simplex, { K: 0, y: 0 }), /E0615/);
});

test.run();
