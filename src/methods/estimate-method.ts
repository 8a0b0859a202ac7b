// Methods that fit by the log of an importance-sampling estimate of p(x) (mp-vi, rws, is; qem takes its drivers): the
// stepped objective, and the functions evaluated after the fit, lowered from the fit's program when it asks for them.
import type { PreparedFit } from '../infer/step-input.js';
import type { EstimateSource, Indexing } from '../infer/estimate-functions.js';
import { descentObjective } from './descent.js';
import { buildEstimateLoss } from './massively-parallel.js';
import { estimateDrivers, kOf } from './estimate-drivers.js';
import { estimateFunctions, loweredEstimates } from './lower-estimates.js';
import type { InferenceMethod } from './method.js';

/** The after-fit functions of a fit, lowered from its program (an intervened one's too) at its K. */
export const loweredFor =
  (method: string, indexing: Indexing) =>
  (prep: PreparedFit): EstimateSource =>
    loweredEstimates(prep.checked, { method, K: kOf(prep), indexing });

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
    estimates: (checked, { K }) => estimateFunctions(checked, { method: name, K, indexing }),
    drivers: estimateDrivers(loweredFor(name, indexing)),
  };
}
