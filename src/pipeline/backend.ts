// Runs a prepared fit on the backend asked for (auto: WebGPU where an adapter exists and the plan is supported, else
// the CPU interpreter, saying why). No lowering here: the runtime entry runs compiled programs through it too.
import type { PreparedFit } from '../infer/step-input.js';
import type { FitResult, RunOptions } from '../infer/fit-result.js';
import type { InferenceMethod } from '../methods/method.js';
import { DEFAULT_HYPERPARAMETERS } from '../optim/optimizer.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import {
  dataBeyondFloat32,
  paramsBeyondFloat32,
  type BeyondFloat32,
} from '../infer/float32-range.js';
import type { Backend, FitSettings } from './fit-options.js';
import type { GpuContext } from '../runtime/gpu.js';

export interface FitRun {
  readonly prep: PreparedFit;
  readonly result: FitResult;
  readonly backend: 'cpu' | 'webgpu';
  /** Why an `auto` fit ran on the CPU, when it did. */
  readonly note?: string;
}

/** A driver's settings from the resolved fit options. */
export function runOptions(
  s: FitSettings,
  onProgress?: (step: number, loss: number) => void,
): RunOptions {
  return {
    steps: s.steps,
    optimizer: {
      ...DEFAULT_HYPERPARAMETERS,
      name: s.optimizer,
      lr: s.lr,
      momentum: s.momentum,
      lrDecay: s.lrDecay,
      clipNorm: s.clipNorm,
    },
    particles: s.particles,
    seed: s.seed,
    draws: s.draws,
    evidenceDraws: s.evidenceDraws,
    importanceSamples: s.importanceSamples,
    ...(onProgress ? { onProgress, progressEvery: Math.max(1, Math.floor(s.steps / 100)) } : {}),
  };
}

/**
 * A job on `backend`: `cpu`, or `webgpu` (no device, or a plan the kernels cannot run, throws), or `auto` (WebGPU,
 * else the CPU with the reason as its note). The device lives as long as the GPU job.
 */
export async function onBackend<T>(
  backend: Backend,
  cpu: () => Promise<T>,
  gpu: (ctx: GpuContext) => Promise<T>,
  /** Why the GPU cannot run this job at all (values beyond float32), checked before a device is acquired. */
  refusal: () => BeyondFloat32 | null = () => null,
): Promise<{ value: T; backend: 'cpu' | 'webgpu'; note?: string }> {
  const onCpu = async (note?: string) => ({
    value: await cpu(),
    backend: 'cpu' as const,
    ...(note === undefined ? {} : { note }),
  });
  if (backend === 'cpu') return onCpu();
  const refused = refusal();
  if (refused && backend === 'webgpu') throw refused;
  if (refused) return onCpu(refused.diagnostic.message);
  const { acquireGpu } = await import('../runtime/gpu.js');
  let ctx;
  try {
    ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
  } catch (e) {
    if (backend === 'webgpu') throw e;
    return onCpu(`no WebGPU device (${(e as Error).message})`);
  }
  try {
    return { value: await gpu(ctx), backend: 'webgpu' };
  } catch (e) {
    if (backend === 'auto' && isPlanUnsupported(e)) return onCpu(e.message);
    throw e;
  } finally {
    ctx.destroy();
  }
}

/** The method's driver on a backend (any method record: the table's, or one a test or tool defines). */
export async function runOn(
  method: Pick<InferenceMethod, 'drivers'>,
  prep: PreparedFit,
  backend: Backend,
  opts: RunOptions,
): Promise<Omit<FitRun, 'prep'>> {
  const drivers = method.drivers;
  const r = await onBackend(
    backend,
    async () => (await drivers.cpu())(prep, opts),
    async (ctx) => (await drivers.webgpu())(prep, opts, ctx),
    () =>
      dataBeyondFloat32(prep.checked, prep.data) ?? paramsBeyondFloat32(prep.checked, prep.params),
  );
  return { result: r.value, backend: r.backend, ...(r.note === undefined ? {} : { note: r.note }) };
}
