// Lowers a block of statements (model or custom guide) to IR: values for sites, and their log-density terms.
import { argumentChecks, nanUnless, type ArgCheck } from '../distributions/arg-support.js';
import type { AxisId, ConstraintSpec, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { SiteInfo, TDist, TExpr, TStmt } from '../check/typed.js';
import { DiagnosticsError, InternalError, error } from '../diag/diagnostic.js';
import { distribution } from '../distributions/table.js';
import type { Distribution, DistOpts } from '../distributions/record.js';
import { constValue } from '../check/constraints.js';
import { constraintSpec, bijectionOf } from './bijection-of.js';
import {
  type Ctx,
  axisSize,
  drawAxes,
  eventAxis,
  fullAxis,
  kAxis,
  isSubsampled,
  plateAxis,
  subsampleIndex,
} from './ctx.js';
import { lowerExpr } from './expr.js';
import { type LVal, scalar } from './values.js';

/** `simulate`: the model run forward, drawing every site its guide did not (observed ones included). */
export type BlockMode = 'model' | 'guide' | 'simulate';

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
  /**
   * Log-density terms, each summed over its plates (axes ⊆ {particle}), or, when lowering factored, kept over
   * them (with the sample axes of the latents they read).
   */
  readonly terms: ValueId[];
  /** The site each term is the log-density of, index for index. */
  readonly termSites: string[];
  /** Per latent site of a guide: its log q term (so a model-side mask can be applied). */
  readonly siteTerms: Map<string, ValueId>;
  /** Per conditional latent site of a model (any conditional site when simulating): the mask of its branch. */
  readonly siteMasks: Map<string, ValueId>;
  /** Simulating: every site's value (drawn, or the guide's), over its plates and the draws. */
  readonly siteValues: Map<string, ValueId>;
  readonly inits: ParamInit[];
  /** Each sample and observe statement's distribution arguments, for naming one that breaks its constraint. */
  readonly siteArgs: SiteArgs[];
}

export interface SiteArgs {
  readonly site: string;
  readonly dist: string;
  readonly line: number;
  readonly checks: readonly ArgCheck[];
}

export function emptyBlock(): BlockResult {
  return {
    terms: [],
    termSites: [],
    siteTerms: new Map(),
    siteMasks: new Map(),
    siteValues: new Map(),
    inits: [],
    siteArgs: [],
  };
}

export function lowerBlock(ctx: Ctx, stmts: readonly TStmt[], mode: BlockMode): BlockResult {
  const res = emptyBlock();
  walk(ctx, stmts, mode, res);
  return res;
}

function walk(ctx: Ctx, stmts: readonly TStmt[], mode: BlockMode, res: BlockResult): void {
  for (const s of stmts) ctx.b.at(s.span, () => stmt(ctx, s, mode, res));
}

/**
 * Under massively parallel sampling a guide site whose distribution reads other latents' samples draws each of
 * its K samples with a parent sample chosen uniformly at random (per parent, per plate element), so its
 * density is the mixture over the parents' K samples (seed 004's Q_MP; Heap et al. 2023, appendix B).
 * Returns the arguments to draw with and the parents' axes to average the density over.
 */
