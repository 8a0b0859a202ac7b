// The kernel plan of loop kernels (mode 'tensor'): every param global, values stored between levels of dispatches as
// scheduled by tensor-schedule; used when unrolling the narrow axes would not fit a thread (K samples per latent).
import type { ValueId } from '../ir/ir.js';
import { stepValues } from './live.js';
import { scheduleTensor } from './tensor-schedule.js';
import { dataWindowsFor, layoutData, layoutEstimates, layoutParams } from './layout.js';
import { PlanUnsupported } from './unsupported.js';
import {
  DEFAULT_MAX_BINDING_BYTES,
  prod,
  type KernelPlan,
  type PlanInput,
  type ValueInfo,
} from './types.js';

/** Ops the loop kernels do not emit yet (the CPU runs such programs). */
const NOT_LOOPED = new Set(['pack', 'unpack', 'subsample_index']);

/** Threads per workgroup of every loop kernel. */
export const TENSOR_WG = 64;

export function planTensor(inp: PlanInput): KernelPlan {
  const { fn } = inp;
  const sv = stepValues(inp);
  const { size, konst, live } = sv;
  if (fn.axes.some((a) => a.full !== undefined))
    throw new PlanUnsupported('a subsampled plate in a loop-kernel plan');
  for (const e of fn.eqns)
    if (live.has(e.out) && NOT_LOOPED.has(e.op))
      throw new PlanUnsupported(`${e.op} in a loop-kernel plan`);
  const values = new Map<ValueId, ValueInfo>();
  for (const e of fn.eqns)
    values.set(e.out, {
      eqn: e,
      wide: [],
      narrow: e.axes,
      count: prod(e.axes.map(size)),
      domain: null,
      level: 0,
      konst: konst.get(e.out) ?? null,
    });
  const liveList = fn.eqns.map((e) => e.out).filter((v) => live.has(v));
  const { params, stateLength } = layoutParams(
    fn,
    size,
    () => null,
    sv.gradOf,
    sv.assigned,
    inp.optimizerStateArrays,
  );
  for (const p of params) {
    const g = p.grad === undefined ? undefined : values.get(p.grad);
    if (g && g.konst === null && g.eqn.axes.join(',') !== p.decl.axes.join(','))
      throw new PlanUnsupported(`the gradient of ${p.decl.name} is laid out over other axes`);
  }
  const { data, dataLength } = layoutData(liveList, values, inp.dataShapes, []);
  const dataWindows = dataWindowsFor(
    dataLength,
    inp.maxBindingBytes ?? DEFAULT_MAX_BINDING_BYTES,
    inp.maxDataWindows ?? 8,
  );
  const { estimates, estimatesLength } = layoutEstimates(sv.estimates, values);
  const tensor = scheduleTensor(fn.eqns, live, konst, sv.roots, size);
  return {
    fn,
    axisSizes: sv.axisSizes,
    wideAxes: [],
    wideAlias: new Map(),
    values,
    live: liveList,
    domains: [],
    loops: [],
    lastStage: 0,
    mode: 'tensor',
    reduce: 'flat',
    workgroupSize: TENSOR_WG,
    workgroups: 0,
    params,
    data,
    stateLength,
    dataLength,
    dataWindows,
    totalsLength: 0,
    loss: sv.loss,
    lossKonst: konst.get(sv.loss) ?? null,
    estimates,
    estimatesLength,
    fullAxes: new Set(),
    subsampleFull: new Map(),
    tensor,
  };
}
