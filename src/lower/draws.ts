// Posterior draws of every latent from the fitted guide (over full plates), and what enumerated sites' posteriors need.
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import { lowerProgram } from './lower-program.js';
import { PARTICLE_AXIS } from './ctx.js';
import { contractFactors } from './factors.js';
import type { Source } from './sources.js';

export interface Draws {
  /**
   * Outputs `latent:<site>` (S draws of every continuous latent, constrained), `param:<name>`, `logW` (each
   * draw's log importance weight log p(x, z_s) - log q(z_s), the enumerated sites summed out; without the
   * particle axis when no latent varies over the draws: a point-mass guide) and, when sites are enumerated,
   * `logZ` (Σ over draws of that weight, whose gradients with respect to the sources are the marginals).
   */
  readonly fn: IRFunction;
  /** Per enumerated site, the source whose gradient of `logZ` is its marginal per draw (block 'source' params). */
  readonly sources: readonly Source[];
}

/** S draws of every continuous latent from the guide, over full plates, and their importance weights. */
export function buildDraws(prog: CheckedProgram, samples: number): Draws {
  // Factored, so that enumerated sites can be contracted per plate element (the draws do not depend on it).
  const l = lowerProgram(prog, 'draws', { particles: samples, subsample: false, factored: true });
  const enumerated = l.ctx.enums.size > 0;
  const outs: Record<string, ValueId> = {};
  for (const [name, v] of l.ctx.sites) {
    const site = prog.sites.find((s) => s.name === name && s.block === 'model');
    if (site && !site.discrete) outs[`latent:${name}`] = v.v;
  }
  for (const [name, v] of l.ctx.params) outs[`param:${name}`] = v.v;
  const b = l.ctx.b;
  // The objectives' own contraction of log p - log q, per draw: the weights PSIS diagnoses (src/infer/psis.ts).
  const c = contractFactors(l, { sources: enumerated ? 'enum' : 'none' });
  outs.logW = c.value;
  if (!enumerated) return { fn: b.finish(outs), sources: [] };
  outs.logZ = b.axesOf(c.value).includes(PARTICLE_AXIS) ? b.sum(c.value, PARTICLE_AXIS) : c.value;
  return { fn: b.finish(outs), sources: c.sources };
}
