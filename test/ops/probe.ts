// Test helper: a small objective whose estimates are one op's results, run one step on the CPU interpreter and on WebGPU.
import { Builder } from '../../src/ir/builder.js';
import type { Axis, AxisId, ParamDecl, ValueId } from '../../src/ir/ir.js';
import type { BoundArray } from '../../src/data/bound.js';
import type { ParamState, StepInput } from '../../src/infer/prepare.js';
import type { RunOptions } from '../../src/infer/fit-result.js';
import { stepCpu } from '../../src/infer/cpu-driver.js';
import { stepWebGpu } from '../../src/infer/webgpu-driver.js';
import type { GpuContext } from '../../src/runtime/gpu.js';
import { DEFAULT_HYPERPARAMETERS } from '../../src/optim/optimizer.js';

/**
 * How far the GPU may be from the CPU: |gpu - want| <= abs + ulp * (float32 spacing at want), where want is
 * the CPU's float64 result rounded to float32.
 */
export interface Bound {
  readonly ulp: number;
  readonly abs: number;
}

/** One estimate of a probe: its value, a label per element (for messages) and each element's bound. */
export interface ProbeOutput {
  readonly name: string;
  readonly value: ValueId;
  readonly labels: readonly string[];
  readonly bounds: readonly Bound[];
}

/** One element's results on both backends. */
export interface Agreement {
  readonly label: string;
  readonly cpu: number;
  readonly gpu: number;
  readonly bound: Bound;
}

/**
 * A function under construction with its data, sizes and params. Data are rounded to float32 here, so the
 * CPU computes in float64 on exactly the inputs the GPU reads.
 */
export class Probe {
  readonly b = new Builder('probe');
  readonly arrays = new Map<string, BoundArray>();
  readonly sizes = new Map<string, number>();
  readonly params: ParamState[] = [];
  readonly outputs: ProbeOutput[] = [];

  /** A plate (or other role) axis of literal size, or of a data size when `sizeName` is given. */
  axis(id: AxisId, n: number, more: Partial<Axis> = {}, sizeName?: string): AxisId {
    if (sizeName !== undefined) this.sizes.set(sizeName, n);
    const size: Axis['size'] =
      sizeName === undefined ? { kind: 'lit', value: n } : { kind: 'data', name: sizeName };
    return this.b.addAxis({ id, role: 'plate', size, ...more });
  }

  private size(a: AxisId): number {
    const ax = this.b.axis(a);
    if (ax.packedFrom)
      return ax.packedFrom.reduce((s, part) => s + part.reduce((m, p) => m * this.size(p), 1), 0);
    if (ax.size.kind === 'lit') return ax.size.value;
    const n = this.sizes.get(ax.size.name);
    if (n === undefined) throw new Error(`no size ${ax.size.name}`);
    return n;
  }

  private shapeOf(dims: readonly AxisId[]): number[] {
    return dims.map((a) => this.size(a));
  }

  /** A data array over `dims` (row-major in that order), its values rounded to float32. */
  data(name: string, dims: readonly AxisId[], values: readonly number[]): ValueId {
    const shape = this.shapeOf(dims);
    const n = shape.reduce((a, c) => a * c, 1);
    if (values.length !== n)
      throw new Error(`${name}: ${values.length} values for shape [${shape}]`);
    this.arrays.set(name, { shape, values: Float64Array.from(values, Math.fround) });
    return this.b.data(name, dims);
  }

  /** A real param over `axes` starting at `values` (float32-rounded, as the GPU's state buffer holds them). */
  param(name: string, axes: readonly AxisId[], values: readonly number[]): ValueId {
    const decl: ParamDecl = { name, axes, constraint: { kind: 'real' }, block: 'guide' };
    this.b.declareParam(decl);
    this.params.push({
      decl,
      shape: this.shapeOf(axes),
      values: Float64Array.from(values, Math.fround),
    });
    return this.b.param(name);
  }

