// Site helpers: a site's indices must list its enclosing plates' indices, outermost first; a site's value type.
import type { Expr, Ident } from '../parser/ast.js';
import { lookup, report, type Env } from './scope.js';
import type { PlateInfo, TExpr, Ty } from './typed.js';
import type { Size } from '../ir/ir.js';
import { scalar } from './ty.js';

/** Checks `NAME[I, J, ...]` against the enclosing plates; returns the indices as plate-index references. */
export function checkSiteIndices(
  env: Env,
  name: Ident,
  indices: readonly Expr[],
  what: 'sample site' | 'observed site' | 'param',
): { indices: readonly TExpr[]; ok: boolean } {
  const plates = env.state.plates;
  const matches =
    indices.length === plates.length &&
    indices.every((ix, k) => {
      if (ix.kind !== 'Name') return false;
      const b = lookup(env.scope, ix.name);
      return b?.kind === 'plateIndex' && b.plate.id === plates[k]!.id;
    });
  if (!matches) {
    const span =
      indices.length > 0
        ? { start: indices[0]!.span.start, end: indices[indices.length - 1]!.span.end }
        : name.span;
    if (plates.length === 0)
      report(env.ctx, 'E0404', span, { variant: 'outside', what, name: name.name });
    else
      report(env.ctx, 'E0404', span, {
        variant: 'inside',
        what,
        name: name.name,
        count: plates.length,
        indices: plates.map((p) => p.index).join(', '),
      });
  }
  const typed = plates.map((p, k) => ({
    kind: 'Name' as const,
    name: p.index,
    ref: { kind: 'plateIndex' as const, plate: p.id },
    ty: scalar('int'),
    span: indices[k]?.span ?? name.span,
  }));
  return { indices: typed, ok: matches };
}

/**
 * The whole value of a site over its plates: `beta` inside plate j is real[P] with its dim tagged j; a vector-valued
 * site (a Dirichlet's, a simplex param) has its length as one more dim, of no plate.
 */
export function siteValueType(
  base: 'int' | 'real',
  plates: readonly PlateInfo[],
  event: Size | null = null,
): Ty {
  const dims = plates.map((p) => ({ size: p.size, plate: p.id }));
  return { base, dims: event === null ? dims : [...dims, { size: event, plate: null }] };
}
