// One SVI step of every fitted example on the GPU matches the CPU interpreter: the loss and every gradient.
// The GPU's gradients are read through SGD with lr 1 and no momentum (g = p0 - p1 in unconstrained space).
// Tolerance (float32 against float64): the loss within 1e-5 relative; each gradient element within
// 1e-3 x |g_cpu| + 1e-5 x (1 + |p0|) + 1e-5 x (largest |g| of that param): the last term covers
// cancellation in plate sums of thousands of f32 terms and the f32 rounding of p1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate } from '../../src/ir/interp.js';
import { dataEnv } from '../../src/infer/model.js';
import { runWebGpu } from '../../src/infer/webgpu.js';
import { acquireGpu, type GpuContext } from '../../src/runtime/index.js';
import { FITTED, options, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> =>
  (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));
const SEED = 7;

for (const name of FITTED) {
  test(`${name}: one step on the GPU matches the CPU (loss and every gradient)`, async () => {
    const prep = prepareExample(name);
    const cpu = evaluate(
      prep.grad,
      dataEnv(prep.data, new Map(prep.params.map((p) => [p.decl.name, p.values])), SEED, 1),
    );
    const run = await runWebGpu(
      prep,
      options(1, { name: 'sgd', lr: 1, momentum: 0 }, SEED),
      await gpu(),
    );
    assert.is(run.result.steps, 1);
    assert.is(run.result.divergence, null);
    const lc = cpu.get('loss')!.data[0]!;
    const lg = run.result.losses[0]!;
    assert.ok(Math.abs(lg - lc) <= 1e-5 * Math.abs(lc) + 1e-5, `loss: gpu ${lg}, cpu ${lc}`);
    prep.params.forEach((p, i) => {
      const gc = cpu.get(`grad:${p.decl.name}`)!.data;
      const gmax = Math.max(...Array.from(gc, Math.abs));
      p.values.forEach((p0, k) => {
        const want = gc[k]!;
        const got = p0 - run.unconstrained[i]![k]!;
        const tol = 1e-3 * Math.abs(want) + 1e-5 * (1 + Math.abs(p0)) + 1e-5 * gmax;
        assert.ok(
          Math.abs(got - want) <= tol,
          `grad:${p.decl.name}[${k}]: gpu ${got}, cpu ${want} (tol ${tol})`,
        );
      });
    });
  });
}

test.after(() => ctx?.destroy());
test.run();
