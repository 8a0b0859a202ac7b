// An IR function's outputs at given params, computed on a WebGPU device as steps of the kernels that fit programs
// (the first output, a scalar, in the loss's place; the others read back as estimates), one step per seed on one
// set of buffers: the estimates that follow a fit (log-evidence, moments, importance samples) without the CPU
// interpreter's float64 tensors of every value.
import type { IRFunction } from '../ir/ir.js';
import type { Tensor } from '../ir/tensor.js';
import type { Objective } from '../ir/objective.js';
import { resolveAxisSizes } from '../ir/axes.js';
import type { GpuContext } from '../runtime/gpu.js';
import type { BoundData } from '../data/bound.js';
import { valueAxes, type ParamState } from './step-input.js';
import { repeatWebGpu } from './webgpu-driver.js';

export interface GpuEvaluation {
  readonly fn: IRFunction;
  /** The outputs to compute: the first a scalar (its non-finite value is NaN here), the rest any shape. */
  readonly outputs: readonly string[];
  readonly data: BoundData;
  /** Every param's unconstrained values, row-major over its axes. */
  readonly params: ReadonlyMap<string, Float64Array>;
  readonly file: string;
  /** The RNG step of each seed's evaluation (absent: 1, a fit's first step; see repeatWebGpu). */
  readonly steps?: readonly number[];
  /** The kernels to plan (absent: the planner's choice; see CodegenOptions.kernels). */
  readonly kernels?: 'auto' | 'loops';
}

/** The outputs by name at each seed, each over its equation's axes (as the interpreter returns them). */
export async function evaluateOnGpu(
  ctx: GpuContext,
  ev: GpuEvaluation,
  seeds: readonly number[],
  each: (rep: number, vals: Map<string, Tensor>) => void,
): Promise<void> {
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
  const layouts = rest.map((name) => {
    const axes = valueAxes(ev.fn, ev.fn.outputs[name]!);
    return { name, axes, shape: axes.map((a) => sizes.get(a)!) };
  });
  await repeatWebGpu(
    { objective, data: ev.data, params, sizes: ev.data.sizes, file: ev.file },
    seeds,
    ctx,
    (rep, e) => {
      const out = new Map<string, Tensor>();
      out.set(first!, { axes: [], shape: [], data: Float64Array.of(e.loss) });
      for (const { name, axes, shape } of layouts) {
        const n = shape.reduce((p, x) => p * x, 1);
        out.set(name, {
          axes,
          shape,
          data: e.estimates.get(name) ?? new Float64Array(n).fill(NaN),
        });
      }
      each(rep, out);
    },
    ev.steps,
    ev.kernels ? { kernels: ev.kernels } : {},
  );
}