function mixParents(
  ctx: Ctx,
  site: string,
  params: Readonly<Record<string, ValueId>>,
): { draw: Record<string, ValueId>; parents: AxisId[] } {
  const b = ctx.b;
  const own = kAxis(ctx, site);
  const parents = [
    ...new Set(
      Object.values(params).flatMap((v) =>
        b.axesOf(v).filter((a) => a !== own && b.axis(a).role === 'ksample'),
      ),
    ),
  ];
  const draw: Record<string, ValueId> = { ...params };
  for (const pa of parents) {
    const k = b.axis(pa).size;
    const n = k.kind === 'lit' ? k.value : 1;
    const u = b.rngUniform(`mix:${site}:${pa}`, [...ctx.plates.map((p) => p.id), own]);
    const idx = b.op('min', [b.unary('floor', b.mul(u, b.const(n))), b.const(n - 1)]);
    for (const [name, v] of Object.entries(draw))
      if (b.axesOf(v).includes(pa)) draw[name] = b.gather(v, pa, idx);
  }
  return { draw, parents };
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
    case 'Group':
      // Its sites share one sample axis (kAxis reads the program's groups); nothing else changes.
      walk(ctx, s.body, mode, res);
      return;
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
      const event = s.site.event === null ? null : eventAxis(ctx, name, s.site.event);
      const axes = [
        ...ctx.plates.map((p) => (isSubsampled(ctx, p) ? fullAxis(p.id) : p.id)),
        ...(event === null ? [] : [event]),
      ];
      const spec = constraintSpec(s.constraint, name);
      b.declareParam({ name, axes, constraint: spec, block: s.site.block });
      let u = b.param(name);
      for (const p of ctx.plates)
        if (isSubsampled(ctx, p)) u = b.gather(u, fullAxis(p.id), subsampleIndex(ctx, p));
      const x = bijectionOf(spec).forward(b, u);
      ctx.params.set(name, event === null ? scalar(x) : { v: x, dims: [event] });
      res.inits.push({ name, init: s.init, constraint: spec, plates });
      return;
    }
    case 'Sample': {
      const name = s.site.name;
      const { rec, params, opts } = distArgs(ctx, s.dist, s.site);
      let value: ValueId;
      let mixed: AxisId[] = [];
      if (mode === 'guide') {
        if (!rec.reparameterized && ctx.opts.reparameterized && !ctx.opts.scoreFunction)
          throw new DiagnosticsError([
            error('E0705', ctx.prog.file, s.span, { site: name, dist: rec.name }),
          ]);
        const plates = ctx.plates.map((p) => p.id);
        const mix = ctx.opts.kPerSite === undefined ? null : mixParents(ctx, name, params);
        mixed = mix?.parents ?? [];
        value = rec.sample(b, mix?.draw ?? params, name, drawAxes(ctx, name, plates), opts);
        if (ctx.opts.detach) value = b.unary('stop_gradient', value);
        const np = normalParams(ctx, s.dist, res);
        if (np) ctx.normalDraws.set(name, { draw: value, ...np });
        ctx.sites.set(name, siteValue(value, opts));
      } else {
        const v =
          ctx.sites.get(name) ?? (mode === 'simulate' ? drawn(ctx, s, rec, params, opts) : null);
        if (!v) throw new InternalError(`model site ${name} has no value from the guide`);
        value = v.v;
        if (mode === 'simulate') recordDraw(ctx, res, name, value);
        else if (ctx.masks.length > 0) {
          // A site on several branches exists where any of them is taken (its guide term is masked by that).
          const prev = res.siteMasks.get(name);
          const mask = allMasks(ctx);
          res.siteMasks.set(name, prev === undefined ? mask : b.op('or', [mask, prev]));
        }
      }
      const en = mode === 'model' ? ctx.enums.get(name) : undefined;
      const valid = argumentChecks(b, params, rec.vectorParams);
      res.siteArgs.push({
        site: name,
        dist: rec.name,
        line: s.span.start.line,
        checks: valid.checks,
      });
      let lp = rec.logProb(b, value, params, opts);
      const late = valid.ok !== null && checksAfterSum(ctx, valid.ok);
      if (valid.ok !== null && !late) lp = nanUnless(b, valid.ok, lp);
      // The mixture over the parents' samples the draw chose among (mixParents).
      for (const pa of mixed) lp = b.sub(b.op('logsumexp', [lp], { axis: pa }), logSize(b, pa));
      // An enumerated site off its branch does not exist: -log K per value makes its K values sum to one.
      let term = plateSum(ctx, lp, en ? -Math.log(en.size) : 0);
      if (late) term = nanUnless(b, valid.ok!, term);
      if (mode === 'guide') res.siteTerms.set(name, term);
      else {
        res.terms.push(term);
        res.termSites.push(name);
      }
      return;
    }
    case 'Observe': {
      if (mode === 'guide') throw new InternalError('a guide cannot observe');
      const { rec, params, opts } = distArgs(ctx, s.dist, s.site);
      const plates = ctx.plates;
      const dims = [
        ...plates.map((p) => (isSubsampled(ctx, p) ? fullAxis(p.id) : p.id)),
        ...(rec.valueEvent && opts.eventAxis ? [opts.eventAxis] : []),
      ];
      let value: ValueId;
      if (mode === 'simulate') {
        // Drawn, not read: the data's values of an observed site may be left out when simulating.
        value = drawn(ctx, s, rec, params, opts).v;
        recordDraw(ctx, res, s.site.name, value);
      } else {
        value = b.data(s.site.name, dims);
        for (const p of plates)
          if (isSubsampled(ctx, p)) value = b.gather(value, fullAxis(p.id), subsampleIndex(ctx, p));
      }
      const valid = argumentChecks(b, params, rec.vectorParams);
      const line = s.span.start.line;
      res.siteArgs.push({ site: s.site.name, dist: rec.name, line, checks: valid.checks });
      let lp = rec.logProb(b, value, params, opts);
      const late = valid.ok !== null && checksAfterSum(ctx, valid.ok);
      if (valid.ok !== null && !late) lp = nanUnless(b, valid.ok, lp);
      let term = plateSum(ctx, lp);
      if (late) term = nanUnless(b, valid.ok!, term);
      res.terms.push(term);
      res.termSites.push(s.site.name);
      return;
    }
  }
}

