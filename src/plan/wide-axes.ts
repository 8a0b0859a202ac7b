// Which plates run wide (parallel over threads) and which are unrolled: the wide parts of all live values are equal or disjoint.
import type { AxisId, IRFunction, ValueId } from '../ir/ir.js';

/** Plates larger than this are wide (parallelised across threads); smaller axes are unrolled per thread. */
export const NARROW_MAX = 32;

/**
 * Particles beyond this many are wide too: every particle repeats the whole guide and model, so unrolled
 * particles multiply the shader (eight_schools: 32 unrolled particles were 490 KB of WGSL and 160 s of
 * pipeline compilation on lavapipe; 100 wide ones 47 KB and 2 s).
 */
export const PARTICLES_UNROLLED_MAX = 4;

export /** Wide axes such that the wide parts of all live values are equal or disjoint (nested plates are narrowed). */
function chooseWide(
  fn: IRFunction,
  live: Set<ValueId>,
  size: (a: AxisId) => number,
  fullAxes: ReadonlySet<AxisId>,
): Set<AxisId> {
  const wide = new Set(
    fn.axes
      .filter(
        (a) =>
          (a.role === 'plate' && size(a.id) > NARROW_MAX && !fullAxes.has(a.id)) ||
          (a.role === 'particle' && size(a.id) > PARTICLES_UNROLLED_MAX),
      )
      .map((a) => a.id),
  );
  for (;;) {
    const sets = new Map<string, Set<AxisId>>();
    for (const e of fn.eqns) {
      if (!live.has(e.out)) continue;
      const w = e.axes.filter((a) => wide.has(a));
      if (w.length > 0) sets.set(w.join(','), new Set(w));
    }
    const list = [...sets.values()];
    let changed = false;
    // A plate renamed to or from a narrow axis (dot's vector axis) is unrolled with it.
    for (const e of fn.eqns) {
      if (!live.has(e.out) || e.op !== 'rename') continue;
      const [from, to] = [e.attrs.from as AxisId, e.attrs.to as AxisId];
      if (wide.has(from) !== wide.has(to)) {
        wide.delete(from);
        wide.delete(to);
        changed = true;
      }
    }
    for (let i = 0; i < list.length && !changed; i++) {
      for (let j = i + 1; j < list.length && !changed; j++) {
        const [a, b] = [list[i]!, list[j]!];
        const both = [...a].filter((x) => b.has(x));
        if (both.length === 0) continue;
        // Overlapping domains: keep the shared axes wide, run the rest as inner loops.
        for (const x of [...a, ...b]) if (!both.includes(x)) wide.delete(x);
        changed = true;
      }
    }
    if (!changed) return wide;
  }
}

/** Wide plates joined by a rename of wide to wide (union-find; the first declared plate is canonical). */
export function aliasWide(
  fn: IRFunction,
  live: Set<ValueId>,
  wide: Set<AxisId>,
): Map<AxisId, AxisId> {
  const parent = new Map<AxisId, AxisId>();
  const root = (a: AxisId): AxisId => {
    while (parent.has(a)) a = parent.get(a)!;
    return a;
  };
  const rank = new Map(fn.axes.map((a, i) => [a.id, i]));
  for (const e of fn.eqns) {
    if (!live.has(e.out) || e.op !== 'rename') continue;
    const [from, to] = [root(e.attrs.from as AxisId), root(e.attrs.to as AxisId)];
    if (from === to || !wide.has(from) || !wide.has(to)) continue;
    if (rank.get(from)! < rank.get(to)!) parent.set(to, from);
    else parent.set(from, to);
  }
  return new Map([...parent.keys()].map((a) => [a, root(a)]));
}
