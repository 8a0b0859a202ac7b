// Dense float64 tensors over named axes (row-major in the listed axis order) and the index maps between them.
import type { AxisId } from './ir.js';

export interface Tensor {
  readonly axes: readonly AxisId[];
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i]!;
  }
  return st;
}

/** Strides by axis label of a row-major array laid out over `axes` with `shape`. */
export function strideMap(axes: readonly AxisId[], shape: readonly number[]): Map<AxisId, number> {
  const st = stridesOf(shape);
  return new Map(axes.map((a, i) => [a, st[i]!]));
}

/**
 * For each row-major flat index over (iterAxes, iterShape), the source offset sum_a idx_a * stride(a)
 * (axes missing from `stride` contribute 0: the source is constant along them, i.e. broadcast).
 */
export function indexMap(
  iterAxes: readonly AxisId[],
  iterShape: readonly number[],
  stride: ReadonlyMap<AxisId, number>,
  offset = 0,
): Int32Array {
  const n = numel(iterShape);
  const out = new Int32Array(n);
  const d = iterAxes.length;
  if (n === 0) return out;
  const st = iterAxes.map((a) => stride.get(a) ?? 0);
  const idx = new Array<number>(d).fill(0);
  let off = offset;
  for (let i = 0; i < n; i++) {
    out[i] = off;
    for (let k = d - 1; k >= 0; k--) {
      idx[k]!++;
      off += st[k]!;
      if (idx[k]! < iterShape[k]!) break;
      off -= st[k]! * iterShape[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

/** A tensor's element at a multi-index given by axis name (missing axes read index 0). */
export function at(t: Tensor, index: Readonly<Record<AxisId, number>>): number {
  const st = stridesOf(t.shape);
  let off = 0;
  t.axes.forEach((a, i) => (off += (index[a] ?? 0) * st[i]!));
  return t.data[off]!;
}

/** The row-major multi-index of flat element `e` of an array of `shape` (the one decoder of flat indices). */
export function unflatten(shape: readonly number[], e: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = e % shape[i]!;
    e = Math.floor(e / shape[i]!);
  }
  return idx;
}

/** The row-major coordinates of flat element `e` over `axes` with `shape`, by axis. */
export function coordsOf(
  axes: readonly AxisId[],
  shape: readonly number[],
  e: number,
): Map<AxisId, number> {
  const idx = unflatten(shape, e);
  return new Map(axes.map((a, i) => [a, idx[i]!]));
}

/** The row-major flat index over `axes` of coordinates `c` (axes missing from c read 0). */
export function flatOf(
  axes: readonly AxisId[],
  shape: readonly number[],
  c: ReadonlyMap<AxisId, number>,
): number {
  let f = 0;
  axes.forEach((a, i) => (f = f * shape[i]! + (c.get(a) ?? 0)));
  return f;
}