/**
 * Whether a site's argument checks can wait until its log-density is summed over the open plates: where they are
 * constant along those plates (a scalar scale), one select on the sum does what one per element would.
 */
function checksAfterSum(ctx: Ctx, ok: ValueId): boolean {
  const axes = ctx.b.axesOf(ok);
  return !ctx.opts.factored && ctx.plates.every((p) => !axes.includes(p.id));
}

/**
 * A model site drawn from its distribution when simulating (once per draw and plate element), keyed by a stream
 * of its own so that it never shares bits with a guide's draw of the same name.
 */
function drawn(
  ctx: Ctx,
  s: Extract<TStmt, { kind: 'Sample' | 'Observe' }>,
  rec: Distribution,
  params: Readonly<Record<string, ValueId>>,
  opts: DistOpts,
): LVal {
  const name = s.site.name;
  if (rec.name === 'Binomial' && opts.totalCount === undefined)
    throw new DiagnosticsError([error('E0709', ctx.prog.file, s.dist.span, { site: name })]);
  const plates = ctx.plates.map((p) => p.id);
  const v = siteValue(
    rec.sample(ctx.b, params, `simulate:${name}`, drawAxes(ctx, name, plates), opts),
    opts,
  );
  ctx.sites.set(name, v);
  return v;
}

/**
 * Records a simulated site's value and, under an `if`, where it exists. A site on several branches (the same
 * name under `if` and `else`) is one value: each branch's draw where that branch is taken.
 */
function recordDraw(ctx: Ctx, res: BlockResult, name: string, value: ValueId): void {
  const b = ctx.b;
  const mask = ctx.masks.length > 0 ? allMasks(ctx) : null;
  const prev = res.siteValues.get(name);
  const prevMask = res.siteMasks.get(name);
  if (mask === null || prev === undefined || prevMask === undefined) {
    res.siteValues.set(name, value);
    if (mask !== null) res.siteMasks.set(name, mask);
    return;
  }
  res.siteValues.set(name, b.op('select', [mask, value, prev]));
  res.siteMasks.set(name, b.op('or', [mask, prevMask]));
}

/**
 * A guide's `Normal(loc, scale)` whose arguments are its own params, real and positive, over exactly the plates
 * open here (none subsampled): the params QEM may set from moments.
 */
