// Methods that fit by the log of an importance-sampling estimate of p(x) (mp-vi, rws, is; qem takes its drivers): the
// stepped objective, then, after the fit, the evidence, posterior moments and importance samples at the fitted params.
import type { FitResult, RunOptions } from '../infer/fit-result.js';
import type { PreparedFit } from '../infer/prepare.js';
import { InternalError } from '../diag/diagnostic.js';
import { descentObjective } from './descent.js';
import { buildEstimateLoss, type Indexing } from './massively-parallel.js';
import type { InferenceMethod } from './method.js';

export const DEFAULT_EVIDENCE_DRAWS = 10;
export const DEFAULT_IMPORTANCE_SAMPLES = 1000;

/** The K the objective was built with: the size of its sample (or, for `is`, particle) axes. */
function kOf(prep: PreparedFit): number {
  const a = prep.objective.fn.axes.find((x) => x.role === 'ksample' || x.role === 'particle');
  if (!a) return 1;
  if (a.size.kind !== 'lit') throw new InternalError(`sample axis ${a.id} has no literal size`);
  return a.size.value;
}

/** The stepping drivers of src/infer, then the evidence, moments and importance samples at the fitted params. */
export function estimateDrivers(name: string, indexing: Indexing): InferenceMethod['drivers'] {
  const evidence = async (): Promise<
    (p: PreparedFit, o: RunOptions, r: FitResult) => FitResult
  > => {
    const { withEvidence } = await import('./evidence.js');
    return (prep, opts, r) =>
      withEvidence(prep, r, {
        method: name,
        K: kOf(prep),
        indexing,
        repeats: opts.evidenceDraws ?? DEFAULT_EVIDENCE_DRAWS,
        seed: opts.seed,
        importanceSamples: opts.importanceSamples ?? DEFAULT_IMPORTANCE_SAMPLES,
      });
  };
  return {
    cpu: async () => {
      const [{ fitCpu }, finish] = await Promise.all([
        import('../infer/cpu-driver.js'),
        evidence(),
      ]);
      return (prep, opts) => finish(prep, opts, fitCpu(prep, opts));
    },
    webgpu: async () => {
      const [{ fitWebGpu }, finish] = await Promise.all([
        import('../infer/webgpu-driver.js'),
        evidence(),
      ]);
      return async (prep, opts, ctx) => finish(prep, opts, await fitWebGpu(prep, opts, ctx));
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
