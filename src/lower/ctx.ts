// The lowering context: the builder, bound names, the plates in scope and how to make fresh axes.
import type { Builder } from '../ir/builder.js';
import type { AxisId, Size, ValueId } from '../ir/ir.js';
import type { CheckedProgram, PlateInfo } from '../check/typed.js';
import type { LVal } from './values.js';

import { PARTICLE_AXIS, eventAxisId } from '../ir/axis-names.js';

export { PARTICLE_AXIS, eventAxisId };

export interface LowerOptions {
  /** Number of particles (Trace_ELBO's K); 0 means no particle axis at all. */
  readonly particles: number;
  /** When false, subsampled plates are lowered at their full size (for posterior draws and summaries). */
  readonly subsample: boolean;
  /**
   * Massively parallel sampling (seed 004): K samples of every latent site, each over its own axis `k:<site>`
   * (and no particle axis).
   */
  readonly kPerSite?: number;
  /** Keep each log-density term over its plates (a contraction sums them); else terms are summed at once. */
  readonly factored?: boolean;
  /** Guide samples pass no gradient (reweighted wake-sleep: only log q's params are differentiated). */
  readonly detach?: boolean;
  /** The objective is differentiated through the guide's samples: each must have a reparameterised sampler. */
  readonly reparameterized?: boolean;
  /** Guide sites with no reparameterised sampler are allowed: the objective adds their score-function term. */
  readonly scoreFunction?: boolean;
  /** The data's scalar ints, where known at lowering (simulation: a Binomial's total_count from the data). */
  readonly dataInts?: ReadonlyMap<string, number>;
}

export interface Ctx {
  readonly b: Builder;
  readonly prog: CheckedProgram;
  readonly opts: LowerOptions;
  /** Values of `let`s (by binding id), sites and params (by name), data are looked up lazily. */
  readonly lets: Map<number, LVal>;
  readonly sites: Map<string, LVal>;
  readonly params: Map<string, LVal>;
  /** Plates currently open, outermost first. */
  readonly plates: PlateInfo[];
  /** The condition masks of enclosing `if`s (1 where the branch is taken). */
  readonly masks: ValueId[];
  /** Discrete latents summed out exactly: each has its own enumeration axis of its support's size. */
  readonly enums: Map<string, { readonly axis: AxisId; readonly size: number }>;
  /** Under massively parallel sampling: each latent site's sample axis (shared by the sites of a group). */
  readonly kAxes: Map<string, AxisId>;
  /** The sites of each `group` (in the model or the guide; groups sharing a site merge): site → group name. */
  readonly groups: ReadonlyMap<string, string>;
  /**
   * Guide sites drawn from a Normal whose loc and scale are params over the site's plates (AutoNormal's, or a
   * custom guide's `Normal(loc_param, scale_param)`): the draw in unconstrained space and the params' names,
   * which QEM sets from the draws' importance-weighted moments.
   */
  readonly normalDraws: Map<
    string,
    { readonly draw: ValueId; readonly loc: string; readonly scale: string }
  >;
  fresh(prefix: string): string;
}

export function makeFresh(): (prefix: string) => string {
  let n = 0;
  return (prefix) => `${prefix}${++n}`;
}

/** Whether a plate is lowered subsampled: its axis then has the batch size, and `${id}:full` indexes the data. */
export function isSubsampled(ctx: Ctx, p: PlateInfo): boolean {
  return ctx.opts.subsample && p.subsample !== null;
}

/** Declares a plate's axis (and, when subsampled, its full-size twin) in the builder. */
export function plateAxis(ctx: Ctx, p: PlateInfo): AxisId {
  if (isSubsampled(ctx, p)) {
    ctx.b.addAxis({ id: fullAxis(p.id), role: 'plate', size: p.size });
    return ctx.b.addAxis({ id: p.id, role: 'plate', size: p.subsample!, full: p.size });
  }
  return ctx.b.addAxis({ id: p.id, role: 'plate', size: p.size });
}

export const fullAxis = (plate: string): AxisId => `${plate}:full`;

/** Indices of a subsampled plate's batch into the full plate (one equation per plate, reused). */
export function subsampleIndex(ctx: Ctx, p: PlateInfo): ValueId {
  // Keyed by the plate's index name, as Pyro identifies plates by name: a guide's plate and the model's
  // plate of the same name draw the same indices.
  return ctx.b.op('subsample_index', [], { axis: p.id, stream: `subsample:${p.index}` });
}

export function sizeEq(a: Size, b: Size): boolean {
  return (
    a.kind === b.kind &&
    (a.kind === 'lit'
      ? a.value === (b as { value: number }).value
      : a.name === (b as { name: string }).name)
  );
}

export function plateById(ctx: Ctx, id: string): PlateInfo {
  const p = ctx.prog.plates.get(id);
  if (!p) throw new Error(`unknown plate ${id}`);
  return p;
}

/** A latent site's K-sample axis under massively parallel sampling (declared on first use). */
export function kAxis(ctx: Ctx, site: string): AxisId {
  const known = ctx.kAxes.get(site);
  if (known !== undefined) return known;
  const axis = ctx.b.addAxis({
    id: `k:${ctx.groups.get(site) ?? site}`,
    role: 'ksample',
    size: { kind: 'lit', value: ctx.opts.kPerSite ?? 1 },
  });
  ctx.kAxes.set(site, axis);
  return axis;
}

/** The axes a site's draws run over: its plates, then its own sample axis or the particle axis. */
export function drawAxes(ctx: Ctx, site: string, plates: readonly AxisId[]): AxisId[] {
  if (ctx.opts.kPerSite !== undefined) return [...plates, kAxis(ctx, site)];
  return ctx.opts.particles > 0 ? [...plates, PARTICLE_AXIS] : [...plates];
}

/** An axis's size as a value (Σ 1 over it), so symbolic sizes need no op of their own. */
export function axisSize(b: Builder, axis: AxisId): ValueId {
  return b.sum(b.expand(b.const(1), axis), axis);
}

/** The axis on which a site's or param's vector values lie (a Dirichlet site's, a simplex param's). */

/** Declares (once) the event axis of a vector-valued site or param, of `size` elements. */
export function eventAxis(ctx: Ctx, name: string, size: Size): AxisId {
  const id = eventAxisId(name);
  return ctx.b.hasAxis(id) ? id : ctx.b.addAxis({ id, role: 'vector', size });
}
