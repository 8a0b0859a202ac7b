// WGSL spellings of f32 constants (non-finite ones by bit pattern: non-finite ones through bit-pattern helpers) and value names.
import type { ValueId } from '../ir/ir.js';

export function f32Literal(x: number): string {
  // Non-finite values by bit pattern (nan_f/inf_f/neg_inf_f in special.ts): WGSL has no such literals.
  if (Number.isNaN(x)) return 'nan_f()';
  const f = Math.fround(x);
  if (f === Infinity) return 'inf_f()';
  if (f === -Infinity) return 'neg_inf_f()';
  if (Object.is(f, -0)) return '-0.0f';
  // The shortest decimal of the f32 value read back as a double: it converts to exactly that f32.
  const s = String(f);
  return `${s}f`.replace(/^(-?\d+)f$/, '$1.0f');
}

/** The number a WGSL literal as f32Literal writes it stands for; null for any other expression. */
export function literalValue(expr: string): number | null {
  if (expr === 'nan_f()') return NaN;
  if (expr === 'inf_f()') return Infinity;
  if (expr === 'neg_inf_f()') return -Infinity;
  const m = /^(-?\d+(?:\.\d*)?(?:e[+-]?\d+)?)f$/.exec(expr);
  return m ? Number(m[1]) : null;
}

/**
 * An elementwise op whose arguments are all literals, folded to a literal (as the CPU computes it): WGSL evaluates
 * such an expression when compiling and rejects some (`log(0.0f)`), where at run time it would give -inf.
 */
export function foldLiterals(
  f64: (...xs: number[]) => number,
  args: readonly string[],
): string | null {
  const xs = args.map(literalValue);
  if (xs.length === 0 || xs.some((x) => x === null)) return null;
  return f32Literal(f64(...(xs as number[])));
}

/** The WGSL name of element `e` of a value with `count` unrolled elements. */
export function valueName(id: ValueId, count: number, e: number): string {
  return count === 1 ? `v${id}` : `v${id}_${e}`;
}

/** A WGSL identifier for an axis id (`x.1#1` -> `x_1_1`). */
export const axisIdent = (a: string): string => a.replace(/[^A-Za-z0-9_]/g, '_');
