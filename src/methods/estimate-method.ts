// Methods that fit by the log of an importance-sampling estimate of p(x) (mp-vi, rws, is; qem takes its drivers): the
// stepped objective, then, after the fit, the evidence, posterior moments and importance samples at the fitted params.
import type { FitResult, RunOptions } from '../infer/fit-result.js';
import type { PreparedFit } from '../infer/prepare.js';
import type { Evaluator } from './evaluator.js';
import { InternalError } from '../diag/diagnostic.js';
import { descentObjective } from './descent.js';
import { buildEstimateLoss, type Indexing } from './massively-parallel.js';
import type { InferenceMethod } from './method.js';

import { DEFAULT_EVIDENCE_DRAWS, DEFAULT_IMPORTANCE_SAMPLES } from './method-names.js';

export { DEFAULT_EVIDENCE_DRAWS, DEFAULT_IMPORTANCE_SAMPLES };

/** The K the objective was built with: the size of its sample (or, for `is`, particle) axes. */
function kOf(prep: PreparedFit): number {
  const a = prep.objective.fn.axes.find((x) => x.role === 'ksample' || x.role === 'particle');
  if (!a) return 1;
  if (a.size.kind !== 'lit') throw new InternalError(`sample axis ${a.id} has no literal size`);
  return a.size.value;
}

/** A GPU repetition's RNG key: its kernels count steps from 1, so the repetition moves the key instead. */
const repetitionSeed = (seed: number, rep: number): number =>
  (seed ^ Math.imul(rep, 0x9e3779b1)) >>> 0;

/** The stepping drivers of src/infer, then the evidence, moments and importance samples at the fitted params. */
export function estimateDrivers(name: string, indexing: Indexing): InferenceMethod['drivers'] {
  const evidence = async (): Promise<
    (p: PreparedFit, o: RunOptions, r: FitResult, e: Evaluator) => Promise<FitResult>
  > => {
    const { withEvidence } = await import('./evidence.js');
    return (prep, opts, r, e) =>
      withEvidence(
        prep,
        r,
        {
          method: name,
          K: kOf(prep),
          indexing,
          repeats: opts.evidenceDraws ?? DEFAULT_EVIDENCE_DRAWS,
          seed: opts.seed,
          importanceSamples: opts.importanceSamples ?? DEFAULT_IMPORTANCE_SAMPLES,
        },
        e,
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

export function estimateMethod(
  name: string,
  help: string,
  indexing: Indexing,
  wakeSleep: boolean,
): InferenceMethod {
  return {
    help,
    lower: (checked, { K }) => buildEstimateLoss(checked, { method: name, K, indexing, wakeSleep }),
    objective: descentObjective,
    drivers: estimateDrivers(name, indexing),
  };
}
