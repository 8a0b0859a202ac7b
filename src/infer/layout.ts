// Reorders row-major tensors between axis orders (the IR's canonical order vs a param's or site's own order).
import type { AxisId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';

/**
 * For data laid out over `from` (with `shape` in that order), the source index of each element when laid out
 * over `to` (the same axes in another order); null when the orders agree (nothing to do).
 */
export function permutation(
  from: readonly AxisId[],
  shape: readonly number[],
  to: readonly AxisId[],
): Int32Array | null {
  if (from.length !== to.length || from.some((a) => !to.includes(a)))
    throw new InternalError(`cannot reorder [${from.join(', ')}] as [${to.join(', ')}]`);
  if (from.every((a, i) => a === to[i])) return null;
  const size = new Map(from.map((a, i) => [a, shape[i]!]));
  const strideFrom = new Map<AxisId, number>();
  let s = 1;
  for (let i = from.length - 1; i >= 0; i--) {
    strideFrom.set(from[i]!, s);
    s *= shape[i]!;
  }
  const out = new Int32Array(s);
  const toShape = to.map((a) => size.get(a)!);
  const idx = new Array<number>(to.length).fill(0);
  for (let k = 0; k < s; k++) {
    let src = 0;
    to.forEach((a, i) => (src += idx[i]! * strideFrom.get(a)!));
    out[k] = src;
    for (let i = to.length - 1; i >= 0; i--) {
      if (++idx[i]! < toShape[i]!) break;
      idx[i] = 0;
    }
  }
  return out;
}

export function applyPermutation(
  data: Float64Array,
  perm: Int32Array | null,
  into?: Float64Array,
): Float64Array {
  if (!perm) return data;
  const out = into ?? new Float64Array(data.length);
  for (let k = 0; k < perm.length; k++) out[k] = data[perm[k]!]!;
  return out;
}
