// The many-workgroup kernels for large plates: per stage, a one-thread prologue (the global values the loops read), a
// loop dispatch (each workgroup reduces its slice into partial sums) and a one-workgroup finishing dispatch (sums the
// partials; the last one computes the loss and gradients and updates the global params).
import type { ValueId } from '../ir/ir.js';
import type { Loop } from '../plan/types.js';
import { assembleKernel, type KernelContext, type WgslKernel } from './assemble.js';
import { rngStep } from './config.js';
import type { BufferName } from './bindings.js';
import {
  childScope,
  newScope,
  storageEnv,
  type DataUse,
  type EmitEnv,
  type Scope,
} from './emit-scope.js';
import {
  closure,
  emitAll,
  globalGradRef,
  header,
  isReduction,
  loopRoots,
  refsOf,
  stepRoots,
  wideIndices,
  wideUpdates,
} from './sections.js';
import { ruleOf, storageUpdate } from './opt-update.js';
import { f32Literal } from './literals.js';

const FINISH_WG = 64;

/** Every multi-plan kernel binds the same buffers (the bind group layout is explicit, so unused ones cost nothing). */
function buffersOf(k: KernelContext): BufferName[] {
  const b: BufferName[] = ['state', 'cfg', 'ctrl', 'losses', 'partials', 'totals', 'glob'];
  if (k.plan.estimates.length) b.push('estimates');
  return b;
}

function start(L: string[]): void {
  L.push('  if (tid == 0u) { wg_ctrl = vec2<u32>(ctrl.step, ctrl.status); }');
  L.push('  let start = workgroupUniformLoad(&wg_ctrl);');
  L.push('  if (start.y != 0u || start.x >= cfg.total_steps) { return; }');
  L.push('  let step = start.x + 1u;');
  L.push('  let h = hyper_at(step);');
}

const envOf = (k: KernelContext, dataUses: Set<DataUse>): EmitEnv =>
  storageEnv(k.plan, dataUses, rngStep(k.config));

/** Binds the reduction results of stages before `k` to their finished totals. */
function bindTotals(k: KernelContext, scope: Scope, stage: number): void {
  for (const l of k.plan.loops) {
    if (l.k >= stage) continue;
    for (const r of l.reductions)
      scope.refs.set(
        r.out,
        Array.from({ length: r.count }, (_, e) => `totals[${r.offset + e}u]`),
      );
  }
}

/** A global value the loops read from `glob`, at `offset`. */
interface Frontier {
  readonly v: ValueId;
  readonly count: number;
  readonly offset: number;
}

/**
 * The global values a stage's loops read directly, with their offsets in the `glob` buffer: computed once
 * per step by the one-thread prologue kernel, not by every thread of every workgroup.
 */
function frontier(k: KernelContext, stage: number, loops: readonly Loop[]): Frontier[] {
  const plan = k.plan;
  const bound = new Map<ValueId, unknown>();
  for (const l of plan.loops) if (l.k < stage) for (const r of l.reductions) bound.set(r.out, true);
  const vals = loops.flatMap((l) =>
    closure(plan, loopRoots(plan, l), bound, (v) => isReduction(plan, v)),
  );
  const wide = vals.filter((v) => plan.values.get(v)!.domain);
  const need = new Set(
    wide
      .flatMap((v) => plan.values.get(v)!.eqn.args)
      .filter((a) => !plan.values.get(a)!.domain && plan.values.get(a)!.konst === null),
  );
  let offset = 0;
  return plan.live
    .filter((v) => need.has(v))
    .map((v) => {
      const count = plan.values.get(v)!.count;
      const f = { v, count, offset };
      offset += count;
      return f;
    });
}