  /** Declares `v` an estimate; labels and bounds default to `name[i]` and `bound` for every element. */
  estimate(
    name: string,
    v: ValueId,
    bound: Bound | readonly Bound[],
    labels?: readonly string[],
  ): void {
    const n = this.shapeOf(this.b.axesOf(v)).reduce((a, c) => a * c, 1);
    const ls = labels ?? Array.from({ length: n }, (_, i) => `${name}[${i}]`);
    const bs = Array.isArray(bound) ? (bound as readonly Bound[]) : ls.map(() => bound as Bound);
    if (ls.length !== n || bs.length !== n)
      throw new Error(`${name}: ${n} elements, ${ls.length} labels, ${bs.length} bounds`);
    this.outputs.push({ name, value: v, labels: ls, bounds: bs });
  }

  /** The step input: the estimates, and a constant loss (the planner folds it; a step needs one). */
  input(): StepInput {
    const fn = this.b.finish({
      loss: this.b.const(0),
      ...Object.fromEntries(this.outputs.map((o) => [o.name, o.value])),
    });
    return {
      objective: {
        fn,
        outputs: [
          { name: 'loss', role: { kind: 'loss' } },
          ...this.outputs.map((o) => ({ name: o.name, role: { kind: 'estimate' as const } })),
        ],
      },
      data: { sizes: this.sizes, arrays: this.arrays },
      params: this.params,
      sizes: this.sizes,
      file: 'test/ops/probe',
    };
  }
}

/** One step, SGD (the loss is constant: no param moves), seed 7: the keyed draws see step 1 on both backends. */
export const ONE_STEP: RunOptions = {
  steps: 1,
  optimizer: { ...DEFAULT_HYPERPARAMETERS, name: 'sgd' },
  particles: 1,
  seed: 7,
  draws: 1000,
};

/** Runs the probe on both backends and pairs every estimate element. */
export async function runBoth(p: Probe, ctx: GpuContext): Promise<Agreement[]> {
  const input = p.input();
  const cpu = stepCpu(input, ONE_STEP);
  const gpu = await stepWebGpu(input, ONE_STEP, ctx);
  if (cpu.steps !== 1 || gpu.steps !== 1)
    throw new Error(`steps: cpu ${cpu.steps}, gpu ${gpu.steps} (${gpu.divergence?.message})`);
  return p.outputs.flatMap((o) => {
    const c = cpu.estimates.get(o.name);
    const g = gpu.estimates.get(o.name);
    if (!c || !g) throw new Error(`estimate ${o.name} missing (cpu ${!!c}, gpu ${!!g})`);
    if (c.length !== o.labels.length || g.length !== o.labels.length)
      throw new Error(`${o.name}: cpu ${c.length}, gpu ${g.length}, want ${o.labels.length}`);
    return o.labels.map((label, i) => ({ label, cpu: c[i]!, gpu: g[i]!, bound: o.bounds[i]! }));
  });
}

/** The spacing of float32 values at |x| (subnormal spacing below the normal range). */
export function ulp32(x: number): number {
  const a = Math.abs(x);
  if (!(a >= 2 ** -126)) return 2 ** -149;
  let e = Math.floor(Math.log2(a));
  // log2 may round up to the next integer just below a power of two.
  if (2 ** e > a) e--;
  return 2 ** (e - 23);
}

/**
 * Whether the GPU's float32 value agrees with the CPU's float64 one. The CPU's value rounded to float32 is the
 * target: a float64 result beyond float32's range is then an infinity, which the GPU must produce too. NaN must
 * meet NaN and an infinity the same infinity. A target below float32's normal range may come back as zero:
 * WGSL lets a device flush subnormals.
 */
export function agrees(cpu: number, gpu: number, b: Bound): boolean {
  const want = Math.fround(cpu);
  if (Number.isNaN(want) || Number.isNaN(gpu)) return Number.isNaN(want) && Number.isNaN(gpu);
  if (!Number.isFinite(want) || !Number.isFinite(gpu)) return want === gpu;
  if (Math.abs(want) < 2 ** -126 && gpu === 0) return true;
  return Math.abs(gpu - want) <= b.abs + b.ulp * ulp32(want);
}