function normalParams(ctx: Ctx, d: TDist, res: BlockResult): { loc: string; scale: string } | null {
  if (d.name !== 'Normal' || ctx.plates.some((p) => isSubsampled(ctx, p))) return null;
  const plates = ctx.plates.map((p) => p.id);
  const paramOf = (e: TExpr | undefined, kind: ConstraintSpec['kind']): string | null => {
    if (e?.kind !== 'Name' || e.ref.kind !== 'param') return null;
    const name = e.ref.name;
    const init = res.inits.find((i) => i.name === name);
    const same =
      init?.plates.length === plates.length && init.plates.every((p, k) => p === plates[k]);
    return init && same && init.constraint.kind === kind ? init.name : null;
  };
  const loc = paramOf(d.args.loc, 'real');
  const scale = paramOf(d.args.scale, 'positive');
  return loc && scale ? { loc, scale } : null;
}

function allMasks(ctx: Ctx): ValueId {
  return ctx.masks.reduce((m, x) => ctx.b.mul(m, x));
}

/** log n for an axis of n elements. */
function logSize(b: Builder, axis: AxisId): ValueId {
  return b.unary('log', axisSize(b, axis));
}

/**
 * Sums a log-density over the open plates, scaled by N/B for subsampled ones, and masked by enclosing ifs.
 * Lowering factored, the term keeps every open plate (as an axis, even where it is constant along one) and
 * the contraction sums them.
 */
export function plateSum(ctx: Ctx, lp: ValueId, offBranch = 0): ValueId {
  const b = ctx.b;
  let v = lp;
  if (ctx.masks.length > 0) v = b.op('select', [allMasks(ctx), v, b.const(offBranch)]);
  for (const p of [...ctx.plates].reverse()) {
    // A term constant along a plate still counts once per element.
    if (!b.axesOf(v).includes(p.id)) v = b.expand(v, p.id);
    if (!ctx.opts.factored) v = productOver(ctx, v, p.id);
  }
  return v;
}

/** Σ over a plate's axis of a log-density (a product over its elements), scaled by N/B when subsampled. */
export function productOver(ctx: Ctx, v: ValueId, plate: AxisId): ValueId {
  const b = ctx.b;
  const p = ctx.prog.plates.get(plate);
  let r = b.sum(v, plate);
  if (p && isSubsampled(ctx, p))
    r = b.mul(r, b.div(axisSize(b, fullAxis(p.id)), axisSize(b, p.id)));
  return r;
}

/** A site's value as the lowering binds it: a vector-valued family's over its event axis. */
function siteValue(v: ValueId, opts: DistOpts): LVal {
  return opts.eventAxis !== undefined && opts.valueEvent
    ? { v, dims: [opts.eventAxis] }
    : scalar(v);
}

/**
 * The lowered arguments of a site's distribution. A vector-valued family's vector argument is relabelled onto the
 * site's own event axis, so that the guide's draw and the model's density of the site share it.
 */
function distArgs(ctx: Ctx, d: TDist, site?: SiteInfo) {
  const rec = distribution(d.name);
  const params: Record<string, ValueId> = {};
  const own = rec.valueEvent && site?.event ? eventAxis(ctx, site.name, site.event) : undefined;
  let axis: AxisId | undefined;
  for (const [k, e] of Object.entries(d.args)) {
    const lv: LVal = lowerExpr(ctx, e);
    let v = lv.v;
    const last = lv.dims[lv.dims.length - 1];
    if (last !== undefined) {
      if (own !== undefined && last !== own) v = ctx.b.rename(v, last, own);
      axis = own ?? last;
    }
    params[k] = v;
  }
  // Binomial draws need total_count before the IR runs: a constant, or a scalar int of the data.
  const n = d.args.total_count;
  const count = n === undefined ? null : (constValue(n) ?? knownInt(ctx, n));
  const opts: DistOpts = {
    ...(axis ? { eventAxis: axis } : {}),
    ...(own !== undefined ? { valueEvent: true } : {}),
    ...(count !== null && Number.isInteger(count) && count >= 0 ? { totalCount: count } : {}),
  };
  return { rec, params, opts };
}

/** A scalar int data name's value, when the lowering was given the data's ints. */
function knownInt(ctx: Ctx, e: TExpr): number | null {
  if (e.kind !== 'Name' || e.ref.kind !== 'data') return null;
  return ctx.opts.dataInts?.get(e.ref.name) ?? null;
}
