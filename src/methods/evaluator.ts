// How the estimates after a fit are computed: an estimate function's outputs at the fitted params, on the CPU
// interpreter (here) or on the GPU (src/infer/gpu-evaluate.ts, bound by the WebGPU driver).
import type { IRFunction } from '../ir/ir.js';
import type { Tensor } from '../ir/tensor.js';
import { evaluate } from '../ir/interp.js';
import { dataEnv, type PreparedFit } from '../infer/step-input.js';

/**
 * Computes an estimate function's outputs at the fitted params (its first output a scalar) in `reps` independent
 * repetitions of the stream `stream`, handing each to `each` as it is done: the CPU interpreter or a GPU device
 * (src/infer/gpu-evaluate.ts, which sets its kernels up once for all of them).
 */
export type Evaluator = (
  fn: IRFunction,
  outputs: readonly string[],
  params: ReadonlyMap<string, Float64Array>,
  stream: number,
  reps: number,
  each: (rep: number, vals: Map<string, Tensor>) => void,
) => Promise<void>;

/** The CPU interpreter as an Evaluator (float64; the repetition is the step of the draws' counter). */
export const cpuEvaluator =
  (data: PreparedFit['data'], seed: number): Evaluator =>
  async (fn, _outputs, params, stream, reps, each) => {
    for (let rep = 0; rep < reps; rep++)
      each(rep, evaluate(fn, dataEnv(data, params, seed, stream + rep)));
  };
