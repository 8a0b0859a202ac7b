// Exact enumeration of discrete latents the guide leaves out: each gets an axis over its support's values.
import type { CheckedProgram, TDist } from '../check/typed.js';
import { constValue } from '../check/constraints.js';
import type { KnownArg, KnownArgs } from '../distributions/record.js';
import { distribution } from '../distributions/table.js';
import { DiagnosticsError, error, type Diagnostic } from '../diag/diagnostic.js';
import { type Ctx, plateAxis } from './ctx.js';
import { modelLatents, type LatentSite } from './latents.js';
import { scalar } from './values.js';

/** What is known of each argument before the data: a numeric constant's value, a vector's literal length. */
function knownArgs(d: TDist): KnownArgs {
  const known: Record<string, KnownArg> = {};
  for (const [name, e] of Object.entries(d.args)) {
    const size = e.ty.dims[0]?.size;
    known[name] = { value: constValue(e), length: size?.kind === 'lit' ? size.value : null };
  }
  return known;
}

/** The number of values of a finite discrete distribution, when it is known before the data. */
function supportSize(d: TDist): number | null {
  const size = distribution(d.name).supportSize;
  return size === null ? null : size(knownArgs(d));
}

/** Whether the guide leaves a discrete latent of the model out, to be enumerated (autoguides leave every one). */
export function leavesDiscreteOut(prog: CheckedProgram): boolean {
  const guided = new Set(prog.sites.filter((s) => s.block === 'guide').map((s) => s.name));
  return modelLatents(prog.model).some((l) => l.site.discrete && !guided.has(l.site.name));
}

/**
 * Declares enumeration axes and values for the model's discrete latents that the guide does not sample. Inside
 * plates the axis is shared by the plate's elements, each summed on its own by the contraction (src/contract).
 */
export function enumerateDiscrete(
  ctx: Ctx,
  latents: readonly LatentSite[],
  guided: ReadonlySet<string>,
): void {
  const errors: Diagnostic[] = [];
  for (const l of latents) {
    if (!l.site.discrete || guided.has(l.site.name)) continue;
    const where = l.site.span;
    const k = supportSize(l.dist);
    if (k === null) {
      errors.push(error('E0707', ctx.prog.file, where, { site: l.site.name }));
      continue;
    }
    // The plates first, so that the canonical order puts the values innermost.
    for (const p of l.plates) plateAxis(ctx, p);
    const axis = ctx.b.addAxis({
      id: `enum:${l.site.name}`,
      role: 'enum',
      size: { kind: 'lit', value: k },
    });
    ctx.enums.set(l.site.name, { axis, size: k });
    let values = ctx.b.op('iota', [], { axis });
    for (const p of l.plates) values = ctx.b.expand(values, p.id);
    ctx.sites.set(l.site.name, scalar(values));
  }
  if (errors.length > 0) throw new DiagnosticsError(errors);
}
