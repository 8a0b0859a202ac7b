// The continuous latents as the autoguides see them: each site's unconstrained space and initial location.
import type { ConstraintSpec } from '../ir/ir.js';
import { DiagnosticsError, error } from '../diag/diagnostic.js';
import type { Ctx } from './ctx.js';
import { bijectionOf, supportSpec } from './bijection-of.js';
import { distribution } from '../distributions/table.js';
import type { LatentSite } from './latents.js';
import { constValue } from '../check/constraints.js';

/** Pyro's AutoNormal init_scale. */
export const INIT_SCALE = 0.1;

function constArgs(site: LatentSite): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const [k, e] of Object.entries(site.dist.args)) {
    const v = constValue(e);
    if (v === null) return null;
    out[k] = v;
  }
  return out;
}

/** The prior median when every argument is a constant (Pyro's init_to_median); null when unknown or not finite. */
function priorMedian(site: LatentSite): number | null {
  const median = distribution(site.dist.name).median;
  const args = constArgs(site);
  if (median === null || args === null) return null;
  const m = median(args);
  return Number.isFinite(m) ? m : null;
}

function siteSpec(ctx: Ctx, site: LatentSite): ConstraintSpec {
  if (site.site.support !== 'interval')
    return supportSpec(site.site.support, undefined, site.site.name);
  const args = constArgs(site);
  if (!args || args.low === undefined || args.high === undefined)
    throw new DiagnosticsError([
      error('E0702', ctx.prog.file, site.dist.span, { site: site.site.name }),
    ]);
  return supportSpec('interval', { low: args.low, high: args.high });
}

/** A continuous latent as the autoguides see it: its support's bijection and initial unconstrained location. */
export interface AutoSite {
  readonly latent: LatentSite;
  readonly spec: ConstraintSpec;
  /** The prior median mapped to unconstrained space (Pyro's init_to_median); 0 when unknown. */
  readonly initLoc: number;
  /** The prior median itself (constrained), or null. */
  readonly median: number | null;
}

export function autoSites(ctx: Ctx, latents: readonly LatentSite[]): AutoSite[] {
  return latents
    .filter((l) => !l.site.discrete)
    .map((latent) => {
      const spec = siteSpec(ctx, latent);
      const median = priorMedian(latent);
      return {
        latent,
        spec,
        median,
        initLoc: median === null ? 0 : bijectionOf(spec).inverse(median),
      };
    });
}