function loopKernel(
  k: KernelContext,
  stage: number,
  loops: readonly Loop[],
  front: readonly Frontier[],
): WgslKernel {
  const plan = k.plan;
  const WG = plan.workgroupSize;
  const NWG = plan.workgroups;
  const dataUses = new Set<DataUse>();
  const env = envOf(k, dataUses);
  const L: string[] = [];
  const stop = (v: ValueId): boolean => isReduction(plan, v);
  const scope = newScope(L, '  ');
  bindTotals(k, scope, stage);
  // Read once into registers: a storage read inside the loop is repeated for every row.
  for (const f of front)
    scope.refs.set(
      f.v,
      Array.from({ length: f.count }, (_, e) => `g_${f.offset + e}`),
    );
  const loopVals = loops.map((l) => closure(plan, loopRoots(plan, l), scope.refs, stop));
  const reds = loops.flatMap((l) => l.reductions);
  const nacc = reds.reduce((a, r) => a + r.count, 0);
  const shared = ['var<workgroup> wg_ctrl: vec2<u32>;'];
  if (nacc > 0 && plan.reduce !== 'subgroup')
    shared.push(`var<workgroup> wg_acc: array<f32, ${nacc * WG}>; // [accumulator][thread]`);
  L.push(`@compute @workgroup_size(${WG})`);
  L.push(
    'fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wid: vec3<u32>) {',
  );
  start(L);
  for (const f of front)
    for (let e = 0; e < f.count; e++) L.push(`  let g_${f.offset + e} = glob[${f.offset + e}u];`);
  const gl = plan.live.filter(
    (v) => loopVals.some((vs) => vs.includes(v)) && !plan.values.get(v)!.domain,
  );
  if (gl.length) L.push('  // global values (every thread, redundantly)');
  emitAll(env, scope, gl);
  let acc = 0;
  const accOf = new Map<ValueId, number>();
  for (const r of reds) {
    accOf.set(r.out, acc);
    for (let e = 0; e < r.count; e++) L.push(`  var acc_${acc + e} = 0.0;`);
    acc += r.count;
  }
  loops.forEach((l, li) => {
    L.push(
      `  // loop over ${l.domain.axes.join(' x ')} (${l.domain.size} elements) strided over all threads of all workgroups`,
    );
    L.push(`  for (var w = wid.x * ${WG}u + tid; w < ${l.domain.size}u; w += ${NWG * WG}u) {`);
    const inner = childScope(scope, '    ', wideIndices(plan, l.domain.axes, '    ', L));
    emitAll(
      env,
      inner,
      loopVals[li]!.filter((v) => plan.values.get(v)!.domain === l.domain),
    );
    for (const r of l.reductions) {
      const refs = inner.refs.get(r.arg)!;
      for (let e = 0; e < r.count; e++) L.push(`    acc_${accOf.get(r.out)! + e} += ${refs[e]};`);
    }
    L.push(...wideUpdates(plan, k.optimizer, inner, l.updates));
    L.push('  }');
  });
  if (nacc > 0 && plan.reduce === 'subgroup') {
    L.push('  // the workgroup is one subgroup: its partial sums by subgroupAdd, no barrier');
    for (let a = 0; a < nacc; a++) L.push(`  let sum_${a} = subgroupAdd(acc_${a});`);
    L.push('  if (tid == 0u) {');
    for (const r of reds)
      for (let e = 0; e < r.count; e++)
        L.push(
          `    partials[wid.x * ${plan.totalsLength}u + ${r.offset + e}u] = sum_${accOf.get(r.out)! + e};`,
        );
    L.push('  }');
  } else if (nacc > 0) {
    L.push('  // workgroup tree reduction of all accumulators together');
    for (let a = 0; a < nacc; a++) L.push(`  wg_acc[${a * WG}u + tid] = acc_${a};`);
    L.push('  workgroupBarrier();');
    L.push(`  for (var half = ${WG / 2}u; half > 0u; half = half >> 1u) {`);
    L.push('    if (tid < half) {');
    L.push(
      `      for (var a = 0u; a < ${nacc}u; a++) { wg_acc[a * ${WG}u + tid] += wg_acc[a * ${WG}u + tid + half]; }`,
    );
    L.push('    }');
    L.push('    workgroupBarrier();');
    L.push('  }');
    L.push('  if (tid == 0u) {');
    for (const r of reds) {
      for (let e = 0; e < r.count; e++)
        L.push(
          `    partials[wid.x * ${plan.totalsLength}u + ${r.offset + e}u] = wg_acc[${(accOf.get(r.out)! + e) * WG}u];`,
        );
    }
    L.push('  }');
  }
  L.push('}');
  return assembleKernel(k, {
    name: `loop${stage}`,
    header: header(
      plan,
      `pplc loop kernel, stage ${stage}: ${NWG} workgroups x ${WG} threads over the wide plates, ${plan.reduce === 'subgroup' ? 'each workgroup (one subgroup) sums its slice by subgroupAdd' : 'each workgroup tree-reduces its slice'}`,
      loopVals.flat(),
      k.file,
    ),
    subgroups: plan.reduce === 'subgroup',
    buffers: buffersOf(k),
    dataUses,
    shared,
    main: L,
    workgroups: NWG,
  });
}

