// Reorders row-major tensors between axis orders (the IR's canonical order vs a param's or site's own order).
import type { AxisId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';
import { indexMap, strideMap } from '../ir/tensor.js';

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
  return indexMap(
    to,
    to.map((a) => size.get(a)!),
    strideMap(from, shape),
  );
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
