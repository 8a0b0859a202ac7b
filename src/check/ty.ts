// Small helpers over checked types and sizes: constructors, equality, printing, and the silent "unknown" type.
import type { Dim, Ty } from './typed.js';
import type { Size } from '../ir/ir.js';

/** The type of an expression that already produced an error: compatible with everything, never reported again. */
export const UNKNOWN: Ty = Object.freeze({
  base: 'real' as const,
  dims: Object.freeze([]) as readonly Dim[],
});

export const isUnknown = (t: Ty): boolean => t === UNKNOWN;

export const scalar = (base: 'int' | 'real'): Ty => ({ base, dims: [] });

export const sizeEq = (a: Size, b: Size): boolean =>
  a.kind === 'lit'
    ? b.kind === 'lit' && a.value === b.value
    : b.kind === 'data' && a.name === b.name;

export const sizeText = (s: Size): string => (s.kind === 'lit' ? String(s.value) : s.name);

export function tyText(t: Ty): string {
  if (isUnknown(t)) return '?';
  if (t.dims.length === 0) return t.base;
  const dims = t.dims.map((d) => sizeText(d.size) + (d.plate ? `@${d.plate}` : ''));
  return `${t.base}[${dims.join(', ')}]`;
}

/** A type described for messages: "a scalar real", "a real[N, P]". */
export function tyPhrase(t: Ty): string {
  if (t.dims.length === 0) return `a scalar ${t.base}`;
  return `${t.base === 'int' ? 'an' : 'a'} ${t.base}[${t.dims.map((d) => sizeText(d.size)).join(', ')}]`;
}
