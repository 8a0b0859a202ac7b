// Runs a fit of a checked program: the method's objective, its initial params, and the method's driver on the backend
// asked for (src/pipeline/backend.ts).
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import { DiagnosticsError, InternalError } from '../diag/diagnostic.js';
import { prepareFit } from '../infer/prepare.js';
import { applyInit } from '../infer/init-values.js';
import { METHODS } from '../methods/methods.js';
import { errorsOf, lowerStages } from './compile.js';
import type { FitSettings } from './fit-options.js';
import { runOn, runOptions, type FitRun } from './backend.js';
import { badArgument } from '../methods/arg-check.js';
import type { PreparedFit } from '../infer/step-input.js';
import type { RunOptions } from '../infer/fit-result.js';

export { runOn, runOptions, type FitRun };

/**
 * Lowers and differentiates with the method, prepares the params (from `init`'s constrained values when given), and
 * runs the fit; lowering errors are thrown, and an InitError for initial values that do not fit the params.
 */
export async function fitProgram(
  typed: CheckedProgram,
  data: BoundData,
  s: FitSettings,
  onProgress?: (step: number, loss: number) => void,
  init?: Readonly<Record<string, unknown>>,
): Promise<FitRun> {
  const stages = await lowerStages(typed, s.method, {
    particles: s.particles,
    K: s.K,
    qemLr: s.qemLr,
  });
  if (errorsOf(stages).length > 0) throw new DiagnosticsError(stages.diagnostics);
  if (!stages.objective) throw new InternalError('lowering produced no objective');
  const prepared = prepareFit(typed, data, stages.objective);
  const prep = init ? { ...prepared, params: applyInit(prepared.params, init) } : prepared;
  const opts = runOptions(s, onProgress);
  const run = await runOn(METHODS[s.method], prep, s.backend, opts);
  return { prep, ...run, result: withArgumentCause(prep, opts, run.result) };
}

/** A divergence caused by an argument outside its constraint says which (the fit's draws at that step, on the CPU). */
function withArgumentCause<R extends FitRun['result']>(
  prep: PreparedFit,
  opts: RunOptions,
  r: R,
): R {
  if (!r.divergence) return r;
  const bad = badArgument(prep, r.params, opts.particles, opts.seed, r.divergence.step);
  if (!bad) return r;
  return { ...r, divergence: { step: r.divergence.step, message: bad.message, cause: 'argument' } };
}
