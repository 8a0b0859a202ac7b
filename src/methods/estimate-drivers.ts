// The drivers of a method fitted by the log of an importance-sampling estimate (mp-vi, rws, qem, is): the stepping
// drivers of src/infer, then the evidence, moments and importance samples at the fitted params. They lower nothing:
// the functions evaluated after the fit come from a source (lowered by the method, or a compiled module's).
import type { FitResult, RunOptions } from '../infer/fit-result.js';
import type { PreparedFit } from '../infer/step-input.js';
import type { EstimateSource } from '../infer/estimate-functions.js';
import type { Evaluator } from './evaluator.js';
import { InternalError } from '../diag/diagnostic.js';
import type { InferenceMethod } from './method.js';
import { DEFAULT_EVIDENCE_DRAWS, DEFAULT_IMPORTANCE_SAMPLES } from './method-names.js';

/** The K the objective was built with: the size of its sample (or, for `is`, particle) axes. */
export function kOf(prep: PreparedFit): number {
  const a = prep.objective.fn.axes.find((x) => x.role === 'ksample' || x.role === 'particle');
  if (!a) return 1;
  if (a.size.kind !== 'lit') throw new InternalError(`sample axis ${a.id} has no literal size`);
  return a.size.value;
}

/** A GPU repetition's RNG key: its kernels count steps from 1, so the repetition moves the key instead. */
const repetitionSeed = (seed: number, rep: number): number =>
  (seed ^ Math.imul(rep, 0x9e3779b1)) >>> 0;

/** The stepping drivers, then the estimates after the fit from the functions `functionsOf` gives for a fit. */
export function estimateDrivers(
  functionsOf: (prep: PreparedFit) => EstimateSource,
): InferenceMethod['drivers'] {
  const evidence = async (): Promise<
    (p: PreparedFit, o: RunOptions, r: FitResult, e: Evaluator) => Promise<FitResult>
  > => {
    const { withEvidence } = await import('./evidence.js');
    return (prep, opts, r, e) =>
      withEvidence(
        prep,
        r,
        {
          K: kOf(prep),
          repeats: opts.evidenceDraws ?? DEFAULT_EVIDENCE_DRAWS,
          seed: opts.seed,
          importanceSamples: opts.importanceSamples ?? DEFAULT_IMPORTANCE_SAMPLES,
        },
        e,
        functionsOf(prep),
      );
  };
  return {
    cpu: async () => {
      const [{ fitCpu }, { cpuEvaluator }, finish] = await Promise.all([
        import('../infer/cpu-driver.js'),
        import('./evaluator.js'),
        evidence(),
      ]);
      return (prep, opts) =>
        finish(prep, opts, fitCpu(prep, opts), cpuEvaluator(prep.data, opts.seed));
    },
    // The estimates after a fit run where the fit ran: the same kernels, set up once, one step per repetition.
    webgpu: async () => {
      const [{ fitWebGpu }, { evaluateOnGpu }, finish] = await Promise.all([
        import('../infer/webgpu-driver.js'),
        import('../infer/gpu-evaluate.js'),
        evidence(),
      ]);
      return async (prep, opts, ctx) =>
        finish(
          prep,
          opts,
          await fitWebGpu(prep, opts, ctx),
          (fn, outputs, params, stream, reps, each) =>
            evaluateOnGpu(
              ctx,
              { fn, outputs, data: prep.data, params, file: prep.file },
              Array.from({ length: reps }, (_, rep) => repetitionSeed(opts.seed, stream + rep)),
              each,
            ),
        );
    },
  };
}
