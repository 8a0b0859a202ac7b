// Chooses where a fit runs: WebGPU when an adapter exists (or is asked for), else the CPU interpreter.
import type { PreparedFit } from './prepare.js';
import type { FitOptions, FitResult } from './fit-result.js';
import { fitCpu } from './cpu-driver.js';
import { isPlanUnsupported } from '../plan/unsupported.js';

export type Backend = 'auto' | 'cpu' | 'webgpu';

export interface BackendRun {
  readonly result: FitResult;
  readonly backend: 'cpu' | 'webgpu';
  /** Why an `auto` fit ran on the CPU, when it did. */
  readonly note?: string;
}

export { isPlanUnsupported };

export async function runFit(
  prep: PreparedFit,
  backend: Backend,
  opts: FitOptions,
): Promise<BackendRun> {
  if (backend === 'cpu') return { result: fitCpu(prep, opts), backend: 'cpu' };
  const { acquireGpu } = await import('../runtime/gpu.js');
  let ctx;
  try {
    ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
  } catch (e) {
    if (backend === 'webgpu') throw e;
    return {
      result: fitCpu(prep, opts),
      backend: 'cpu',
      note: `no WebGPU device (${(e as Error).message})`,
    };
  }
  try {
    const { fitWebGpu } = await import('./webgpu-driver.js');
    return { result: await fitWebGpu(prep, opts, ctx), backend: 'webgpu' };
  } catch (e) {
    if (backend === 'auto' && isPlanUnsupported(e))
      return { result: fitCpu(prep, opts), backend: 'cpu', note: e.message };
    throw e;
  } finally {
    ctx.destroy();
  }
}
