// Builds the IR functions inference needs: the Trace_ELBO loss, posterior draws, and parameter initial values.
import { Builder } from '../ir/builder.js';
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import {
  type Ctx,
  type LowerOptions,
  PARTICLE_AXIS,
  makeFresh,
  plateAxis,
  plateById,
} from './ctx.js';
import { type BlockResult, type ParamInit, lowerBlock } from './block.js';
import { lowerAutoGuide } from './guide-auto.js';
import { modelLatents } from './latents.js';
import { enumerateDiscrete, sumOutEnums } from './enumerate.js';
import { lowerExpr } from './expr.js';

function newCtx(prog: CheckedProgram, name: string, opts: LowerOptions): Ctx {
  const b = new Builder(name);
  if (opts.particles > 0)
    b.addAxis({
      id: PARTICLE_AXIS,
      role: 'particle',
      size: { kind: 'lit', value: opts.particles },
    });
  return {
    b,
    prog,
    opts,
    lets: new Map(),
    sites: new Map(),
    params: new Map(),
    plates: [],
    masks: [],
    enums: new Map(),
    fresh: makeFresh(),
  };
}

/** A custom guide's plates are its own: the model sees each guide draw over the model's plate axes. */
function alignGuidePlates(ctx: Ctx): void {
  for (const m of ctx.prog.sites) {
    if (m.block !== 'model' || m.role !== 'latent') continue;
    const g = ctx.prog.sites.find((s) => s.block === 'guide' && s.name === m.name);
    const v = ctx.sites.get(m.name);
    if (!g || !v) continue;
    let value = v.v;
    m.plates.forEach((to, k) => {
      const from = g.plates[k]!;
      if (from === to) return;
      plateAxis(ctx, plateById(ctx, to));
      value = ctx.b.rename(value, from, to);
    });
    ctx.sites.set(m.name, { v: value, dims: v.dims });
  }
}

interface Lowered {
  readonly ctx: Ctx;
  readonly guide: BlockResult;
  readonly model: BlockResult;
}

/** Lowers guide then model into one function (the model reads the guide's draws of its latents). */
function lowerBoth(prog: CheckedProgram, name: string, opts: LowerOptions): Lowered {
  const ctx = newCtx(prog, name, opts);
  const latents = modelLatents(prog.model);
  const guide =
    prog.guide.kind === 'custom'
      ? lowerBlock(ctx, prog.guide.body, 'guide')
      : lowerAutoGuide(ctx, prog.guide.family, prog.guide.rank, latents);
  if (prog.guide.kind === 'custom') alignGuidePlates(ctx);
  enumerateDiscrete(ctx, latents, new Set(ctx.sites.keys()));
  const model = lowerBlock(ctx, prog.model, 'model');
  return { ctx, guide, model };
}

function total(b: Builder, terms: readonly ValueId[]): ValueId {
  return terms.length === 0 ? b.const(0) : terms.reduce((a, t) => b.add(a, t));
}

/** log q of the guide, each site's term masked where the model's branch holding that site is not taken. */
function logQ(l: Lowered): ValueId {
  const b = l.ctx.b;
  const terms = [...l.guide.siteTerms].map(([site, t]) => {
    const m = l.model.siteMasks.get(site);
    return m === undefined ? t : b.op('select', [m, t, b.const(0)]);
  });
  return total(b, [...terms, ...l.guide.terms]);
}

/** Trace_ELBO with K particles: loss = -(1/K) Σ_k [log p(x, z_k) - log q(z_k)]. Outputs `loss`. */
export function buildElbo(prog: CheckedProgram, particles: number): IRFunction {
  const l = lowerBoth(prog, 'elbo', { particles, subsample: true });
  const b = l.ctx.b;
  let elbo = b.sub(sumOutEnums(l.ctx, total(b, l.model.terms)), logQ(l));
  if (b.axesOf(elbo).includes(PARTICLE_AXIS)) elbo = b.sum(elbo, PARTICLE_AXIS);
  else elbo = b.mul(elbo, b.const(particles));
  const loss = b.neg(b.div(elbo, b.const(particles)));
  return b.finish({ loss });
}

/** S draws of every continuous latent from the guide (constrained), over full plates: `latent:<site>`. */
export function buildDraws(prog: CheckedProgram, samples: number): IRFunction {
  const l = lowerBoth(prog, 'draws', { particles: samples, subsample: false });
  const outs: Record<string, ValueId> = {};
  for (const [name, v] of l.ctx.sites) {
    const site = prog.sites.find((s) => s.name === name && s.block === 'model');
    if (site && !site.discrete) outs[`latent:${name}`] = v.v;
  }
  for (const [name, v] of l.ctx.params) outs[`param:${name}`] = v.v;
  if (l.ctx.enums.size > 0) {
    // Exact posterior of each enumerated site given each draw of the rest: P(site = k and the site exists).
    const b = l.ctx.b;
    const joint = total(b, l.model.terms);
    const w = b.unary('exp', b.sub(joint, sumOutEnums(l.ctx, joint)));
    for (const [name, { axis }] of l.ctx.enums) {
      const mask = l.model.siteMasks.get(name);
      let p = mask === undefined ? w : b.mul(w, mask);
      for (const other of l.ctx.enums.values())
        if (other.axis !== axis && b.axesOf(p).includes(other.axis)) p = b.sum(p, other.axis);
      outs[`enum:${name}`] = b.axesOf(p).includes(axis) ? p : b.expand(p, axis);
    }
  }
  return l.ctx.b.finish(outs);
}

/** Every param's initialiser, for `buildInit`. */
export function paramInits(prog: CheckedProgram): ParamInit[] {
  const l = lowerBoth(prog, 'inits', { particles: 0, subsample: false });
  return [...l.guide.inits, ...l.model.inits];
}

/** Constrained initial values of every param over its full axes: `init:<param>`. */
export function buildInit(prog: CheckedProgram, inits: readonly ParamInit[]): IRFunction {
  const ctx = newCtx(prog, 'init', { particles: 0, subsample: false });
  const b = ctx.b;
  const outs: Record<string, ValueId> = {};
  for (const p of inits) {
    const plates = p.plates.map((id) => plateById(ctx, id));
    for (const pl of plates) plateAxis(ctx, pl);
    ctx.plates.splice(0, ctx.plates.length, ...plates);
    let v =
      typeof p.init === 'number'
        ? b.const(p.init)
        : typeof p.init === 'function'
          ? p.init(b)
          : lowerExpr(ctx, p.init).v;
    for (const pl of plates) if (!b.axesOf(v).includes(pl.id)) v = b.expand(v, pl.id);
    outs[`init:${p.name}`] = v;
  }
  return b.finish(outs);
}
