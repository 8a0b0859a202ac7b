// Resolves a size written in a type or a plate: an int literal or a scalar int data name declared before use.
import type { SizeExpr } from '../parser/ast.js';
import { report, type Ctx } from './scope.js';
import type { Size } from '../ir/ir.js';

/** The checked size, or null (after reporting) when it is not a valid size. */
export function resolveSize(ctx: Ctx, e: SizeExpr, what: string): Size | null {
  if (e.kind === 'SizeLit') {
    if (!Number.isInteger(e.value) || e.value < 0) {
      report(ctx, 'E0205', e.span, `${what} ${e.value} is not a non-negative integer`);
      return null;
    }
    return { kind: 'lit', value: e.value };
  }
  const d = ctx.data.get(e.name);
  if (!d) {
    if (ctx.reportedNames.has(e.name)) return null;
    ctx.reportedNames.add(e.name);
    if (ctx.allData.has(e.name)) {
      const at = ctx.allData.get(e.name)!;
      report(
        ctx,
        'E0202',
        e.span,
        `size '${e.name}' is used before its declaration on line ${at.start.line}`,
      );
    } else report(ctx, 'E0203', e.span, `size '${e.name}' is not declared`);
    return null;
  }
  if (ctx.badData.has(e.name)) return null;
  if (d.base !== 'int' || d.dims.length > 0) {
    report(
      ctx,
      'E0205',
      e.span,
      `${what} '${e.name}' must be a scalar int data name, but it is declared ${d.base}${d.dims.length ? '[...]' : ''}`,
    );
    return null;
  }
  d.isSize = true;
  return { kind: 'data', name: e.name };
}
