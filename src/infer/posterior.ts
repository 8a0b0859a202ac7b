// Posterior summaries of a fitted guide: constrained params, and guide draws summarised per latent element.
import { evaluate } from '../ir/interp.js';
import { simplify } from '../ir/passes/simplify.js';
import { buildDraws } from '../lower/objective.js';
import { bijectionOf } from '../lower/constraints.js';
import { PARTICLE_AXIS } from '../lower/context.js';
import { dataEnv, type ParamState, type PreparedFit } from './model.js';
import type { ParamValue } from './options.js';
import { discreteSummary, summarise, type SiteSummary } from './summary.js';
import { applyPermutation, permutation } from './layout.js';

export function constrainedParams(params: readonly ParamState[]): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  for (const p of params) {
    const bij = bijectionOf(p.decl.constraint);
    out.set(p.decl.name, { shape: p.shape, values: Float64Array.from(p.values, (u) => bij.forwardNumber(u)) });
  }
  return out;
}

/** Draws `draws` samples of every latent from the fitted guide (over full plates) and summarises them. */
export function latentSummaries(prep: PreparedFit, params: readonly ParamState[], draws: number, seed: number): Map<string, SiteSummary> {
  // Dead-code elimination drops the model's likelihood, which draws of the guide do not need.
  const fn = simplify(buildDraws(prep.checked, draws));
  const env = dataEnv(prep.data, new Map(params.map((p) => [p.decl.name, p.values])), seed, 0x7fffffff);
  const vals = evaluate(fn, env);
  const out = new Map<string, SiteSummary>();
  for (const [key, t] of vals) {
    if (key.startsWith('enum:')) {
      out.set(key.slice('enum:'.length), discreteSummary(t.data, t.axes.includes(PARTICLE_AXIS) ? draws : 1));
      continue;
    }
    if (!key.startsWith('latent:')) continue;
    const name = key.slice('latent:'.length);
    const site = prep.checked.sites.find((s) => s.name === name && s.block === 'model');
    const hasParticles = t.axes.includes(PARTICLE_AXIS);
    // Report over the site's plates in program order, draws outermost.
    const order = [...(hasParticles ? [PARTICLE_AXIS] : []), ...(site ? site.plates : t.axes)];
    const data = applyPermutation(t.data, permutation(t.axes, t.shape, order));
    const shape = order.filter((a) => a !== PARTICLE_AXIS).map((a) => t.shape[t.axes.indexOf(a)]!);
    out.set(name, summarise(data, hasParticles ? draws : 1, shape));
  }
  return out;
}
