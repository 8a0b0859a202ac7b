// The kernels `pplc compile --data` embeds in a module (src/infer/compiled-kernels.ts): generated as a fit on a device
// of the given subgroup size would generate them, kept as data.
import { generateWgsl, type KernelSource } from '../codegen-wgsl/generate.js';
import type { OptimizerName } from '../optim/optimizers.js';
import { keyOf, type CompiledKernels } from './compiled-kernels.js';

/**
 * The kernels of `src` planned for a device of this subgroup size with WebGPU's default binding limits (as
 * `pplc compile --emit wgsl` prints them); the generator is deterministic, so a fit generating them again for
 * such a device gets these bytes.
 */
export function compileKernels(
  src: KernelSource,
  optimizer: OptimizerName,
  subgroupSize: number,
): CompiledKernels {
  const p = generateWgsl(src, { subgroupSize });
  const plan = p.plan;
  return {
    key: keyOf(src, optimizer, subgroupSize),
    plan: {
      params: plan.params.map((s) => ({
        count: s.count,
        offset: s.offset,
        prevOffset: s.prevOffset,
      })),
      data: plan.data,
      dataLength: plan.dataLength,
      dataWindows: plan.dataWindows,
      stateLength: plan.stateLength,
      estimates: plan.estimates,
      estimatesLength: plan.estimatesLength,
    },
    kernels: p.kernels,
    chunked: p.chunked,
    buffers: p.buffers,
  };
}
