// AutoMultivariateNormal and AutoLowRankMultivariateNormal: one Gaussian over all continuous latents, packed.
import type { Axis, AxisId, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import { DiagnosticsError, error } from '../diag/diagnostic.js';
import { type Ctx, axisSize, PARTICLE_AXIS, isSubsampled, plateAxis } from './ctx.js';
import { bijectionOf } from './bijection-of.js';
import { type BlockResult, emptyBlock, plateSum } from './block.js';
import { INIT_SCALE, autoSites } from './auto-sites.js';
import type { LatentSite } from './latents.js';
import { scalar } from './values.js';

const LOG_2PI = Math.log(2 * Math.PI);
const V = 'mvn';
const W = 'mvn^T';
const R = 'mvn.rank';

export function lowerMvnGuide(
  ctx: Ctx,
  latents: readonly LatentSite[],
  rank: number | null,
): BlockResult {
  const b = ctx.b;
  const sites = autoSites(ctx, latents);
  const res = emptyBlock();
  if (sites.length === 0) return res;
  for (const s of sites)
    if (s.latent.site.event !== null)
      throw new DiagnosticsError([
        error('E0710', ctx.prog.file, s.latent.site.span, { site: s.latent.site.name }),
      ]);
  for (const s of sites)
    if (s.latent.plates.some((p) => isSubsampled(ctx, p)))
      throw new DiagnosticsError([
        error('E0704', ctx.prog.file, s.latent.site.span, { site: s.latent.site.name }),
      ]);
  const parts = sites.map((s) => s.latent.plates.map((p) => p.id));
  const vector = (id: AxisId): Axis => ({
    id,
    role: 'vector',
    size: { kind: 'lit', value: 0 },
    packedFrom: parts,
  });
  const declareAxes = (bb: Builder): void => {
    for (const s of sites)
      for (const p of s.latent.plates) bb.addAxis({ id: p.id, role: 'plate', size: p.size });
    bb.addAxis(vector(V));
    bb.addAxis(vector(W));
    if (rank !== null) bb.addAxis({ id: R, role: 'vector', size: { kind: 'lit', value: rank } });
  };
  for (const s of sites) for (const p of s.latent.plates) plateAxis(ctx, p);
  declareAxes(b);
  const partAttr = parts.map((p) => p.join(','));
  const particle = ctx.opts.particles > 0 ? [PARTICLE_AXIS] : [];

  // loc starts at each site's prior median (unconstrained), like AutoNormal.
  b.declareParam({ name: 'mvn.loc', axes: [V], constraint: { kind: 'real' }, block: 'guide' });
  res.inits.push({
    name: 'mvn.loc',
    constraint: { kind: 'real' },
    plates: [],
    init: (bb) => {
      declareAxes(bb);
      const vals = sites.map((s, k) => {
        let v = bb.const(s.initLoc);
        for (const a of parts[k]!) v = bb.expand(v, a);
        return v;
      });
      return bb.op('pack', vals, { axis: V, parts: partAttr });
    },
  });
  const loc = b.param('mvn.loc');
  let u: ValueId;
  let logq: ValueId;
  if (rank === null) {
    // L = strictly-lower(raw) + diag(exp(raw)): a Cholesky factor with a positive diagonal.
    b.declareParam({
      name: 'mvn.scale_tril',
      axes: [V, W],
      constraint: { kind: 'real' },
      block: 'guide',
    });
    res.inits.push({
      name: 'mvn.scale_tril',
      constraint: { kind: 'real' },
      plates: [],
      init: (bb) => {
        declareAxes(bb);
        const diag = bb.op('eq', [bb.op('iota', [], { axis: V }), bb.op('iota', [], { axis: W })]);
        return bb.op('select', [
          diag,
          bb.const(Math.log(INIT_SCALE)),
          bb.expand(bb.expand(bb.const(0), V), W),
        ]);
      },
    });
    const raw = b.param('mvn.scale_tril');
    const iv = b.op('iota', [], { axis: V });
    const iw = b.op('iota', [], { axis: W });
    const zero = b.const(0);
    const L = b.op('select', [
      b.op('eq', [iv, iw]),
      b.unary('exp', raw),
      b.op('select', [b.op('gt', [iv, iw]), raw, zero]),
    ]);
    const eps = b.rngNormal('mvn', [W, ...particle]);
    u = b.add(loc, b.sum(b.mul(L, eps), W));
    const logDiag = b.sum(b.sum(b.op('select', [b.op('eq', [iv, iw]), raw, zero]), W), V);
    const sq = b.sum(b.mul(eps, eps), W);
    // log N(u; loc, L Lᵀ) = Σ log N(eps; 0, 1) - Σ log L_vv.
    logq = b.sub(b.mul(b.const(-0.5), b.add(sq, b.mul(axisSize(b, W), b.const(LOG_2PI)))), logDiag);
  } else {
    ({ u, logq } = lowRank(ctx, res, declareAxes, loc, rank, particle));
  }
  res.terms.push(logq);
  sites.forEach((s, k) => {
    const name = s.latent.site.name;
    const saved = ctx.plates.splice(0, ctx.plates.length, ...s.latent.plates);
    const uk = b.op('unpack', [u], { axis: V, parts: partAttr, part: k, into: parts[k]! });
    const bij = bijectionOf(s.spec);
    ctx.sites.set(name, scalar(bij.forward(b, uk)));
    res.terms.push(plateSum(ctx, b.neg(bij.logAbsDetJacobian(b, uk))));
    ctx.plates.splice(0, ctx.plates.length, ...saved);
  });
  return res;
}

/**
 * Covariance W Wᵀ + diag(d²) (Pyro's AutoLowRankMultivariateNormal). log q by Woodbury with the rank × rank
 * capacitance matrix C = I + Wᵀ D⁻¹ W, whose Cholesky factor is unrolled (the rank is a literal).
 */
function lowRank(
  ctx: Ctx,
  res: BlockResult,
  declareAxes: (b: Builder) => void,
  loc: ValueId,
  rank: number,
  particle: AxisId[],
): { u: ValueId; logq: ValueId } {
  const b = ctx.b;
  b.declareParam({
    name: 'mvn.cov_factor',
    axes: [V, R],
    constraint: { kind: 'real' },
    block: 'guide',
  });
  b.declareParam({
    name: 'mvn.cov_diag_scale',
    axes: [V],
    constraint: { kind: 'positive' },
    block: 'guide',
  });
  res.inits.push({
    name: 'mvn.cov_factor',
    constraint: { kind: 'real' },
    plates: [],
    // Small, distinct columns (a deterministic stand-in for Pyro's random init) break the symmetry.
    init: (bb) => {
      declareAxes(bb);
      const t = bb.add(
        bb.mul(bb.op('iota', [], { axis: V }), bb.const(0.7)),
        bb.mul(bb.op('iota', [], { axis: R }), bb.const(1.3)),
      );
      return bb.mul(bb.unary('sin', t), bb.const(INIT_SCALE / Math.sqrt(rank)));
    },
  });
  res.inits.push({
    name: 'mvn.cov_diag_scale',
    constraint: { kind: 'positive' },
    plates: [],
    init: (bb) => {
      declareAxes(bb);
      return bb.expand(bb.const(INIT_SCALE), V);
    },
  });
  const Wf = b.param('mvn.cov_factor');
  const d = b.unary('exp', b.param('mvn.cov_diag_scale'));
  const e1 = b.rngNormal('mvn.factor', [R, ...particle]);
  const e2 = b.rngNormal('mvn.diag', [V, ...particle]);
  const u = b.add(b.add(loc, b.sum(b.mul(Wf, e1), R)), b.mul(d, e2));
  const r = b.sub(u, loc);
  const dinv = b.div(b.const(1), b.mul(d, d));
  const col = (a: number): ValueId => b.gather(Wf, R, b.const(a));
  const cols = Array.from({ length: rank }, (_, a) => col(a));
  // Capacitance C (constant over particles) and y = Wᵀ D⁻¹ r.
  const C: ValueId[][] = cols.map((ca, a) =>
    cols.map((cb, c) => b.add(b.const(a === c ? 1 : 0), b.sum(b.mul(b.mul(ca, cb), dinv), V))),
  );
  const y = cols.map((ca) => b.sum(b.mul(b.mul(ca, dinv), r), V));
  // Unrolled Cholesky C = Lc Lcᵀ and forward substitution Lc z = y.
  const Lc: ValueId[][] = [];
  for (let i = 0; i < rank; i++) {
    Lc.push([]);
    for (let j = 0; j <= i; j++) {
      let s = C[i]![j]!;
      for (let k = 0; k < j; k++) s = b.sub(s, b.mul(Lc[i]![k]!, Lc[j]![k]!));
      Lc[i]!.push(i === j ? b.unary('sqrt', s) : b.div(s, Lc[j]![j]!));
    }
  }
  const z: ValueId[] = [];
  for (let i = 0; i < rank; i++) {
    let s = y[i]!;
    for (let k = 0; k < i; k++) s = b.sub(s, b.mul(Lc[i]![k]!, z[k]!));
    z.push(b.div(s, Lc[i]![i]!));
  }
  let quad = b.sum(b.mul(b.mul(r, r), dinv), V);
  let logdet = b.sum(b.mul(b.const(2), b.unary('log', d)), V);
  for (let i = 0; i < rank; i++) {
    quad = b.sub(quad, b.mul(z[i]!, z[i]!));
    logdet = b.add(logdet, b.mul(b.const(2), b.unary('log', Lc[i]![i]!)));
  }
  const logq = b.mul(
    b.const(-0.5),
    b.add(b.add(quad, logdet), b.mul(axisSize(b, V), b.const(LOG_2PI))),
  );
  return { u, logq };
}
