// Runs a simulation on the backend asked for (auto: WebGPU where an adapter exists and the plan supports the forward
// functions, else the CPU interpreter, saying why), each chunk of draws one evaluation of the same keyed functions.
import {
  simulate,
  type SimulateRequest,
  type Simulation,
  type StepEvaluator,
} from '../infer/simulate.js';
import type { GpuContext } from '../runtime/gpu.js';
import type { IRFunction } from '../ir/ir.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import type { Backend } from './fit-options.js';
import { onBackend } from './backend.js';
import { dataBeyondFloat32 } from '../infer/float32-range.js';

export interface SimulationRun {
  readonly sim: Simulation;
  readonly backend: 'cpu' | 'webgpu';
  /** Why an `auto` simulation ran on the CPU, when it did. */
  readonly note?: string;
}

/**
 * A GPU device as a StepEvaluator: the fit's kernels set up once per function, one step per chunk. Loop kernels
 * where they can run the function: a chunk's draws spread over threads and workgroups, where the fused kernel
 * would unroll them into one thread's code (hundreds of draws compile for minutes on lavapipe); else the
 * planner's choice.
 */
async function gpuSteps(ctx: GpuContext, file: string): Promise<StepEvaluator> {
  const { evaluateOnGpu } = await import('../infer/gpu-evaluate.js');
  const fused = new WeakSet<IRFunction>();
  return async (fn, outputs, data, params, seed, steps, each) => {
    const run = (kernels: 'auto' | 'loops') =>
      evaluateOnGpu(
        ctx,
        { fn, outputs, data, params, file, steps, kernels },
        steps.map(() => seed),
        each,
      );
    if (!fused.has(fn))
      try {
        return await run('loops');
      } catch (e) {
        // Planning fails before any step runs, so nothing was handed to `each`.
        if (!isPlanUnsupported(e)) throw e;
        fused.add(fn);
      }
    return run('auto');
  };
}

/** The simulation on `backend`; `webgpu` throws (no device, or a plan it cannot run) where `auto` falls back. */
export async function simulateOn(
  req: SimulateRequest,
  backend: Backend,
  file: string,
): Promise<SimulationRun> {
  // The same keys on the CPU: a fallback after some chunks ran gives the draws a CPU run would.
  const r = await onBackend(
    backend,
    () => simulate(req),
    async (ctx) => simulate(req, await gpuSteps(ctx, file)),
    () => dataBeyondFloat32(req.checked, req.data),
  );
  return { sim: r.value, backend: r.backend, ...(r.note === undefined ? {} : { note: r.note }) };
}
