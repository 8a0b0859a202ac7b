// The WGSL code generator's entry: plan the kernels of a prepared fit and assemble their WGSL (deterministic text).
import type { PreparedFit } from '../infer/prepare.js';
import { OPTIMIZERS, type OptimizerName } from '../optim/optimizers.js';
import { InternalError } from '../diag/diagnostic.js';
import { planKernels, printPlan, type KernelPlan } from '../plan/plan.js';
import { hoistReciprocals } from './reciprocals.js';
import { singleKernel } from './kernel-single.js';
import { multiKernels } from './kernel-multi.js';

export { planKernels, printPlan, type KernelPlan } from '../plan/plan.js';
export { PlanUnsupported } from '../plan/unsupported.js';

export interface WgslKernel {
  /** 'step' (single plan), 'loop<k>' / 'finish<k>' (multi plan). */
  readonly name: string;
  readonly code: string;
}

export interface WgslProgram {
  readonly plan: KernelPlan;
  readonly kernels: readonly WgslKernel[];
}

export interface CodegenOptions {
  /** The device's fixed subgroup size (0: none); see PlanInput.subgroupSize. */
  readonly subgroupSize?: number;
  /** The .ppl named in the kernels' header comments. */
  readonly file?: string;
  /** The device's binding limits (see PlanInput); absent: WebGPU's defaults. */
  readonly maxBindingBytes?: number;
  readonly maxStorageBuffers?: number;
}

export function planOf(
  prep: PreparedFit,
  optimizer: OptimizerName,
  o: CodegenOptions = {},
): KernelPlan {
  const rule = OPTIMIZERS.get(optimizer);
  if (!rule) throw new InternalError(`unknown optimizer ${optimizer}`);
  return planKernels({
    fn: hoistReciprocals(prep.grad),
    sizes: prep.sizes,
    dataShapes: new Map([...prep.data.arrays].map(([k, a]) => [k, a.shape])),
    optimizerStateArrays: rule.stateArrays,
    ...(o.subgroupSize ? { subgroupSize: o.subgroupSize } : {}),
    ...(o.maxBindingBytes ? { maxBindingBytes: o.maxBindingBytes } : {}),
    ...(o.maxStorageBuffers ? { maxStorageBuffers: o.maxStorageBuffers } : {}),
  });
}

/** Plans and generates every kernel of a fit; `file` names the .ppl in the kernels' header comments. */
export function generateWgsl(
  prep: PreparedFit,
  optimizer: OptimizerName,
  o: CodegenOptions = {},
): WgslProgram {
  const plan = planOf(prep, optimizer, o);
  const file = o.file ?? prep.checked.file;
  const kernels =
    plan.mode === 'single'
      ? [{ name: 'step', code: singleKernel(plan, optimizer, file) }]
      : multiKernels(plan, optimizer, file);
  return { plan, kernels };
}

/** All kernels as one text (`pplc compile --emit wgsl`). */
export function printWgsl(p: WgslProgram): string {
  return p.kernels.map((k) => `// ===== kernel ${k.name} =====\n${k.code}`).join('\n');
}

export { printPlan as planText };
