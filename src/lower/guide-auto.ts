// The autoguides in IR: AutoNormal (mean-field Gaussian in unconstrained space) and AutoDelta (MAP point masses).
import type { ConstraintSpec, ValueId } from '../ir/ir.js';
import type { AutoGuideName, } from '../check/builtins.js';
import type { TExpr } from '../check/typed.js';
import { DiagnosticsError, error } from '../diag/diagnostic.js';
import { type Ctx, PARTICLE_AXIS, fullAxis, isSubsampled, plateAxis, subsampleIndex } from './context.js';
import { bijectionOf, supportSpec } from './constraints.js';
import { distRecord } from './dists.js';
import { priorMedian } from './median.js';
import { type BlockResult, plateSum } from './block.js';
import type { LatentSite } from './sites.js';
import { scalar } from './values.js';

/** Pyro's AutoNormal init_scale. */
const INIT_SCALE = 0.1;

function constArg(e: TExpr): number | null {
  if (e.kind === 'Num') return e.value;
  if (e.kind === 'Unary' && e.op === '-') {
    const v = constArg(e.operand);
    return v === null ? null : -v;
  }
  return null;
}

function constArgs(site: LatentSite): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const [k, e] of Object.entries(site.dist.args)) {
    const v = constArg(e);
    if (v === null) return null;
    out[k] = v;
  }
  return out;
}

function siteSpec(ctx: Ctx, site: LatentSite): ConstraintSpec {
  if (site.site.support !== 'interval') return supportSpec(site.site.support as never);
  const args = constArgs(site);
  if (!args || args.low === undefined || args.high === undefined)
    throw new DiagnosticsError([
      error(
        'E0702',
        ctx.prog.file,
        site.dist.span,
        `the autoguide needs constant bounds for the Uniform site '${site.site.name}'`,
      ),
    ]);
  return supportSpec('interval', { low: args.low, high: args.high });
}

export function lowerAutoGuide(ctx: Ctx, family: AutoGuideName, latents: readonly LatentSite[]): BlockResult {
  const res: BlockResult = { terms: [], siteTerms: new Map(), siteMasks: new Map(), inits: [] };
  if (family !== 'AutoNormal' && family !== 'AutoDelta')
    throw new DiagnosticsError([
      error('E0703', ctx.prog.file, null, `the ${family} guide is not supported by this backend yet`),
    ]);
  const b = ctx.b;
  for (const site of latents) {
    if (site.site.discrete) continue;
    b.at(site.site.span, () => {
      const name = site.site.name;
      for (const p of site.plates) plateAxis(ctx, p);
      const saved = ctx.plates.splice(0, ctx.plates.length, ...site.plates);
      const spec = siteSpec(ctx, site);
      const bij = bijectionOf(spec);
      const paxes = site.plates.map((p) => (isSubsampled(ctx, p) ? fullAxis(p.id) : p.id));
      const plates = site.plates.map((p) => p.id);
      const gathered = (v: ValueId): ValueId => {
        let r = v;
        for (const p of site.plates) if (isSubsampled(ctx, p)) r = b.gather(r, fullAxis(p.id), subsampleIndex(ctx, p));
        return r;
      };
      const args = constArgs(site);
      const median = args ? priorMedian(site.dist.name, args) : null;
      if (family === 'AutoDelta') {
        b.declareParam({ name: `${name}.loc`, axes: paxes, constraint: spec, block: 'guide' });
        ctx.sites.set(name, scalar(bij.forward(b, gathered(b.param(`${name}.loc`)))));
        res.siteTerms.set(name, b.const(0));
        res.inits.push({ name: `${name}.loc`, init: median ?? bij.forwardNumber(0), constraint: spec, plates });
      } else {
        b.declareParam({ name: `${name}.loc`, axes: paxes, constraint: { kind: 'real' }, block: 'guide' });
        b.declareParam({ name: `${name}.scale`, axes: paxes, constraint: { kind: 'positive' }, block: 'guide' });
        const loc = gathered(b.param(`${name}.loc`));
        const scale = bijectionOf({ kind: 'positive' }).forward(b, gathered(b.param(`${name}.scale`)));
        const axes = plates.concat(ctx.opts.particles > 0 ? [PARTICLE_AXIS] : []);
        const eps = b.rngNormal(name, axes);
        const u = b.add(loc, b.mul(scale, eps));
        const lq = distRecord('Normal').logProb(b, u, { loc, scale });
        const lqz = b.sub(lq, bij.logAbsDetJacobian(b, u));
        ctx.sites.set(name, scalar(bij.forward(b, u)));
        res.siteTerms.set(name, plateSum(ctx, lqz));
        res.inits.push({ name: `${name}.loc`, init: median === null ? 0 : bij.inverse(median), constraint: { kind: 'real' }, plates });
        res.inits.push({ name: `${name}.scale`, init: INIT_SCALE, constraint: { kind: 'positive' }, plates });
      }
      ctx.plates.splice(0, ctx.plates.length, ...saved);
    });
  }
  return res;
}
