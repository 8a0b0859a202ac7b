// One SVI step of every fitted example on the GPU matches the CPU interpreter: the loss and every gradient.
// Gradients are read through SGD with lr 1 and no momentum (g = p0 - p1, exact up to one f32 rounding of p1).
// Tolerance (float32 against float64): loss within 1e-5 relative; each gradient element within
// 1e-3 x |g_cpu| + 1e-4 x (1 + |p0|) + 1e-5 x (largest |g| of that param): the last term covers
// cancellation in plate sums of thousands of f32 terms.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitCpu } from '../../src/infer/cpu.js';
import { bijectionOf } from '../../src/lower/constraints.js';
import { fitWebGpu } from '../../src/infer/webgpu.js';
import { acquireGpu, type GpuContext } from '../../src/runtime/index.js';
import { FITTED, options, prepareExample } from './helpers.js';

let ctx: GpuContext | undefined;
const gpu = async (): Promise<GpuContext> => (ctx ??= await acquireGpu({ optionalFeatures: ['subgroups'] }));

for (const name of FITTED) {
  test(`${name}: one step on the GPU matches the CPU (loss and every gradient)`, async () => {
    const prep = prepareExample(name);
    const opts = options(1, { name: 'sgd', lr: 1, momentum: 0 }, 7);
    const c = fitCpu(prep, opts);
    const g = await fitWebGpu(prep, opts, await gpu());
    assert.is(g.steps, 1);
    assert.is(g.divergence, null);
    const lc = c.losses[0]!;
    const lg = g.losses[0]!;
    assert.ok(Math.abs(lg - lc) <= 1e-5 * Math.abs(lc) + 1e-5, `loss: gpu ${lg}, cpu ${lc}`);
    // Compare in unconstrained space: g = p0 - p1 with p1 the unconstrained params after the step.
    const unconstrained = (r: typeof c) => prep.params.map((p) => {
      const v = r.params.get(p.decl.name)!.values;
      const bij = bijectionOf(p.decl.constraint);
      return Float64Array.from(v, (x) => bij.inverse(x));
    });
    const pc = unconstrained(c);
    const pg = unconstrained(g);
    prep.params.forEach((p, i) => {
      const gc = p.values.map((p0, k) => p0 - pc[i]![k]!);
      const gg = p.values.map((p0, k) => p0 - pg[i]![k]!);
      const gmax = Math.max(...gc.map(Math.abs));
      gc.forEach((want, k) => {
        const tol = 1e-3 * Math.abs(want) + 1e-4 * (1 + Math.abs(p.values[k]!)) + 1e-5 * gmax;
        assert.ok(Math.abs(gg[k]! - want) <= tol, `${name} grad:${p.decl.name}[${k}]: gpu ${gg[k]}, cpu ${want} (tol ${tol})`);
      });
    });
  });
}

test.after(() => ctx?.destroy());
test.run();
