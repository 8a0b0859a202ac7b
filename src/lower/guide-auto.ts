// The autoguides in IR: AutoNormal (mean-field Gaussian in unconstrained space) and AutoDelta (MAP point masses).
import type { ValueId } from '../ir/ir.js';
import type { AutoGuideName } from '../check/builtins.js';
import { lowerMvnGuide } from './guide-mvn.js';
import { INIT_SCALE, autoSites } from './auto-sites.js';
import {
  type Ctx,
  drawAxes,
  eventAxis,
  fullAxis,
  isSubsampled,
  plateAxis,
  subsampleIndex,
} from './ctx.js';
import { stickBreakingUsed } from '../distributions/simplex.js';
import { bijectionOf } from './bijection-of.js';
import { Normal } from '../distributions/normal.js';
import { type BlockResult, emptyBlock, plateSum } from './block.js';
import type { LatentSite } from './latents.js';
import { type LVal, scalar } from './values.js';

export function lowerAutoGuide(
  ctx: Ctx,
  family: AutoGuideName,
  rank: number | null,
  latents: readonly LatentSite[],
): BlockResult {
  if (family === 'AutoMultivariateNormal') return lowerMvnGuide(ctx, latents, null);
  if (family === 'AutoLowRankMultivariateNormal') return lowerMvnGuide(ctx, latents, rank ?? 1);
  const res = emptyBlock();
  const b = ctx.b;
  for (const auto of autoSites(ctx, latents)) {
    const site = auto.latent;
    b.at(site.site.span, () => {
      const name = site.site.name;
      for (const p of site.plates) plateAxis(ctx, p);
      const saved = ctx.plates.splice(0, ctx.plates.length, ...site.plates);
      const spec = auto.spec;
      const bij = bijectionOf(spec);
      // A vector-valued site (a Dirichlet's) has its params and draws over its event axis too.
      const ev = site.site.event === null ? null : eventAxis(ctx, name, site.site.event);
      const evAxes = ev === null ? [] : [ev];
      const paxes = [
        ...site.plates.map((p) => (isSubsampled(ctx, p) ? fullAxis(p.id) : p.id)),
        ...evAxes,
      ];
      const plates = site.plates.map((p) => p.id);
      const value = (v: ValueId): LVal => (ev === null ? scalar(v) : { v, dims: [ev] });
      const gathered = (v: ValueId): ValueId => {
        let r = v;
        for (const p of site.plates)
          if (isSubsampled(ctx, p)) r = b.gather(r, fullAxis(p.id), subsampleIndex(ctx, p));
        return r;
      };
      if (family === 'AutoDelta') {
        b.declareParam({ name: `${name}.loc`, axes: paxes, constraint: spec, block: 'guide' });
        ctx.sites.set(name, value(bij.forward(b, gathered(b.param(`${name}.loc`)))));
        res.siteTerms.set(name, b.const(0));
        res.inits.push({
          name: `${name}.loc`,
          // A simplex param starts at the uniform point whatever its init (prepareFit).
          init: spec.kind === 'simplex' ? 1 : (auto.median ?? bij.forwardNumber(0)),
          constraint: spec,
          plates,
        });
      } else {
        b.declareParam({
          name: `${name}.loc`,
          axes: paxes,
          constraint: { kind: 'real' },
          block: 'guide',
        });
        b.declareParam({
          name: `${name}.scale`,
          axes: paxes,
          constraint: { kind: 'positive' },
          block: 'guide',
        });
        const loc = gathered(b.param(`${name}.loc`));
        const scale = bijectionOf({ kind: 'positive' }).forward(
          b,
          gathered(b.param(`${name}.scale`)),
        );
        const eps = b.rngNormal(name, [...drawAxes(ctx, name, plates), ...evAxes]);
        const drawn = b.add(loc, b.mul(scale, eps));
        const u = ctx.opts.detach ? b.unary('stop_gradient', drawn) : drawn;
        if (!site.plates.some((p) => isSubsampled(ctx, p)))
          ctx.normalDraws.set(name, { draw: u, loc: `${name}.loc`, scale: `${name}.scale` });
        let lq = Normal.logProb(b, u, { loc, scale });
        // The stick-breaking reads K - 1 of the K coordinates: the last is not drawn into the site.
        if (ev !== null) lq = b.sum(b.mul(lq, stickBreakingUsed(b, ev)), ev);
        const lqz = b.sub(lq, bij.logAbsDetJacobian(b, u));
        ctx.sites.set(name, value(bij.forward(b, u)));
        res.siteTerms.set(name, plateSum(ctx, lqz));
        res.inits.push({
          name: `${name}.loc`,
          init: auto.initLoc,
          constraint: { kind: 'real' },
          plates,
        });
        res.inits.push({
          name: `${name}.scale`,
          init: INIT_SCALE,
          constraint: { kind: 'positive' },
          plates,
        });
      }
      ctx.plates.splice(0, ctx.plates.length, ...saved);
    });
  }
  return res;
}
