// A compiled module's kernels (`pplc compile --data`): a WebGPU fit to data of the compile-time sizes runs them
// (fit.kernels 'embedded') and equals the compiler entry's fit bit for bit; other sizes, another optimizer or another
// device subgroup size are planned again, and still equal the compiler entry's fit. Needs a WebGPU adapter (lavapipe).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { acquireGpu } from '../../src/runtime/gpu.js';
import { fixedSubgroupSize } from '../../src/infer/webgpu-driver.js';
import { generateWgsl } from '../../src/codegen-wgsl/generate.js';
import { compile } from '../../src/pipeline/compile.js';
import { decodeCompiled } from '../../src/infer/compiled.js';
import { kernelSource, prepareFit } from '../../src/infer/prepare.js';
import { loadCompiled } from '../../src/api/compiled-model.js';
import type { Fit, FitOptions } from '../../src/api/fit.js';
import { compiledText } from './compiled-text.js';

const SCALE = { guess: 8.5, measurement: 9.5 };
const LINREG = JSON.parse(readFileSync('examples/linreg.json', 'utf8')) as {
  N: number;
  P: number;
  x: number[][];
  y: number[];
};
/** linreg with fewer rows: other sizes than the module's. */
const LINREG_SHORT = { ...LINREG, N: 1000, x: LINREG.x.slice(0, 1000), y: LINREG.y.slice(0, 1000) };

const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
const DEVICE = {
  subgroupSize: fixedSubgroupSize(ctx),
  maxBindingBytes: ctx.device.limits.maxStorageBufferBindingSize,
  maxStorageBuffers: ctx.device.limits.maxStorageBuffersPerShaderStage,
};
ctx.destroy();
/** A subgroup size this device does not have. */
const OTHER_SUBGROUP = DEVICE.subgroupSize === 0 ? 8 : 0;

function assertSame(a: Fit, b: Fit, what: string): void {
  assert.equal(Array.from(a.losses), Array.from(b.losses), `${what}: losses`);
  assert.equal(a.params, b.params, `${what}: params`);
  assert.equal(a.summary(), b.summary(), `${what}: summary`);
  const { seconds: _a, ...ja } = a.toJSON();
  const { seconds: _b, ...jb } = b.toJSON();
  assert.equal(ja, jb, `${what}: the fit's JSON`);
}

async function both(
  file: string,
  data: unknown,
  fitData: unknown,
  options: FitOptions,
  subgroupSizes = [DEVICE.subgroupSize],
) {
  const { text, model } = await compiledText(file, {
    ...(options.method ? { method: options.method } : {}),
    kernels: { data, optimizer: options.optimizer ?? 'adam', subgroupSizes },
  });
  const opts = { ...options, backend: 'webgpu' } as const;
  return {
    compiled: await loadCompiled(text).fit(fitData, opts),
    entry: await model.fit(fitData, opts),
  };
}

test("the carried kernels are the ones the device's planner generates for those sizes", async () => {
  for (const [ex, data] of [
    ['scale', SCALE],
    ['linreg', LINREG],
  ] as const) {
    const file = `examples/${ex}.ppl`;
    const { text, model } = await compiledText(file, {
      kernels: { data, optimizer: 'adam', subgroupSizes: [DEVICE.subgroupSize] },
    });
    const c = await compile(readFileSync(file, 'utf8'), file);
    const prep = prepareFit(c.typed!, model.data(data).bound, c.objective!);
    const planned = generateWgsl(kernelSource(prep, 'adam'), DEVICE);
    const [carried] = decodeCompiled(text).kernels;
    assert.equal(carried!.kernels, planned.kernels, ex);
    assert.equal(carried!.buffers, planned.buffers, ex);
    assert.equal(carried!.chunked, planned.chunked, ex);
    assert.is(carried!.plan.stateLength, planned.plan.stateLength, ex);
    assert.equal(carried!.plan.data, planned.plan.data, ex);
  }
});

test('scale and linreg at the compile-time sizes run the embedded kernels, bit for bit the compiler entry', async () => {
  const scale = await both('examples/scale.ppl', SCALE, SCALE, { steps: 400, seed: 3 });
  assert.is(scale.compiled.kernels, 'embedded');
  assert.is(scale.entry.kernels, 'planned');
  assertSame(scale.compiled, scale.entry, 'scale');
  const linreg = await both('examples/linreg.ppl', LINREG, LINREG, { steps: 300, seed: 5 });
  assert.is(linreg.compiled.kernels, 'embedded');
  assertSame(linreg.compiled, linreg.entry, 'linreg');
});

test('other sizes, another optimizer or another subgroup size: planned again, still the same fit', async () => {
  const sizes = await both('examples/linreg.ppl', LINREG, LINREG_SHORT, { steps: 300, seed: 5 });
  assert.is(sizes.compiled.kernels, 'planned');
  assertSame(sizes.compiled, sizes.entry, 'linreg, N = 1000');
  const { text } = await compiledText('examples/scale.ppl', {
    kernels: { data: SCALE, optimizer: 'adam', subgroupSizes: [DEVICE.subgroupSize] },
  });
  const sgd = await loadCompiled(text).fit(SCALE, {
    steps: 50,
    optimizer: 'sgd',
    backend: 'webgpu',
  });
  assert.is(sgd.kernels, 'planned');
  const device = await both('examples/scale.ppl', SCALE, SCALE, { steps: 50 }, [OTHER_SUBGROUP]);
  assert.is(device.compiled.kernels, 'planned');
  assertSame(device.compiled, device.entry, 'scale, another subgroup size');
  // A module may carry kernels for several devices: the one for this device runs.
  const several = await both('examples/scale.ppl', SCALE, SCALE, { steps: 50 }, [
    OTHER_SUBGROUP,
    DEVICE.subgroupSize,
  ]);
  assert.is(several.compiled.kernels, 'embedded');
  assertSame(several.compiled, several.entry, 'scale, kernels for two subgroup sizes');
  // On the CPU no kernels run.
  assert.is((await loadCompiled(text).fit(SCALE, { steps: 5, backend: 'cpu' })).kernels, undefined);
});

test('a compiled mp-vi module runs its embedded kernels; fit and evidence as the compiler entry', async () => {
  const r = await both('examples/scale.ppl', SCALE, SCALE, {
    method: 'mp-vi',
    steps: 100,
    seed: 2,
    evidenceDraws: 3,
    importanceSamples: 100,
  });
  assert.is(r.compiled.kernels, 'embedded');
  assertSame(r.compiled, r.entry, 'scale, mp-vi');
});

test.run();
