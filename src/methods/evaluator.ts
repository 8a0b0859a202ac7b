// How the estimates after a fit are computed: an estimate function's outputs at the fitted params, on the CPU
// interpreter (here) or on the GPU (src/infer/gpu-evaluate.ts, bound by the WebGPU driver).
import type { IRFunction } from '../ir/ir.js';
import type { Tensor } from '../ir/tensor.js';
import { evaluate } from '../ir/interp.js';
import { dataEnv, type PreparedFit } from '../infer/prepare.js';

/**
 * Computes an estimate function's outputs at the fitted params (its first output a scalar), repetition `rep` of
 * the stream `stream`: the CPU interpreter or a GPU device (src/infer/gpu-evaluate.ts).
 */
export type Evaluator = (
  fn: IRFunction,
  outputs: readonly string[],
  params: ReadonlyMap<string, Float64Array>,
  stream: number,
  rep: number,
) => Promise<Map<string, Tensor>>;

/** The CPU interpreter as an Evaluator (float64; the repetition is the step of the draws' counter). */
export const cpuEvaluator =
  (data: PreparedFit['data'], seed: number): Evaluator =>
  async (fn, _outputs, params, stream, rep) =>
    evaluate(fn, dataEnv(data, params, seed, stream + rep));