function preKernel(k: KernelContext, stage: number, front: readonly Frontier[]): WgslKernel {
  const plan = k.plan;
  const dataUses = new Set<DataUse>();
  const env = envOf(k, dataUses);
  const L: string[] = [];
  const scope = newScope([], '  ');
  bindTotals(k, scope, stage);
  const vals = closure(
    plan,
    front.map((f) => f.v),
    scope.refs,
    (v) => isReduction(plan, v),
  );
  L.push('@compute @workgroup_size(1)');
  L.push('fn main(@builtin(local_invocation_index) tid: u32) {');
  start(L);
  emitAll(env, scope, vals);
  L.push(...scope.lines);
  for (const f of front)
    scope.refs.get(f.v)!.forEach((r, e) => L.push(`  glob[${f.offset + e}u] = ${r};`));
  L.push('}');
  return assembleKernel(k, {
    name: `pre${stage}`,
    header: header(
      plan,
      `pplc prologue kernel, stage ${stage}: one thread computes the global values the loops of this stage read`,
      vals,
      k.file,
    ),
    subgroups: false,
    buffers: buffersOf(k),
    dataUses,
    shared: ['var<workgroup> wg_ctrl: vec2<u32>;'],
    main: L,
    workgroups: 1,
  });
}

function finishKernel(
  k: KernelContext,
  stage: number,
  loops: readonly Loop[],
  last: boolean,
): WgslKernel {
  const plan = k.plan;
  const NWG = plan.workgroups;
  const R = plan.totalsLength;
  const dataUses = new Set<DataUse>();
  const env = envOf(k, dataUses);
  const L: string[] = [];
  const reds = loops.flatMap((l) => l.reductions);
  const globals = plan.params.filter((p) => !p.domain);
  const scope = newScope([], '    ');
  bindTotals(k, scope, stage + 1);
  const finals = last
    ? closure(plan, stepRoots(plan), scope.refs, (v) => isReduction(plan, v))
    : [];
  L.push(`@compute @workgroup_size(${FINISH_WG})`);
  L.push('fn main(@builtin(local_invocation_index) tid: u32) {');
  start(L);
  L.push('  // every accumulator summed over the workgroups in a fixed order');
  for (const r of reds) {
    L.push(`  for (var a = ${r.offset}u + tid; a < ${r.offset + r.count}u; a += ${FINISH_WG}u) {`);
    L.push('    var t = 0.0;');
    L.push(`    for (var g = 0u; g < ${NWG}u; g++) { t += partials[g * ${R}u + a]; }`);
    L.push('    totals[a] = t;');
    L.push('  }');
  }
  if (last) {
    L.push('  storageBarrier();');
    L.push('  workgroupBarrier();');
    L.push('  if (tid == 0u) {');
    emitAll(env, scope, finals);
    L.push(...scope.lines);
    const lossRef =
      plan.lossKonst !== null ? f32Literal(plan.lossKonst) : scope.refs.get(plan.loss)![0]!;
    L.push(`    var ok = is_finite_f(${lossRef});`);
    for (const p of globals)
      if (p.grad !== undefined)
        for (let o = 0; o < p.count; o++)
          L.push(`    ok = ok && is_finite_f(${globalGradRef(plan, scope, p, o)});`);
    L.push('    if (!ok) { ctrl.status = step; return; }');
    L.push(`    losses[step - 1u] = ${lossRef};`);
    for (const e of plan.estimates)
      refsOf(plan, scope, e.value).forEach((r, j) =>
        L.push(`    estimates[${e.offset + j}u] = ${r};`),
      );
    for (const p of globals) {
      if (p.grad === undefined) continue;
      for (let o = 0; o < p.count; o++)
        L.push(
          ...storageUpdate(
            ruleOf(p, k.optimizer),
            '    ',
            `${p.offset + o}u`,
            p.stateOffsets.map((so) => `state[${so + o}u]`),
            globalGradRef(plan, scope, p, o),
          ),
        );
    }
    L.push('    ctrl.step = step;');
    L.push('  }');
  }
  L.push('}');
  return assembleKernel(k, {
    name: `finish${stage}`,
    header: header(
      plan,
      `pplc finishing kernel, stage ${stage}: sums the ${NWG} workgroups' partials${last ? ', then computes the loss and gradients and updates the global params' : ''}`,
      finals,
      k.file,
    ),
    subgroups: false,
    buffers: buffersOf(k),
    dataUses,
    shared: ['var<workgroup> wg_ctrl: vec2<u32>;'],
    main: L,
    workgroups: 1,
  });
}

/** The kernels of a step in dispatch order, and the `glob` buffer's size (the largest frontier of a stage). */
export function multiKernels(k: KernelContext): { kernels: WgslKernel[]; globFloats: number } {
  const stages = [...new Set(k.plan.loops.map((l) => l.k))].sort((a, b) => a - b);
  const kernels: WgslKernel[] = [];
  let globFloats = 0;
  stages.forEach((stage, i) => {
    const loops = k.plan.loops.filter((l) => l.k === stage);
    const front = frontier(k, stage, loops);
    for (const f of front) globFloats = Math.max(globFloats, f.offset + f.count);
    kernels.push(preKernel(k, stage, front));
    kernels.push(loopKernel(k, stage, loops, front));
    kernels.push(finishKernel(k, stage, loops, i === stages.length - 1));
  });
  return { kernels, globFloats };
}
