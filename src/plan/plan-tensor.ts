// The kernel plan of loop kernels (mode 'tensor'): every param global, values stored between levels of dispatches as
// scheduled by tensor-schedule; used when unrolling the narrow axes would not fit a thread (K samples per latent).
import type { AxisId, ValueId } from '../ir/ir.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { uniformConstants } from '../ir/passes/fold.js';
import { stepRoles } from '../ir/objective.js';
import { liveSet } from './live.js';
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
  const axisSizes = resolveAxisSizes(fn.axes, inp.sizes);
  const size = (a: AxisId): number => axisSizes.get(a)!;
  const konst = uniformConstants(fn, size);
  const {
    loss,
    gradOf,
    assigned,
    estimates: estimateOutputs,
  } = stepRoles({ fn, outputs: inp.outputs });
  const roots = [loss, ...gradOf.values(), ...estimateOutputs.map((e) => e.value)];
  const live = liveSet(fn, konst, roots);
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
    gradOf,
    assigned,
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
  const { estimates, estimatesLength } = layoutEstimates(estimateOutputs, values);
  const tensor = scheduleTensor(fn.eqns, live, konst, roots, size);
  return {
    fn,
    axisSizes,
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
    loss,
    lossKonst: konst.get(loss) ?? null,
    estimates,
    estimatesLength,
    fullAxes: new Set(),
    subsampleFull: new Map(),
    tensor,
  };
}
