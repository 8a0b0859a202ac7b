// Source terms: zero-valued inputs added to a site's factor whose gradients are posterior expectations (seed 004's
// source-term trick): enumerated sites' marginals, latents' moments, the moments QEM matches.
import type { AxisId, ValueId } from '../ir/ir.js';
import type { Lowered } from './lower-program.js';
import { PARTICLE_AXIS, eventAxisId } from './ctx.js';

/**
 * A source term J·f(z) added to a site's factor: ∂ value / ∂ J at J = 0 is the posterior expectation of f(z)
 * (times the number of particles, when the value is summed over them). 'prob': f = [z = k] over the
 * enumeration axis (the site's marginal); 'm1', 'm2': f = z, z².
 */
export interface Source {
  readonly param: string;
  readonly site: string;
  readonly kind: 'prob' | 'm1' | 'm2';
}

/**
 * Which sources to add: none, the enumerated sites' marginals, those and every continuous latent's moments
 * ('all'), or the moments of the guide's Normal draws whose loc and scale are params ('qem').
 */
export type SourceKinds = 'none' | 'enum' | 'all' | 'qem';

/** Adds source terms to a site's factor (see Source). */
export function withSources(
  l: Lowered,
  site: string,
  term: ValueId,
  kinds: SourceKinds,
  out: Source[],
): ValueId {
  const { b, prog } = l.ctx;
  const m = prog.sites.find((s) => s.block === 'model' && s.name === site);
  const value = l.ctx.sites.get(site);
  if (kinds === 'none' || !m || m.role !== 'latent' || !value) return term;
  // A site sampled on both branches of an if has a factor per branch, but one value: its sources go in once.
  if (out.some((s) => s.site === site)) return term;
  const declare = (kind: Source['kind'], axes: readonly AxisId[]): ValueId => {
    const param = `${kind === 'prob' ? 'marginal' : `moment${kind.slice(1)}`}:${site}`;
    b.declareParam({ name: param, axes, constraint: { kind: 'real' }, block: 'source' });
    out.push({ param, site, kind });
    return b.param(param);
  };
  // A vector-valued site's sources lie over its event axis too, their terms summed over it (one factor per element).
  const ev = m.event === null ? null : eventAxisId(site);
  const moments = (plates: readonly AxisId[], z: ValueId): ValueId => {
    const axes = ev === null ? plates : [...plates, ev];
    const t = b.add(b.mul(declare('m1', axes), z), b.mul(declare('m2', axes), b.mul(z, z)));
    return ev === null ? t : b.sum(t, ev);
  };
  if (kinds === 'qem') {
    // Moments of the guide's Normal draw (unconstrained), over the guide's own plates as its loc and scale are.
    const nd = l.ctx.normalDraws.get(site);
    if (!nd) return term;
    const g = prog.sites.find((s) => s.block === 'guide' && s.name === site);
    return b.add(term, toModelPlates(l, site, moments(g ? g.plates : m.plates, nd.draw)));
  }
  const en = l.ctx.enums.get(site);
  // Per particle, when there are particles (each guide draw has its own marginals).
  const particle = l.ctx.opts.particles > 0 ? [PARTICLE_AXIS] : [];
  if (en) {
    // Only where the site exists (its branch is taken): the gradient is then P(site = k and it exists).
    const j = declare('prob', [...m.plates, en.axis, ...particle]);
    const mask = l.model.siteMasks.get(site);
    return b.add(term, mask === undefined ? j : b.op('select', [mask, j, b.const(0)]));
  }
  if (kinds !== 'all' || m.discrete) return term;
  return b.add(term, moments(m.plates, value.v));
}

/** A value over a custom guide site's own plates, renamed onto the model's plates of the site. */
export function toModelPlates(l: Lowered, site: string, t: ValueId): ValueId {
  const { b, prog } = l.ctx;
  let v = t;
  const m = prog.sites.find((s) => s.block === 'model' && s.name === site);
  const g = prog.sites.find((s) => s.block === 'guide' && s.name === site);
  if (m && g)
    m.plates.forEach((to, k) => {
      const from = g.plates[k];
      if (from !== undefined && from !== to && b.axesOf(v).includes(from))
        v = b.rename(v, from, to);
    });
  return v;
}
