// Exact enumeration of discrete latents the guide leaves out: each gets an axis over its support's values.
import type { TDist, TExpr } from '../check/typed.js';
import type { ValueId } from '../ir/ir.js';
import { DiagnosticsError, error, type Diagnostic } from '../diag/diagnostic.js';
import type { Ctx } from './ctx.js';
import type { LatentSite } from './latents.js';
import { scalar } from './values.js';

const constInt = (e: TExpr | undefined): number | null =>
  e && e.kind === 'Num' && Number.isInteger(e.value) ? e.value : null;

/** The number of values of a finite discrete distribution, when it is known before the data. */
function supportSize(d: TDist): number | null {
  switch (d.name) {
    case 'Bernoulli':
      return 2;
    case 'Binomial': {
      const n = constInt(d.args.total_count);
      return n === null ? null : n + 1;
    }
    case 'Categorical': {
      const v = d.args.probs ?? d.args.logits;
      const size = v?.ty.dims[0]?.size;
      if (!size) return null;
      return size.kind === 'lit' ? size.value : null;
    }
    default:
      return null;
  }
}

/** Declares enumeration axes and values for the model's discrete latents that the guide does not sample. */
export function enumerateDiscrete(
  ctx: Ctx,
  latents: readonly LatentSite[],
  guided: ReadonlySet<string>,
): void {
  const errors: Diagnostic[] = [];
  for (const l of latents) {
    if (!l.site.discrete || guided.has(l.site.name)) continue;
    const where = l.site.span;
    if (l.plates.length > 0) {
      errors.push(error('E0706', ctx.prog.file, where, { site: l.site.name }));
      continue;
    }
    const k = supportSize(l.dist);
    if (k === null) {
      errors.push(error('E0707', ctx.prog.file, where, { site: l.site.name }));
      continue;
    }
    const axis = ctx.b.addAxis({
      id: `enum:${l.site.name}`,
      role: 'enum',
      size: { kind: 'lit', value: k },
    });
    ctx.enums.set(l.site.name, { axis, size: k });
    ctx.sites.set(l.site.name, scalar(ctx.b.op('iota', [], { axis })));
  }
  if (errors.length > 0) throw new DiagnosticsError(errors);
}

/** log Σ over every enumeration axis of exp(joint): the log-likelihood with the discrete latents summed out. */
export function sumOutEnums(ctx: Ctx, joint: ValueId): ValueId {
  let v = joint;
  for (const { axis } of ctx.enums.values())
    if (ctx.b.axesOf(v).includes(axis)) v = ctx.b.op('logsumexp', [v], { axis });
  return v;
}
