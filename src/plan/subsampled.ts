// Subsampled plates on the GPU: the full axis of each batch axis, read only by gathers of data at subsample indices.
import type { AxisId, IRFunction, ValueId } from '../ir/ir.js';
import { attrOf } from './live.js';
import { PlanUnsupported } from './unsupported.js';

/**
 * The full axes of subsampled plates and their sizes. A live value over a full axis must be data read only
 * by gathers along that axis at subsample indices: the gather then reads the data buffer at the index, so the
 * full axis is never materialised (a param over it, e.g. a latent inside the plate, is not supported yet).
 */
export function subsampled(
  fn: IRFunction,
  live: ReadonlySet<ValueId>,
  sizes: ReadonlyMap<string, number>,
): { fullAxes: Set<AxisId>; subsampleFull: Map<AxisId, number> } {
  const subsampleFull = new Map<AxisId, number>();
  const fullAxes = new Set<AxisId>();
  for (const a of fn.axes) {
    if (a.full === undefined) continue;
    const n = a.full.kind === 'lit' ? a.full.value : sizes.get(a.full.name);
    if (n === undefined) throw new PlanUnsupported(`no size for the full plate of ${a.id}`);
    subsampleFull.set(a.id, n);
    fullAxes.add(`${a.id}:full`);
  }
  for (const e of fn.eqns)
    if (live.has(e.out) && e.op === 'subsample_index' && !subsampleFull.has(attrOf(e, 'axis')))
      throw new PlanUnsupported(
        `subsample_index over ${attrOf(e, 'axis')}, not a subsampled plate`,
      );
  if (fullAxes.size === 0) return { fullAxes, subsampleFull };
  const byOut = new Map(fn.eqns.map((e) => [e.out, e]));
  const indexedData = new Set<ValueId>();
  for (const e of fn.eqns) {
    if (!live.has(e.out) || e.op !== 'gather' || !fullAxes.has(attrOf(e, 'axis'))) continue;
    const [t, i] = [byOut.get(e.args[0]!)!, byOut.get(e.args[1]!)!];
    if (t.op !== 'data')
      throw new PlanUnsupported(
        `gathering a ${t.op} over the full size of a subsampled plate (a latent or param inside a subsampled plate) is not supported on the GPU yet`,
      );
    if (i.op !== 'subsample_index')
      throw new PlanUnsupported(`a gather along ${attrOf(e, 'axis')} not by subsample indices`);
    indexedData.add(t.out);
  }
  for (const e of fn.eqns) {
    if (!live.has(e.out) || indexedData.has(e.out)) continue;
    const f = e.axes.find((a) => fullAxes.has(a));
    if (f !== undefined)
      throw new PlanUnsupported(
        `${e.op} over ${f}, the full size of a subsampled plate (a latent or param inside a subsampled plate is not supported on the GPU yet)`,
      );
    const used = e.args.find((a) => indexedData.has(a));
    if (used !== undefined && !(e.op === 'gather' && e.args[0] === used))
      throw new PlanUnsupported(`${e.op} of data over the full size of a subsampled plate`);
  }
  return { fullAxes, subsampleFull };
}
