// The kernels a compiled module carries for the data's sizes given at `pplc compile --data` (made by embed-kernels.ts),
// and the test that lets the WebGPU driver run them in place of planning: a fit's sizes and kernel-shaping settings.
import type {
  BufferSpec,
  HostPlan,
  HostProgram,
  KernelSource,
  WgslKernel,
} from '../codegen-wgsl/generate.js';
import { configFields } from '../codegen-wgsl/config.js';
import { OTHER_BUFFERS } from '../codegen-wgsl/bindings.js';
import { dataWindowsFor } from '../plan/layout.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import { OPTIMIZERS, type OptimizerConfig, type OptimizerName } from '../optim/optimizers.js';

/** What kernels were generated for besides the objective: a fit runs them only where all of it is the same. */
export interface KernelKey {
  /** Every size, by name. */
  readonly sizes: readonly (readonly [string, number])[];
  /** Every data array's shape, by name. */
  readonly dataShapes: readonly (readonly [string, readonly number[]])[];
  /** The optimizer's state arrays and WGSL are in the kernels (its hyperparameters are config words). */
  readonly optimizer: OptimizerName;
  /** The device's fixed subgroup size planned for (0: no subgroups; see PlanInput.subgroupSize). */
  readonly subgroupSize: number;
}

/** A program as data (the config's fields are code: rebuilt from the optimizer's record). */
export interface CompiledKernels {
  readonly key: KernelKey;
  readonly plan: HostPlan;
  readonly kernels: readonly WgslKernel[];
  readonly chunked: boolean;
  readonly buffers: readonly BufferSpec[];
}

/** What a device tells the planner (src/infer/webgpu-driver.ts reads it off the device). */
export interface DeviceShape {
  readonly subgroupSize: number;
  readonly maxBindingBytes: number;
  readonly maxStorageBuffers: number;
}

const byName = <T>(m: ReadonlyMap<string, T>): [string, T][] =>
  [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The key of kernels generated from `src` (what a fit compares). */
export function keyOf(
  src: Pick<KernelSource, 'sizes' | 'dataShapes'>,
  optimizer: OptimizerName,
  subgroupSize: number,
): KernelKey {
  return { sizes: byName(src.sizes), dataShapes: byName(src.dataShapes), optimizer, subgroupSize };
}

/**
 * The carried kernels that a fit of `src` with `optimizer` on `device` would generate, or null. Binding limits
 * reach the plan only through the data windows (src/plan/layout.ts dataWindowsFor), so the device's windows for
 * the carried data length must be the carried ones.
 */
export function carriedKernels(
  carried: readonly CompiledKernels[],
  src: Pick<KernelSource, 'sizes' | 'dataShapes'>,
  optimizer: OptimizerConfig,
  device: DeviceShape,
): HostProgram | null {
  // An optimizer outside the table (a test's) has its own WGSL.
  if (optimizer.rule !== undefined) return null;
  const want = JSON.stringify(keyOf(src, optimizer.name, device.subgroupSize));
  const k = carried.find((c) => JSON.stringify(c.key) === want);
  if (!k) return null;
  let windows;
  try {
    windows = dataWindowsFor(
      k.plan.dataLength,
      device.maxBindingBytes,
      Math.max(0, device.maxStorageBuffers - OTHER_BUFFERS),
    );
  } catch (e) {
    if (isPlanUnsupported(e)) return null;
    throw e;
  }
  if (JSON.stringify(windows) !== JSON.stringify(k.plan.dataWindows)) return null;
  return {
    plan: k.plan,
    kernels: k.kernels,
    chunked: k.chunked,
    buffers: k.buffers,
    config: configFields(OPTIMIZERS[k.key.optimizer]),
  };
}
