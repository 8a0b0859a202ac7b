// Resolves a size written in a type or a plate: an int literal or a scalar int data name declared before use.
import type { SizeExpr } from '../parser/ast.js';
import { report, type Ctx } from './scope.js';
import type { Size } from '../ir/ir.js';

/**
 * The largest size a program may write as a literal: vectors and small plates are written in the program, data
 * sets' sizes come with the data (a literal of 2^31 elements was accepted, then lowering ran out of memory).
 */
export const MAX_LITERAL_SIZE = 1_000_000;

/** The checked size, or null (after reporting) when it is not a valid size. */
export function resolveSize(
  ctx: Ctx,
  e: SizeExpr,
  what: 'size' | 'plate size' | 'subsample size',
): Size | null {
  if (e.kind === 'SizeLit') {
    if (!Number.isInteger(e.value) || e.value < 0) {
      report(ctx, 'E0205', e.span, { variant: 'literal', what, value: e.value });
      return null;
    }
    if (e.value > MAX_LITERAL_SIZE) {
      report(ctx, 'E0205', e.span, {
        variant: 'large',
        what,
        value: e.value,
        most: MAX_LITERAL_SIZE,
      });
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
      report(ctx, 'E0202', e.span, { variant: 'size', name: e.name, line: at.start.line });
    } else report(ctx, 'E0203', e.span, { variant: 'size', name: e.name });
    return null;
  }
  if (ctx.badData.has(e.name)) return null;
  if (d.base !== 'int' || d.dims.length > 0) {
    const declared = d.dims.length > 0 ? `${d.base}[...]` : d.base;
    report(ctx, 'E0205', e.span, { variant: 'name', what, name: e.name, declared });
    return null;
  }
  d.isSize = true;
  return { kind: 'data', name: e.name };
}
