// The CPU driver of a stepped objective: runs it on the reference interpreter one step at a time, acting on its outputs'
// declared roles (the loss is recorded and checked, gradients drive the optimizer, estimates are kept).
import { compile } from '../ir/interp.js';
import { numel } from '../ir/tensor.js';
import { stepRoles } from '../ir/objective.js';
import { lrAt } from '../optim/optimizer.js';
import { optimizerOf } from '../optim/optimizers.js';
import {
  dataEnv,
  valueAxes,
  type ParamState,
  type PreparedFit,
  type StepInput,
} from './step-input.js';
import { applyPermutation, permutation } from './permute.js';
import type { FitResult, RunOptions, StepResult } from './fit-result.js';
import { withSummaries } from './posterior.js';

/** Runs the objective's steps on the interpreter. */
export function stepCpu(prep: StepInput, opts: RunOptions): StepResult {
  const fn = prep.objective.fn;
  const c = compile(fn, prep.sizes);
  // Fit time: the steps alone (not the one-time compilation, nor the posterior draws after).
  const t0 = performance.now();
  const rule = optimizerOf(opts.optimizer);
  const params = prep.params.map((p) => ({ ...p, values: Float64Array.from(p.values) }));
  const last = params.map((p) => Float64Array.from(p.values));
  const state = params.map((p) =>
    Array.from({ length: rule.state.length }, () => new Float64Array(p.values.length)),
  );
  const roles = stepRoles(prep.objective);
  const lossId = roles.loss;
  const gradIds = params.map((p) => roles.gradOf.get(p.decl.name));
  // The estimates of the last step done, copied out of the interpreter's reused buffers.
  const estimates = new Map(
    roles.estimates.map((e) => [e.name, new Float64Array(numel(c.shapes.get(e.value)!))]),
  );
  // Gradients come in the IR's canonical axis order; params are laid out in their declared order.
  const perms = params.map((p, i) => {
    const id = gradIds[i];
    if (id === undefined) return null;
    const axes = valueAxes(fn, id);
    return permutation(
      axes,
      axes.map((a) => p.shape[p.decl.axes.indexOf(a)]!),
      p.decl.axes,
    );
  });
  const scratch = params.map((p) => new Float64Array(p.values.length));
  const env = dataEnv(prep.data, new Map(params.map((p) => [p.decl.name, p.values])), opts.seed, 0);
  const losses = new Float64Array(opts.steps);
  let divergence: FitResult['divergence'] = null;
  let before: ParamState[] | undefined;
  let done = 0;
  for (let t = 1; t <= opts.steps; t++) {
    const vals = c.run({ ...env, step: t });
    const loss = vals.get(lossId)![0]!;
    const grads = gradIds.map((id, i) =>
      id === undefined ? null : applyPermutation(vals.get(id)!, perms[i]!, scratch[i]),
    );
    const bad = !Number.isFinite(loss)
      ? 'the loss'
      : grads.some((g) => g !== null && g.some((x) => !Number.isFinite(x)))
        ? 'a gradient'
        : null;
    if (bad) {
      divergence = {
        step: t,
        message: `${bad} became ${Number.isNaN(loss) ? 'NaN' : 'non-finite'} at step ${t}`,
      };
      // The params in force at the failing step are reported (as on the GPU) unless one of them is unusable;
      // then those of step t - 1, whose loss was finite (withSummaries chooses).
      before = params.map((p, i) => ({ ...p, values: last[i]! }));
      break;
    }
    losses[t - 1] = loss;
    for (const e of roles.estimates) estimates.get(e.name)!.set(vals.get(e.value)!);
    const lr = lrAt(rule, opts.optimizer, t);
    params.forEach((p, i) => {
      last[i]!.set(p.values);
      const g = grads[i];
      if (g && roles.assigned.has(p.decl.name)) p.values.set(g);
      else if (g) rule.update(p.values, g, state[i]!, t, lr, opts.optimizer);
    });
    done = t;
    if (opts.onProgress && opts.progressEvery && (t % opts.progressEvery === 0 || t === opts.steps))
      opts.onProgress(t, loss);
  }
  const seconds = (performance.now() - t0) / 1000;
  const ran = { steps: done, seconds, losses: losses.subarray(0, done), estimates, divergence };
  return before ? { ...ran, params, before } : { ...ran, params };
}

/** A fit on the CPU: the steps, then the posterior summaries from the fitted guide. */
export function fitCpu(prep: PreparedFit, opts: RunOptions): FitResult {
  return withSummaries(prep, stepCpu(prep, opts), opts);
}
