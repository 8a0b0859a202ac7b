// The many-workgroup plan (large plates): one step on the GPU matches the CPU, with rows that are not a whole
// number of data blocks and a row width that is not a whole number of vec4s; partial sums by subgroupAdd (a
// device with fixed subgroups) and by a workgroup tree (a device without).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireGpu, type GpuContext } from '../../src/runtime/gpu.js';
import { generateWgsl } from '../../src/codegen-wgsl/generate.js';
import { fixedSubgroupSize } from '../../src/infer/webgpu-driver.js';
import { assertOneStepMatches, prepareExample } from './helpers.js';
import { kernelSource } from '../../src/infer/prepare.js';

const ctxs = new Map<boolean, GpuContext>();
async function gpu(subgroups: boolean): Promise<GpuContext> {
  let c = ctxs.get(subgroups);
  if (!c) {
    c = await acquireGpu(subgroups ? { optionalFeatures: ['subgroups'] } : {});
    ctxs.set(subgroups, c);
  }
  return c;
}

async function logistic(N: number, P: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'pplc-multi-')), 'logistic.json');
  execFileSync('node', ['test/webgpu/gen-logistic.mjs', String(N), String(P), file]);
  return await prepareExample('logistic', 1, 'test/webgpu/logistic.ppl', file);
}

for (const [N, P, kinds] of [
  [50001, 6, [true, false]],
  [6001, 45, [true]],
] as const) {
  test(`logistic regression N = ${N}, P = ${P}: many workgroups, one step matches the CPU`, async () => {
    const prep = await logistic(N, P);
    for (const subgroups of kinds) {
      const c = await gpu(subgroups);
      const plan = generateWgsl(kernelSource(prep, 'sgd'), {
        subgroupSize: fixedSubgroupSize(c),
      }).plan;
      assert.is(plan.mode, 'multi');
      if (!subgroups) assert.is(plan.reduce, 'flat');
      assert.ok(plan.data.find((d) => d.name === 'x')!.blocked, 'x is read in blocks of rows');
      await assertOneStepMatches(prep, c, 7);
    }
  });
}

test.after(() => ctxs.forEach((c) => c.destroy()));
test.run();
