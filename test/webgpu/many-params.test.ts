// Many scalar params (issue 12): 300 params, each with its own observation, fit on WebGPU as one computation over a
// batch axis (src/ir/passes/batch-scalars), with a shader whose size does not grow with their number (written out,
// 100 params were 73 KB of WGSL and 300 took minutes to compile on lavapipe). The fit equals the CPU's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/api/library.js';
import { batchedInput } from '../../src/infer/batched-input.js';
import { runWebGpu } from '../../src/infer/webgpu-driver.js';
import { prepareExample, options } from './helpers.js';

/** n scalar params p_k, each the mean of its own observation y_k = k / 100; positive ones where asked. */
function program(n: number, positive = false): { ppl: string; data: Record<string, number> } {
  const lines = Array.from({ length: n }, (_, k) => `data y${k}: real`);
  lines.push('model {');
  for (let k = 0; k < n; k++) {
    lines.push(`  param p${k}${positive ? ': positive' : ''} = 1.0`);
    lines.push(`  observe y${k} ~ Normal(p${k}, 1)`);
  }
  lines.push('}');
  return {
    ppl: lines.join('\n') + '\n',
    data: Object.fromEntries(Array.from({ length: n }, (_, k) => [`y${k}`, (k + 1) / 100])),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'pplc-many-'));
function files(n: number, positive = false): { ppl: string; json: string } {
  const p = program(n, positive);
  const ppl = join(dir, `p${n}${positive ? 'pos' : ''}.ppl`);
  const json = join(dir, `p${n}.json`);
  writeFileSync(ppl, p.ppl);
  writeFileSync(json, JSON.stringify(p.data));
  return { ppl, json };
}

test('300 scalar params batch into one packed param, its gradient one output', async () => {
  const f = files(300);
  const prep = await prepareExample('many', 1, f.ppl, f.json);
  const b = batchedInput(prep);
  assert.ok(b, 'batched');
  assert.is(b!.input.params.length, 1);
  assert.equal(b!.input.params[0]!.shape, [300]);
  assert.is(b!.input.objective.outputs.length, 2);
});

test('fewer than 8 copies are left as written', async () => {
  const f = files(5);
  assert.is(batchedInput(await prepareExample('few', 1, f.ppl, f.json)), null);
});

for (const positive of [false, true])
  test(`300 ${positive ? 'positive ' : ''}params fit on WebGPU as on the CPU, with a small shader`, async () => {
    const f = files(300, positive);
    const prep = await prepareExample('many', 1, f.ppl, f.json);
    const run = await runWebGpu(prep, options(200, { lr: 0.05 }));
    const wgsl = run.program.kernels.reduce((n, k) => n + k.code.length, 0);
    assert.ok(wgsl < 40_000, `${wgsl} bytes of WGSL`);
    const p = program(300, positive);
    const m = await loadModel(p.ppl, 'many.ppl');
    const cpu = await m.fit(p.data, { steps: 200, lr: 0.05, backend: 'cpu' });
    for (let k = 0; k < 300; k += 37) {
      const gpu = run.result.params.get(`p${k}`)!.values[0]!;
      const want = cpu.params[`p${k}`] as number;
      assert.ok(Math.abs(gpu - want) < 1e-3, `p${k}: ${gpu} vs ${want}`);
    }
  });

test.run();
