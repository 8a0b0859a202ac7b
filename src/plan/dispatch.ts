// The dispatch shape: one workgroup running many steps, or many workgroups per loop; workgroup size and reductions.
import type { ValueId } from '../ir/ir.js';
import type { Loop, ValueInfo } from './types.js';

/** Above this much work per step (wide elements x unrolled narrow elements) a step uses many workgroups. */
export const SINGLE_WG_MAX_WORK = 1 << 18;
/** Threads of a many-workgroup loop dispatch, in all: enough to fill a GPU's cores, few partials to finish. */
export const MULTI_THREADS = 8192;

export interface DispatchShape {
  readonly mode: 'single' | 'multi';
  readonly reduce: 'subgroup' | 'flat';
  readonly workgroupSize: number;
  readonly workgroups: number;
}

export function dispatchShape(
  loops: readonly Loop[],
  liveList: readonly ValueId[],
  values: ReadonlyMap<ValueId, ValueInfo>,
  subgroupSize: number,
): DispatchShape {
  let work = 0;
  for (const l of loops) {
    let inner = 0;
    for (const v of liveList) {
      const vi = values.get(v)!;
      if (vi.domain === l.domain) inner = Math.max(inner, vi.count);
    }
    work += l.domain.size * Math.max(1, inner);
  }
  const mode = work > SINGLE_WG_MAX_WORK ? 'multi' : 'single';
  const reduce = subgroupSize >= 4 && subgroupSize <= 128 ? 'subgroup' : 'flat';
  const workgroupSize =
    loops.length === 0 ? 1 : reduce === 'subgroup' ? subgroupSize : mode === 'multi' ? 64 : 32;
  const maxDomain = Math.max(1, ...loops.map((l) => l.domain.size));
  // Many-workgroup plans: about 8 elements per thread at most, and at most MULTI_THREADS threads in all.
  const workgroups =
    mode === 'single'
      ? 1
      : Math.max(
          1,
          Math.min(MULTI_THREADS / workgroupSize, Math.ceil(maxDomain / (workgroupSize * 8))),
        );
  return { mode, reduce, workgroupSize, workgroups };
}
