// WGSL spellings of f32 constants (non-finite ones by bit pattern: WGSL has no inf/NaN literals) and value names.
import type { ValueId } from '../ir/ir.js';

export function f32Literal(x: number): string {
  if (Number.isNaN(x)) return 'bitcast<f32>(0x7fc00000u)';
  if (x === Infinity) return 'bitcast<f32>(0x7f800000u)';
  if (x === -Infinity) return 'bitcast<f32>(0xff800000u)';
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f > 0 ? 'bitcast<f32>(0x7f800000u)' : 'bitcast<f32>(0xff800000u)';
  if (Object.is(f, -0)) return '-0.0f';
  // The shortest decimal of the f32 value read back as a double: it converts to exactly that f32.
  const s = String(f);
  return `${s}f`.replace(/^(-?\d+)f$/, '$1.0f');
}

export const isLiteral = (ref: string): boolean => /^-?[\d.]+(e[-+]?\d+)?f$|^bitcast<f32>\(0x[0-9a-f]+u\)$/.test(ref) || ref === '-0.0f';

/** The WGSL name of element `e` of a value with `count` unrolled elements. */
export function valueName(id: ValueId, count: number, e: number): string {
  return count === 1 ? `v${id}` : `v${id}_${e}`;
}

/** A WGSL identifier for an axis id (`x.1#1` -> `x_1_1`). */
export const axisIdent = (a: string): string => a.replace(/[^A-Za-z0-9_]/g, '_');
