// Posterior summaries of a fitted guide: constrained params, and guide draws summarised per latent element.
import { evaluate } from '../ir/interp.js';
import type { Tensor } from '../ir/tensor.js';
import { simplify } from '../ir/passes/simplify.js';
import type { IRFunction } from '../ir/ir.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { constrainValues, unconstrainValues } from '../distributions/constrain-values.js';
import { PARTICLE_AXIS, siteValueAxes } from '../ir/axis-names.js';
import { dataEnv, withSourceZeros, type ParamState, type PreparedFit } from './step-input.js';
import type { FitResult, ParamValue, RunOptions, StepResult } from './fit-result.js';
import { discreteSummary, nest, summarise, type SiteSummary } from './summary.js';
import { applyPermutation, permutation } from './permute.js';
import { psis } from './psis.js';
import { reportedParams } from './last-finite.js';

export function constrainedParams(params: readonly ParamState[]): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  for (const p of params) {
    // Source terms are inputs of the objective held at zero, not fitted params.
    if (p.decl.block === 'source') continue;
    out.set(p.decl.name, {
      shape: p.shape,
      values: constrainValues(p.decl.constraint, p.values, p.shape),
    });
  }
  return out;
}

/** The guide's draws summarised per latent, and each draw's log importance weight (null: a point-mass guide). */
export interface GuideDraws {
  readonly latents: Map<string, SiteSummary>;
  readonly logWeights: Float64Array | null;
}

/**
 * Elements of the widest value per draw times draws per evaluation: the interpreter keeps every intermediate, and
 * the weights evaluate the model's likelihood at each draw, so draws go in chunks (movielens: 34 at a time).
 */
const CHUNK_ELEMENTS = 1 << 20;

/** The most elements any value of `fn` has per draw (over every axis but the draws'). */
function widestPerDraw(fn: IRFunction, sizes: ReadonlyMap<string, number>): number {
  const axisSizes = resolveAxisSizes(fn.axes, sizes);
  let widest = 1;
  for (const e of fn.eqns) {
    let n = 1;
    for (const a of e.axes) if (a !== PARTICLE_AXIS) n *= axisSizes.get(a) ?? 1;
    widest = Math.max(widest, n);
  }
  return widest;
}

/** Chunks' outputs joined along the draws (outermost); outputs without draws are the first chunk's. */
function joinDraws(parts: readonly Map<string, Tensor>[]): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [key, first] of parts[0]!) {
    if (parts.length === 1 || !first.axes.includes(PARTICLE_AXIS)) {
      out.set(key, first);
      continue;
    }
    const axes = [PARTICLE_AXIS, ...first.axes.filter((a) => a !== PARTICLE_AXIS)];
    const pieces = parts.map((p) => {
      const t = p.get(key)!;
      return { data: applyPermutation(t.data, permutation(t.axes, t.shape, axes)), t };
    });
    const data = new Float64Array(pieces.reduce((n, x) => n + x.data.length, 0));
    let at = 0;
    for (const x of pieces) {
      data.set(x.data, at);
      at += x.data.length;
    }
    const rest = axes.slice(1).map((a) => first.shape[first.axes.indexOf(a)]!);
    const draws = pieces.reduce((n, x) => n + x.t.shape[x.t.axes.indexOf(PARTICLE_AXIS)]!, 0);
    out.set(key, { axes, shape: [draws, ...rest], data });
  }
  return out;
}

