// The WGSL code generator's entry: plans the kernels of a step and returns them as data (code, bindings, dispatch
// sizes, buffers, config layout), deterministically.
import type { Objective } from '../ir/objective.js';
import type { Optimizer } from '../optim/optimizer.js';
import { planKernels } from '../plan/plan-kernels.js';
import type { KernelPlan, ParamSlot } from '../plan/types.js';
import { hoistReciprocals } from './reciprocals.js';
import { singleKernel } from './kernel-single.js';
import { multiKernels } from './kernel-multi.js';
import { tensorKernels } from './kernel-tensor.js';
import { OTHER_BUFFERS, type BufferName } from './bindings.js';
import { configFields, type ConfigField } from './config.js';
import type { WgslKernel } from './assemble.js';

export type { WgslKernel } from './assemble.js';

/** What the generator needs: the objective a step runs, the data's sizes and shapes, and the optimizer. */
export interface KernelSource {
  readonly objective: Objective;
  readonly sizes: ReadonlyMap<string, number>;
  readonly dataShapes: ReadonlyMap<string, readonly number[]>;
  readonly optimizer: Optimizer;
  /** The .ppl named in the kernels' header comments. */
  readonly file: string;
}

export interface CodegenOptions {
  /** The device's fixed subgroup size (0: none); see PlanInput.subgroupSize. */
  readonly subgroupSize?: number;
  /** The device's binding limits; absent: WebGPU's defaults. */
  readonly maxBindingBytes?: number;
  readonly maxStorageBuffers?: number;
  /** See PlanInput.kernels. */
  readonly kernels?: 'auto' | 'loops';
  /** A config word added to the RNG's step (ConfigValues.stepBase): evaluations keyed by steps other than 1. */
  readonly stepBase?: boolean;
}

/** A buffer the kernels bind: its size in 4-byte words, or one word per step of the run ('steps'). */
export interface BufferSpec {
  readonly name: BufferName;
  readonly words: number | 'steps';
}

/** What the host reads of a plan: the layouts of the buffers it fills and reads back. */
export interface HostPlan extends Pick<
  KernelPlan,
  'data' | 'dataLength' | 'dataWindows' | 'stateLength' | 'estimates' | 'estimatesLength'
> {
  readonly params: readonly Pick<ParamSlot, 'count' | 'offset' | 'prevOffset'>[];
}

/** The kernels as the WebGPU driver runs them (a compiled module carries this much of a program). */
export interface HostProgram {
  readonly plan: HostPlan;
  /** In dispatch order. */
  readonly kernels: readonly WgslKernel[];
  /** One round of dispatches runs cfg.chunk steps (a fused single-workgroup kernel), or one step. */
  readonly chunked: boolean;
  /** The config struct's fields, for the host's packer. */
  readonly config: readonly ConfigField[];
  readonly buffers: readonly BufferSpec[];
}

export interface WgslProgram extends HostProgram {
  readonly plan: KernelPlan;
}

/** Plans made without a device (`pplc compile`) assume this many storage buffers per stage, as desktop GPUs and lavapipe offer. */
const DEFAULT_STORAGE_BUFFERS = 16;

export function planOf(src: KernelSource, o: CodegenOptions = {}): KernelPlan {
  return planKernels({
    fn: hoistReciprocals(src.objective.fn),
    outputs: src.objective.outputs,
    sizes: src.sizes,
    dataShapes: src.dataShapes,
    optimizerStateArrays: src.optimizer.state.length,
    ...(o.subgroupSize ? { subgroupSize: o.subgroupSize } : {}),
    ...(o.maxBindingBytes ? { maxBindingBytes: o.maxBindingBytes } : {}),
    ...(o.kernels ? { kernels: o.kernels } : {}),
    maxDataWindows: Math.max(0, (o.maxStorageBuffers ?? DEFAULT_STORAGE_BUFFERS) - OTHER_BUFFERS),
  });
}

/** Plans and generates every kernel of a step. */
export function generateWgsl(src: KernelSource, o: CodegenOptions = {}): WgslProgram {
  const plan = planOf(src, o);
  const optimizer = src.optimizer;
  const k = {
    plan,
    optimizer,
    config: configFields(optimizer, o.stepBase ?? false),
    file: src.file,
  };
  const multi =
    plan.mode === 'multi' ? multiKernels(k) : plan.mode === 'tensor' ? tensorKernels(k) : null;
  const kernels = multi ? multi.kernels : [singleKernel(k)];
  const buffers: BufferSpec[] = [
    { name: 'data', words: Math.max(4, Math.ceil(plan.dataLength / 4) * 4) },
    { name: 'state', words: Math.max(1, plan.stateLength) },
    { name: 'cfg', words: k.config.length },
    { name: 'ctrl', words: 2 },
    { name: 'losses', words: 'steps' },
  ];
  if (plan.mode === 'multi')
    buffers.push(
      { name: 'partials', words: Math.max(1, plan.workgroups * plan.totalsLength) },
      { name: 'totals', words: Math.max(1, plan.totalsLength) },
    );
  if (multi) buffers.push({ name: 'glob', words: Math.max(1, multi.globFloats) });
  if (plan.estimatesLength > 0) buffers.push({ name: 'estimates', words: plan.estimatesLength });
  return { plan, kernels, chunked: !multi, config: k.config, buffers };
}

/** All kernels as one text (`pplc compile --emit wgsl`). */
export function printWgsl(p: Pick<WgslProgram, 'kernels'>): string {
  return p.kernels.map((k) => `// ===== kernel ${k.name} =====\n${k.code}`).join('\n');
}
