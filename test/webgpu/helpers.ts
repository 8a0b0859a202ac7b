// Loading an example into a PreparedFit and fit options for the WebGPU tests.
import * as assert from 'uvu/assert';
import { evaluate } from '../../src/ir/interp.js';
import { stepRoles } from '../../src/ir/objective.js';
import { dataEnv } from '../../src/infer/prepare.js';
import { runWebGpu } from '../../src/infer/webgpu-driver.js';
import type { GpuContext } from '../../src/runtime/gpu.js';
import { loadExample } from '../support/examples.js';
import { prepareFit, type PreparedFit } from '../../src/infer/prepare.js';
import type { RunOptions } from '../../src/infer/fit-result.js';
import type { CodegenOptions } from '../../src/codegen-wgsl/generate.js';
import type { OptimizerConfig } from '../../src/optim/optimizers.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/optim/optimizer.js';

export { FITTED } from '../support/examples.js';

export async function prepareExample(
  name: string,
  particles = 1,
  ppl?: string,
  dataFile?: string,
): Promise<PreparedFit> {
  const { checked, data, objective } = await loadExample(name, ppl, dataFile, { particles });
  return prepareFit(checked, data, objective);
}

export function options(steps: number, opt: Partial<OptimizerConfig>, seed = 0): RunOptions {
  return {
    steps,
    optimizer: { ...DEFAULT_HYPERPARAMETERS, name: 'adam', ...opt },
    particles: 1,
    seed,
    draws: 1000,
  };
}

/**
 * One SVI step on the GPU matches the CPU interpreter: the loss and every gradient, read through SGD with lr 1
 * and no momentum (g = p0 - p1 in unconstrained space). Tolerance (float32 against float64): the loss within
 * 1e-5 relative; each gradient element within 1e-3 |g_cpu| + 1e-5 (1 + |p0|) + 1e-5 (largest |g| of that
 * param): the last term covers cancellation in plate sums of thousands of f32 terms and the rounding of p1.
 */
export async function assertOneStepMatches(
  prep: PreparedFit,
  ctx: GpuContext,
  seed: number,
  particles = 1,
  codegen: CodegenOptions = {},
  /** The last term's factor: larger where the loss is a sum of thousands of nats (float32 log-weights then differ). */
  spread = 1e-5,
): Promise<void> {
  const cpu = evaluate(
    prep.objective.fn,
    dataEnv(prep.data, new Map(prep.params.map((p) => [p.decl.name, p.values])), seed, 1),
  );
  const run = await runWebGpu(
    prep,
    { ...options(1, { name: 'sgd', lr: 1, momentum: 0 }, seed), particles },
    ctx,
    codegen,
  );
  assert.is(run.result.steps, 1);
  assert.is(run.result.divergence, null);
  const lc = cpu.get('loss')!.data[0]!;
  const lg = run.result.losses[0]!;
  assert.ok(Math.abs(lg - lc) <= 1e-5 * Math.abs(lc) + 1e-5, `loss: gpu ${lg}, cpu ${lc}`);
  const roles = stepRoles(prep.objective);
  const outputOf = new Map(
    prep.objective.outputs.flatMap((d) =>
      d.role.kind === 'gradient' || d.role.kind === 'assign' ? [[d.role.param, d.name]] : [],
    ),
  );
  prep.params.forEach((p, i) => {
    const name = outputOf.get(p.decl.name);
    // A param with no update (a source term) must come back unchanged.
    if (name === undefined) {
      assert.equal([...run.unconstrained[i]!], [...p.values], `${p.decl.name} changed`);
      return;
    }
    const gc = cpu.get(name)!.data;
    const gmax = Math.max(...Array.from(gc, Math.abs));
    const assigned = roles.assigned.has(p.decl.name);
    p.values.forEach((p0, k) => {
      const want = gc[k]!;
      // An assigned param's next value is the output itself; an optimized one moved by SGD with lr 1.
      const got = assigned ? run.unconstrained[i]![k]! : p0 - run.unconstrained[i]![k]!;
      const tol = 1e-3 * Math.abs(want) + 1e-5 * (1 + Math.abs(p0)) + spread * gmax;
      assert.ok(Math.abs(got - want) <= tol, `${name}[${k}]: gpu ${got}, cpu ${want} (tol ${tol})`);
    });
  });
}