/** Draws `draws` samples of every latent from the fitted guide (over full plates) and summarises them. */
export function latentSummaries(
  prep: PreparedFit,
  params: readonly ParamState[],
  draws: number,
  seed: number,
): GuideDraws {
  const whole = prep.draws(draws);
  const chunk = Math.max(
    1,
    Math.min(draws, Math.floor(CHUNK_ELEMENTS / widestPerDraw(whole.fn, prep.data.sizes))),
  );
  const given = new Map(params.map((p) => [p.decl.name, p.values]));
  const parts: Map<string, Tensor>[] = [];
  const fns = new Map<number, IRFunction>([[draws, whole.fn]]);
  // Each chunk's draws are keyed by their own step; the first chunk's are the first draws of an unchunked run.
  for (let start = 0, c = 0; start < draws; start += chunk, c++) {
    const n = Math.min(chunk, draws - start);
    const fn = fns.get(n) ?? prep.draws(n).fn;
    fns.set(n, fn);
    const values = withSourceZeros(fn, prep.data.sizes, given);
    parts.push(evaluate(fn, dataEnv(prep.data, values, seed, 0x7fffffff - c)));
  }
  const vals = joinDraws(parts);
  const out = new Map<string, SiteSummary>();
  for (const s of whole.sources) {
    out.set(s.site, enumeratedSummary(prep, s.site, vals.get(`grad:${s.param}`)!, draws));
  }
  for (const [key, t] of vals) {
    if (!key.startsWith('latent:')) continue;
    const name = key.slice('latent:'.length);
    const site = prep.checked.sites.find((s) => s.name === name && s.block === 'model');
    const hasParticles = t.axes.includes(PARTICLE_AXIS);
    // Report over the site's plates in program order, draws outermost.
    const order = [
      ...(hasParticles ? [PARTICLE_AXIS] : []),
      ...(site ? siteValueAxes(site) : t.axes),
    ];
    const data = applyPermutation(t.data, permutation(t.axes, t.shape, order));
    const shape = order.filter((a) => a !== PARTICLE_AXIS).map((a) => t.shape[t.axes.indexOf(a)]!);
    out.set(name, summarise(data, hasParticles ? draws : 1, shape));
  }
  // In the program's order of sites.
  const order = prep.checked.sites.filter((s) => s.block === 'model').map((s) => s.name);
  const latents = new Map([...out].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
  const logW = vals.get('logW');
  // Weights that do not vary over the draws (a point mass's) are no importance sample of anything.
  const varies = logW !== undefined && logW.axes.includes(PARTICLE_AXIS);
  return { latents, logWeights: varies ? Float64Array.from(logW.data) : null };
}

/**
 * An enumerated site's summary per plate element from its marginals per draw (over the site's plates, its values
 * and the draws): P(site = k and the site exists on the draw's path).
 */
function enumeratedSummary(
  prep: PreparedFit,
  site: string,
  marginals: Tensor,
  draws: number,
): SiteSummary {
  const info = prep.checked.sites.find((s) => s.name === site && s.block === 'model');
  const plates = info ? info.plates : [];
  const value = marginals.axes.find((a) => a.startsWith('enum:'))!;
  const hasDraws = marginals.axes.includes(PARTICLE_AXIS);
  const order = [...plates, ...(hasDraws ? [PARTICLE_AXIS] : []), value];
  const ordered = applyPermutation(
    marginals.data,
    permutation(marginals.axes, marginals.shape, order),
  );
  const k = marginals.shape[marginals.axes.indexOf(value)]!;
  const shape = plates.map((a) => marginals.shape[marginals.axes.indexOf(a)]!);
  const per = (hasDraws ? draws : 1) * k;
  const elements = [];
  for (let e = 0; e * per < ordered.length; e++)
    elements.push(
      ...discreteSummary(ordered.subarray(e * per, (e + 1) * per), hasDraws ? draws : 1).elements,
    );
  return { shape, elements };
}

/** n draws of every continuous latent from the guide at the given (constrained) params: nested, draw outermost. */
export function drawLatents(
  prep: PreparedFit,
  params: ReadonlyMap<string, ParamValue>,
  n: number,
  seed: number,
): Record<string, unknown> {
  const unconstrained = prep.params.map((p): ParamState => {
    const v = params.get(p.decl.name);
    return {
      ...p,
      values: v ? unconstrainValues(p.decl.constraint, v.values, p.shape) : p.values,
    };
  });
  // The draws alone: the enumerated sites' logZ (and its source terms) is for the summaries.
  const d = prep.draws(n).fn;
  const outputs = Object.fromEntries(
    Object.entries(d.outputs).filter(([k]) => k.startsWith('latent:')),
  );
  const fn = simplify({ ...d, outputs });
  const env = dataEnv(
    prep.data,
    new Map(unconstrained.map((p) => [p.decl.name, p.values])),
    seed,
    0x7ffffffe,
  );
  const out: Record<string, unknown> = {};
  for (const [key, t] of evaluate(fn, env)) {
    if (!key.startsWith('latent:')) continue;
    const name = key.slice('latent:'.length);
    const site = prep.checked.sites.find((s) => s.name === name && s.block === 'model');
    const plates = site ? siteValueAxes(site) : t.axes.filter((a) => a !== PARTICLE_AXIS);
    const order = [PARTICLE_AXIS, ...plates];
    let axes = t.axes;
    let data = t.data;
    let shape = t.shape;
    if (!axes.includes(PARTICLE_AXIS)) {
      // A point-mass guide (AutoDelta): every draw is the same.
      data = Float64Array.from({ length: n * data.length }, (_, k) => t.data[k % t.data.length]!);
      axes = [PARTICLE_AXIS, ...axes];
      shape = [n, ...shape];
    }
    const ordered = applyPermutation(data, permutation(axes, shape, order));
    out[name] = nest(
      ordered,
      order.map((a) => shape[axes.indexOf(a)]!),
    );
  }
  return out;
}

/**
 * A fit result from a run: its params constrained, the latents summarised from the fitted guide's draws, and
 * PSIS's diagnostics of those draws as importance samples of the posterior (none without latents).
 */
export function withSummaries(prep: PreparedFit, r: StepResult, opts: RunOptions): FitResult {
  const { before: _before, ...run } = r;
  const params = reportedParams(r);
  const g = latentSummaries(prep, params, opts.draws, opts.seed);
  const p = g.latents.size > 0 && g.logWeights ? psis(g.logWeights) : null;
  return {
    ...run,
    params: constrainedParams(params),
    latents: g.latents,
    ...(p ? { diagnostics: { khat: p.khat, ess: p.ess, draws: opts.draws } } : {}),
  };
}
