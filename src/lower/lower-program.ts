// Lowers a program's guide and model into one IR function: the guide's draws feed the model (the shared first step of every objective).
import { Builder } from '../ir/builder.js';
import type { ValueId } from '../ir/ir.js';
import type { CheckedProgram, TStmt } from '../check/typed.js';
import {
  type Ctx,
  type LowerOptions,
  PARTICLE_AXIS,
  makeFresh,
  plateAxis,
  plateById,
} from './ctx.js';
import { type BlockResult, lowerBlock } from './block.js';
import { lowerAutoGuide } from './guide-auto.js';
import { modelLatents } from './latents.js';
import { enumerateDiscrete } from './enumerate.js';

export function newCtx(prog: CheckedProgram, name: string, opts: LowerOptions): Ctx {
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
    kAxes: new Map(),
    groups: groupsOf(prog),
    normalDraws: new Map(),
    fresh: makeFresh(),
  };
}

/** Each grouped site's group, named by its sites joined with '+' (groups that share a site are one). */
function groupsOf(prog: CheckedProgram): Map<string, string> {
  const parent = new Map<string, string>();
  const root = (s: string): string => {
    while (parent.has(s)) s = parent.get(s)!;
    return s;
  };
  const visit = (ss: readonly TStmt[]): void => {
    for (const s of ss) {
      if (s.kind === 'Group') {
        const names = s.body.flatMap((x) => (x.kind === 'Sample' ? [root(x.site.name)] : []));
        for (const n of names.slice(1)) if (n !== names[0]) parent.set(n, names[0]!);
      } else if (s.kind === 'Plate') visit(s.body);
      else if (s.kind === 'If') {
        visit(s.then);
        if (s.else) visit(s.else);
      }
    }
  };
  visit(prog.model);
  if (prog.guide.kind === 'custom') visit(prog.guide.body);
  const members = new Map<string, string[]>();
  const grouped = new Set([...parent.keys(), ...parent.values()]);
  for (const s of prog.sites)
    if (s.block === 'model' && grouped.has(s.name))
      members.set(root(s.name), [...(members.get(root(s.name)) ?? []), s.name]);
  const out = new Map<string, string>();
  for (const names of members.values()) for (const n of names) out.set(n, names.join('+'));
  return out;
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

export interface Lowered {
  readonly ctx: Ctx;
  readonly guide: BlockResult;
  readonly model: BlockResult;
}

/** Lowers guide then model into one function (the model reads the guide's draws of its latents). */
export function lowerProgram(prog: CheckedProgram, name: string, opts: LowerOptions): Lowered {
  const ctx = newCtx(prog, name, opts);
  const latents = modelLatents(prog.model);
  const guide = lowerGuide(ctx);
  enumerateDiscrete(ctx, latents, new Set(ctx.sites.keys()));
  const model = lowerBlock(ctx, prog.model, 'model');
  return { ctx, guide, model };
}

/** Lowers the guide (its own or an autoguide): its draws of the model's latents are then in ctx.sites. */
export function lowerGuide(ctx: Ctx): BlockResult {
  const prog = ctx.prog;
  if (prog.guide.kind !== 'custom')
    return lowerAutoGuide(ctx, prog.guide.family, prog.guide.rank, modelLatents(prog.model));
  const guide = lowerBlock(ctx, prog.guide.body, 'guide');
  alignGuidePlates(ctx);
  return guide;
}

export function total(b: Builder, terms: readonly ValueId[]): ValueId {
  return terms.length === 0 ? b.const(0) : terms.reduce((a, t) => b.add(a, t));
}

/**
 * log q of the guide, each site's term masked where the model's branch holding that site is not taken; of the
 * `only` sites alone when given (then without the guide's other terms).
 */
export function logQ(l: Lowered, only?: ReadonlySet<string>): ValueId {
  const b = l.ctx.b;
  const terms = [...l.guide.siteTerms]
    .filter(([site]) => only === undefined || only.has(site))
    .map(([site, t]) => {
      const m = l.model.siteMasks.get(site);
      return m === undefined ? t : b.op('select', [m, t, b.const(0)]);
    });
  return total(b, only === undefined ? [...terms, ...l.guide.terms] : terms);
}
