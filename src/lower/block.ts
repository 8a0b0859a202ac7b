// Lowers a block of statements (model or custom guide) to IR: values for sites, and their log-density terms.
import type { AxisId, ConstraintSpec, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { TDist, TExpr, TStmt } from '../check/typed.js';
import { DiagnosticsError, InternalError, error } from '../diag/diagnostic.js';
import { distribution } from '../distributions/table.js';
import { constraintSpec, bijectionOf } from './bijection-of.js';
import {
  type Ctx,
  axisSize,
  PARTICLE_AXIS,
  fullAxis,
  isSubsampled,
  plateAxis,
  subsampleIndex,
} from './ctx.js';
import { lowerExpr } from './expr.js';
import { type LVal, scalar } from './values.js';

export type BlockMode = 'model' | 'guide';

/** A param's initialiser, kept to be evaluated once before fitting. */
export interface ParamInit {
  readonly name: string;
  /**
   * The constrained initial value: an expression of the data, a constant, or (for guides' structured
   * params such as a Cholesky factor) a builder of it, called in the init function.
   */
  readonly init: TExpr | number | ((b: Builder) => ValueId);
  readonly constraint: ConstraintSpec;
  readonly plates: readonly string[];
}

export interface BlockResult {
  /** Log-density terms, each already summed over its plates (axes ⊆ {particle}). */
  readonly terms: ValueId[];
  /** Per latent site of a guide: its log q term (so a model-side mask can be applied). */
  readonly siteTerms: Map<string, ValueId>;
  /** Per conditional latent site of a model: the mask of the branch it lives in. */
  readonly siteMasks: Map<string, ValueId>;
  readonly inits: ParamInit[];
}

export function lowerBlock(ctx: Ctx, stmts: readonly TStmt[], mode: BlockMode): BlockResult {
  const res: BlockResult = { terms: [], siteTerms: new Map(), siteMasks: new Map(), inits: [] };
  walk(ctx, stmts, mode, res);
  return res;
}

function walk(ctx: Ctx, stmts: readonly TStmt[], mode: BlockMode, res: BlockResult): void {
  for (const s of stmts) ctx.b.at(s.span, () => stmt(ctx, s, mode, res));
}

/** The axes a site's value runs over: its plates, and the particle axis for anything drawn. */
function siteAxes(ctx: Ctx): AxisId[] {
  const axes = ctx.plates.map((p) => p.id);
  if (ctx.opts.particles > 0) axes.push(PARTICLE_AXIS);
  return axes;
}

function stmt(ctx: Ctx, s: TStmt, mode: BlockMode, res: BlockResult): void {
  const b = ctx.b;
  switch (s.kind) {
    case 'Let':
      ctx.lets.set(s.id, lowerExpr(ctx, s.value));
      return;
    case 'Plate': {
      plateAxis(ctx, s.plate);
      ctx.plates.push(s.plate);
      try {
        walk(ctx, s.body, mode, res);
      } finally {
        ctx.plates.pop();
      }
      return;
    }
    case 'If': {
      const c = lowerExpr(ctx, s.cond);
      const taken = b.op('ne', [c.v, b.const(0)]);
      ctx.masks.push(taken);
      walk(ctx, s.then, mode, res);
      ctx.masks.pop();
      if (s.else) {
        ctx.masks.push(b.op('not', [taken]));
        walk(ctx, s.else, mode, res);
        ctx.masks.pop();
      }
      return;
    }
    case 'Param': {
      const name = s.site.name;
      const plates = ctx.plates.map((p) => p.id);
      const axes = ctx.plates.map((p) => (isSubsampled(ctx, p) ? fullAxis(p.id) : p.id));
      const spec = constraintSpec(s.constraint);
      b.declareParam({ name, axes, constraint: spec, block: s.site.block });
      let u = b.param(name);
      for (const p of ctx.plates)
        if (isSubsampled(ctx, p)) u = b.gather(u, fullAxis(p.id), subsampleIndex(ctx, p));
      ctx.params.set(name, scalar(bijectionOf(spec).forward(b, u)));
      res.inits.push({ name, init: s.init, constraint: spec, plates });
      return;
    }
    case 'Sample': {
      const { rec, params, opts } = distArgs(ctx, s.dist);
      const name = s.site.name;
      let value: ValueId;
      if (mode === 'guide') {
        if (!rec.reparameterized)
          throw new DiagnosticsError([
            error('E0705', ctx.prog.file, s.span, { site: name, dist: rec.name }),
          ]);
        value = rec.sample(b, params, name, siteAxes(ctx), opts);
        ctx.sites.set(name, scalar(value));
      } else {
        const v = ctx.sites.get(name);
        if (!v) throw new InternalError(`model site ${name} has no value from the guide`);
        value = v.v;
        if (ctx.masks.length > 0) res.siteMasks.set(name, allMasks(ctx));
      }
      const en = mode === 'model' ? ctx.enums.get(name) : undefined;
      // An enumerated site off its branch does not exist: -log K per value makes its K values sum to one.
      const term = plateSum(ctx, rec.logProb(b, value, params, opts), en ? -Math.log(en.size) : 0);
      if (mode === 'guide') res.siteTerms.set(name, term);
      else res.terms.push(term);
      return;
    }
    case 'Observe': {
      if (mode === 'guide') throw new InternalError('a guide cannot observe');
      const { rec, params, opts } = distArgs(ctx, s.dist);
      const plates = ctx.plates;
      const dims = plates.map((p) => (isSubsampled(ctx, p) ? fullAxis(p.id) : p.id));
      let value = b.data(s.site.name, dims);
      for (const p of plates)
        if (isSubsampled(ctx, p)) value = b.gather(value, fullAxis(p.id), subsampleIndex(ctx, p));
      res.terms.push(plateSum(ctx, rec.logProb(b, value, params, opts)));
      return;
    }
  }
}

function allMasks(ctx: Ctx): ValueId {
  return ctx.masks.reduce((m, x) => ctx.b.mul(m, x));
}

/** Sums a log-density over the open plates, scaled by N/B for subsampled ones, and masked by enclosing ifs. */
export function plateSum(ctx: Ctx, lp: ValueId, offBranch = 0): ValueId {
  const b = ctx.b;
  let v = lp;
  if (ctx.masks.length > 0) v = b.op('select', [allMasks(ctx), v, b.const(offBranch)]);
  for (const p of [...ctx.plates].reverse()) {
    // A term constant along a plate still counts once per element.
    v = b.sum(b.axesOf(v).includes(p.id) ? v : b.expand(v, p.id), p.id);
    if (isSubsampled(ctx, p)) v = b.mul(v, b.div(axisSize(b, fullAxis(p.id)), axisSize(b, p.id)));
  }
  return v;
}

function distArgs(ctx: Ctx, d: TDist) {
  const rec = distribution(d.name);
  const params: Record<string, ValueId> = {};
  let eventAxis: AxisId | undefined;
  for (const [k, e] of Object.entries(d.args)) {
    const lv: LVal = lowerExpr(ctx, e);
    if (lv.dims.length > 0) eventAxis = lv.dims[lv.dims.length - 1];
    params[k] = lv.v;
  }
  return { rec, params, opts: eventAxis ? { eventAxis } : {} };
}
