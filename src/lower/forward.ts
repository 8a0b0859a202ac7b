// The model run forward as IR: every site drawn (observed ones too), from the prior or with latents from the guide (pplc simulate).
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import { PARTICLE_AXIS, plateAxis, plateById, type Ctx, type LowerOptions } from './ctx.js';
import { lowerBlock } from './block.js';
import { lowerGuide, newCtx, type Lowered } from './lower-program.js';
import { modelLatents } from './latents.js';
import { enumerateDiscrete } from './enumerate.js';
import { contractFactors } from './factors.js';
import { scalar } from './values.js';
import { InternalError } from '../diag/diagnostic.js';
import { Categorical } from '../distributions/categorical.js';

/** Where the latents come from: the model itself (prior predictive), or the fitted guide (posterior predictive). */
export type SimulateFrom = 'prior' | 'guide';

export interface SimulationIR {
  /**
   * Outputs per model site: `value:<site>` (over its plates and the draws), `lp:<site>` (its log-density per
   * draw, summed over its plates) and, for a site under an `if`, `mask:<site>` (1 where it exists).
   */
  readonly fn: IRFunction;
}

/** A scalar output (0) of the forward functions: the GPU's evaluation needs one in the loss's place. */
export const SCALAR_OUTPUT = 'zero';

/** The data name a fixed site's values are bound to: over its plates, then the draws. */
export const fixedData = (site: string): string => `fixed:${site}`;

export interface SimulationOptions {
  readonly draws: number;
  readonly from: SimulateFrom;
  readonly dataInts: ReadonlyMap<string, number>;
  /** Discrete latents whose draws are given (as data `fixed:<site>`), not drawn here. */
  readonly fixed?: readonly string[];
}

function lowerOptions(o: SimulationOptions, factored: boolean): LowerOptions {
  return { particles: o.draws, subsample: false, factored, dataInts: o.dataInts };
}

/** Binds each fixed site to its data input, over its plates and the draws. */
function bindFixed(ctx: Ctx, fixed: readonly string[]): void {
  for (const site of fixed) {
    const info = ctx.prog.sites.find((s) => s.block === 'model' && s.name === site);
    const plates = (info?.plates ?? []).map((p) => plateById(ctx, p));
    for (const p of plates) plateAxis(ctx, p);
    const v = ctx.b.data(fixedData(site), [...plates.map((p) => p.id), PARTICLE_AXIS]);
    ctx.sites.set(site, scalar(v));
  }
}

/** Every model site drawn forward: latents from the guide (and the fixed ones) or all from the model. */
export function buildSimulation(prog: CheckedProgram, o: SimulationOptions): SimulationIR {
  const ctx = newCtx(prog, 'simulate', lowerOptions(o, false));
  if (o.from === 'guide') lowerGuide(ctx);
  bindFixed(ctx, o.fixed ?? []);
  const model = lowerBlock(ctx, prog.model, 'simulate');
  const outs: Record<string, ValueId> = { [SCALAR_OUTPUT]: ctx.b.const(0) };
  for (const [site, v] of model.siteValues) outs[`value:${site}`] = v;
  // A site observed on several branches has a term per branch: its log-density is their sum.
  model.terms.forEach((t, i) => {
    const key = `lp:${model.termSites[i]!}`;
    outs[key] = outs[key] === undefined ? t : ctx.b.add(outs[key], t);
  });
  for (const [site, m] of model.siteMasks) outs[`mask:${site}`] = m;
  return { fn: ctx.b.finish(outs) };
}

/** The discrete latents the guide leaves out (summed out when fitting), in program order. */
export function unguidedDiscrete(prog: CheckedProgram): string[] {
  const guided = new Set(prog.sites.filter((s) => s.block === 'guide').map((s) => s.name));
  if (prog.guide.kind !== 'custom') guided.clear();
  return modelLatents(prog.model)
    .filter((l) => l.site.discrete && !guided.has(l.site.name))
    .map((l) => l.site.name);
}

/**
 * The exact conditional of one discrete latent the guide leaves out, given the guide's draws, the fixed sites
 * and the data, with the later ones summed out: the gradient of output `logZ` with respect to `source` is
 * P(site = k) per plate element and draw (over the site's plates, the draws and its values), as the fit's
 * enumerated summaries read it.
 */
export function buildConditional(
  prog: CheckedProgram,
  o: SimulationOptions,
  site: string,
): { readonly fn: IRFunction; readonly source: string } {
  const ctx = newCtx(prog, 'conditional', lowerOptions(o, true));
  const guide = lowerGuide(ctx);
  bindFixed(ctx, o.fixed ?? []);
  enumerateDiscrete(ctx, modelLatents(prog.model), new Set(ctx.sites.keys()));
  const model = lowerBlock(ctx, prog.model, 'model');
  const l: Lowered = { ctx, guide, model };
  const c = contractFactors(l, { sources: 'enum' });
  const b = ctx.b;
  const logZ = b.axesOf(c.value).includes(PARTICLE_AXIS) ? b.sum(c.value, PARTICLE_AXIS) : c.value;
  const source = c.sources.find((s) => s.site === site);
  if (!source) throw new InternalError(`no enumeration source for ${site}`);
  return { fn: b.finish({ logZ }), source: source.param };
}

/** The data name of a discrete latent's probabilities per value (over its plates, the draws and its values). */
export const probsData = (site: string): string => `probs:${site}`;

/**
 * One draw per plate element and draw of a discrete latent from given probabilities (`probs:<site>`, its values
 * innermost), keyed by the stream the forward draw of that site would use: output `value`.
 */
export function buildCategoricalDraw(
  prog: CheckedProgram,
  o: SimulationOptions,
  site: string,
  values: number,
): IRFunction {
  const ctx = newCtx(prog, 'draw', lowerOptions(o, false));
  const b = ctx.b;
  const info = prog.sites.find((s) => s.block === 'model' && s.name === site);
  const plates = (info?.plates ?? []).map((p) => plateById(ctx, p));
  for (const p of plates) plateAxis(ctx, p);
  const axes = [...plates.map((p) => p.id), PARTICLE_AXIS];
  const k = b.addAxis({
    id: `values:${site}`,
    role: 'vector',
    size: { kind: 'lit', value: values },
  });
  const probs = b.data(probsData(site), [...axes, k]);
  const value = Categorical.sample(b, { probs }, `simulate:${site}`, axes, { eventAxis: k });
  return b.finish({ [SCALAR_OUTPUT]: b.const(0), value });
}
