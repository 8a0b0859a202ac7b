// Data larger than one storage binding is bound as windows of one buffer: with a binding limit made small, one
// step still matches the CPU (one workgroup and many), and data needing too many bindings is PlanUnsupported.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { generateWgsl } from '../../src/codegen-wgsl/generate.js';
import { PlanUnsupported } from '../../src/plan/unsupported.js';
import { kernelSource } from '../../src/infer/prepare.js';
import { fixedSubgroupSize } from '../../src/infer/webgpu-driver.js';
import { assertOneStepMatches, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));

test('linreg with 16 KiB bindings: 6 data windows, one step matches the CPU', async () => {
  const prep = await prepareExample('linreg');
  const c = await gpu();
  const codegen = { maxBindingBytes: 16384, subgroupSize: fixedSubgroupSize(c) };
  const prog = generateWgsl(kernelSource(prep, 'sgd'), codegen);
  assert.is(prog.plan.mode, 'single');
  assert.equal(prog.plan.dataWindows, { vec4s: 1024, count: 6 });
  assert.match(prog.kernels[0]!.code, 'data_w5');
  assert.not.match(prog.kernels[0]!.code, 'data[');
  await assertOneStepMatches(prep, c, 7, 1, codegen);
});

test('logistic regression (many workgroups) with 256 KiB bindings: one step matches the CPU', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'pplc-windows-')), 'logistic.json');
  execFileSync('node', ['test/webgpu/gen-logistic.mjs', '50001', '6', file]);
  const prep = await prepareExample('logistic', 1, 'test/webgpu/logistic.ppl', file);
  const c = await gpu();
  const codegen = { maxBindingBytes: 262144, subgroupSize: fixedSubgroupSize(c) };
  const plan = generateWgsl(kernelSource(prep, 'sgd'), codegen).plan;
  assert.is(plan.mode, 'multi');
  assert.is(plan.dataWindows!.count, 7);
  await assertOneStepMatches(prep, c, 7, 1, codegen);
});

test('data needing more bindings than the device leaves is PlanUnsupported, saying why', async () => {
  const prep = await prepareExample('linreg');
  assert.throws(
    () => generateWgsl(kernelSource(prep, 'sgd'), { maxBindingBytes: 4096, maxStorageBuffers: 16 }),
    (e: unknown) =>
      e instanceof PlanUnsupported &&
      /needs 23 storage bindings of at most 4096 bytes, more than the 8 this device leaves/.test(
        (e as Error).message,
      ),
  );
});

test.after(() => ctx?.destroy());
test.run();
