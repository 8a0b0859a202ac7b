// Plans the kernels of a step from the declared outputs and their roles: live values, wide plates, stages, layouts, dispatch.
import { stepValues } from './live.js';
import { subsampled } from './subsampled.js';
import { aliasWide, chooseWide } from './wide-axes.js';
import { lastStageOf, planLoops, stageValues } from './stages.js';
import { dataWindowsFor, layoutData, layoutEstimates, layoutParams } from './layout.js';
import { dispatchShape } from './dispatch.js';
import { DEFAULT_MAX_BINDING_BYTES, type KernelPlan, type PlanInput } from './types.js';
import { planTensor } from './plan-tensor.js';
import { isPlanUnsupported } from './unsupported.js';

/** The fused plan when the program's values unroll into threads, else loop kernels (many samples per latent). */
export function planKernels(inp: PlanInput): KernelPlan {
  if (inp.kernels === 'loops') return planTensor(inp);
  try {
    return planFused(inp);
  } catch (e) {
    if (!isPlanUnsupported(e)) throw e;
    try {
      return planTensor(inp);
    } catch (e2) {
      // The fused planner's reason is the more telling one for a program neither can run.
      if (isPlanUnsupported(e2)) throw e;
      throw e2;
    }
  }
}

function planFused(inp: PlanInput): KernelPlan {
  const { fn } = inp;
  const {
    axisSizes,
    size,
    konst,
    loss,
    gradOf,
    assigned,
    estimates: estimateOutputs,
    roots,
    live,
  } = stepValues(inp);
  const { fullAxes, subsampleFull } = subsampled(fn, live, inp.sizes);
  const wideSet = chooseWide(fn, live, size, fullAxes);
  const wideAxes = fn.axes.map((a) => a.id).filter((a) => wideSet.has(a));
  const wideAlias = aliasWide(fn, live, wideSet);
  const staged = stageValues(fn, live, konst, wideSet, wideAlias, fullAxes, size);
  const { values } = staged;
  const { params, stateLength } = layoutParams(
    fn,
    size,
    staged.domainOf,
    gradOf,
    assigned,
    inp.optimizerStateArrays,
  );
  const liveList = fn.eqns.map((e) => e.out).filter((v) => live.has(v));
  const { loops, totalsLength } = planLoops(liveList, values, staged.reductions, params);
  const lastStage = lastStageOf(roots, values, loops);
  const { data, dataLength } = layoutData(liveList, values, inp.dataShapes, wideAxes);
  const dataWindows = dataWindowsFor(
    dataLength,
    inp.maxBindingBytes ?? DEFAULT_MAX_BINDING_BYTES,
    inp.maxDataWindows ?? 8,
  );
  const { estimates, estimatesLength } = layoutEstimates(estimateOutputs, values);
  return {
    fn,
    axisSizes,
    wideAxes,
    wideAlias,
    values,
    live: liveList,
    domains: staged.domains,
    loops,
    lastStage,
    ...dispatchShape(loops, liveList, values, inp.subgroupSize ?? 0),
    params,
    data,
    stateLength,
    dataLength,
    dataWindows,
    totalsLength,
    loss,
    lossKonst: konst.get(loss) ?? null,
    estimates,
    estimatesLength,
    fullAxes,
    subsampleFull,
    tensor: null,
  };
}
