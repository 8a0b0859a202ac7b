// An IR function's outputs at given params, computed on a WebGPU device as one step of the kernels that fit programs
// (the first output, a scalar, in the loss's place; the others read back as estimates): the estimates that follow a
// fit (log-evidence, moments, importance samples) without the CPU interpreter's float64 tensors of every value.
import type { IRFunction } from '../ir/ir.js';
import type { Tensor } from '../ir/tensor.js';
import type { Objective } from '../ir/objective.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { DEFAULT_HYPERPARAMETERS } from '../optim/optimizer.js';
import type { GpuContext } from '../runtime/gpu.js';
import type { BoundData } from '../data/bound.js';
import { valueAxes, type ParamState } from './prepare.js';
import { stepWebGpu } from './webgpu-driver.js';

export interface GpuEvaluation {
  readonly fn: IRFunction;
  /** The outputs to compute: the first a scalar (its non-finite value is NaN here), the rest any shape. */
  readonly outputs: readonly string[];
  readonly data: BoundData;
  /** Every param's unconstrained values, row-major over its axes. */
  readonly params: ReadonlyMap<string, Float64Array>;
  readonly file: string;
}

/** The outputs by name, each over its equation's axes (as the interpreter returns them), drawn with `seed`. */
export async function evaluateOnGpu(
  ctx: GpuContext,
  ev: GpuEvaluation,
  seed: number,
): Promise<Map<string, Tensor>> {
  const [first, ...rest] = ev.outputs;
  const objective: Objective = {
    fn: ev.fn,
    outputs: [
      { name: first!, role: { kind: 'loss' } },
      ...rest.map((name) => ({ name, role: { kind: 'estimate' as const } })),
    ],
  };
  const sizes = resolveAxisSizes(ev.fn.axes, ev.data.sizes);
  const params: ParamState[] = ev.fn.params.map((decl) => ({
    decl,
    shape: decl.axes.map((a) => sizes.get(a)!),
    values: ev.params.get(decl.name)!,
  }));
  const run = await stepWebGpu(
    { objective, data: ev.data, params, sizes: ev.data.sizes, file: ev.file },
    {
      steps: 1,
      optimizer: { ...DEFAULT_HYPERPARAMETERS, name: 'sgd' },
      particles: 1,
      seed,
      draws: 0,
    },
    ctx,
  );
  const out = new Map<string, Tensor>();
  out.set(first!, { axes: [], shape: [], data: Float64Array.of(run.steps ? run.losses[0]! : NaN) });
  for (const name of rest) {
    const axes = valueAxes(ev.fn, ev.fn.outputs[name]!);
    const shape = axes.map((a) => sizes.get(a)!);
    const n = shape.reduce((p, x) => p * x, 1);
    const got = run.estimates.get(name);
    out.set(name, {
      axes,
      shape,
      data: run.steps && got ? got : new Float64Array(n).fill(NaN),
    });
  }
  return out;
}
