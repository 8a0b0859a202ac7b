// The many-workgroup kernels for large plates: per stage, a loop dispatch (each workgroup tree-reduces its slice
// into partial sums) and a one-workgroup finishing dispatch (sums the partials; the last one updates the params).
import type { ValueId } from '../ir/ir.js';
import type { OptimizerName } from '../optim/optimizers.js';
import { DATA_DECLS, withDataDecls } from './data-access.js';
import type { KernelPlan, Loop, ParamSlot } from '../plan/plan.js';
import type { EmitEnv, Scope } from './emit-values.js';
import { childScope } from './emit-values.js';
import {
  closure,
  emitAll,
  emitWideUpdate,
  gradRef,
  header,
  isReduction,
  loopRoots,
  prelude,
  usesGamma,
  usesSubsample,
  wideIndices,
} from './sections.js';
import { f32Literal } from './literals.js';
import type { WgslKernel } from './generate.js';

const FINISH_WG = 64;

function bindings(L: string[]): void {
  L.push(DATA_DECLS);
  L.push('@group(0) @binding(1) var<storage, read_write> state: array<f32>;');
  L.push('@group(0) @binding(2) var<storage, read> cfg: Config;');
  L.push('@group(0) @binding(3) var<storage, read_write> ctrl: Ctrl;');
  L.push('@group(0) @binding(4) var<storage, read_write> losses: array<f32>;');
  L.push(
    '@group(0) @binding(5) var<storage, read_write> partials: array<f32>; // [workgroup][accumulator]',
  );
  L.push(
    '@group(0) @binding(6) var<storage, read_write> totals: array<f32>;   // finished plate sums of this step',
  );
  L.push(
    '@group(0) @binding(7) var<storage, read_write> glob: array<f32>;     // global values the loops read',
  );
  L.push('var<workgroup> wg_ctrl: vec2<u32>;');
}

function start(L: string[]): void {
  L.push('  if (tid == 0u) { wg_ctrl = vec2<u32>(ctrl.step, ctrl.status); }');
  L.push('  let start = workgroupUniformLoad(&wg_ctrl);');
  L.push('  if (start.y != 0u || start.x >= cfg.total_steps) { return; }');
  L.push('  let step = start.x + 1u;');
  L.push('  let h = hyper_at(step);');
}

const storageParam = (p: ParamSlot, off: number): string => `state[${p.offset + off}u]`;

/** Binds the reduction results of stages before `k` to their finished totals. */
function bindTotals(plan: KernelPlan, scope: Scope, k: number): void {
  for (const l of plan.loops) {
    if (l.k >= k) continue;
    for (const r of l.reductions)
      scope.refs.set(
        r.out,
        Array.from({ length: r.count }, (_, e) => `totals[${r.offset + e}u]`),
      );
  }
}

function loopKernel(
  plan: KernelPlan,
  k: number,
  loops: readonly Loop[],
  optimizer: OptimizerName,
  file: string,
): string {
  const WG = plan.workgroupSize;
  const NWG = plan.workgroups;
  const env: EmitEnv = { plan, globalParam: storageParam, seed: 'cfg.seed', step: 'step' };
  const L: string[] = [];
  const stop = (v: ValueId): boolean => isReduction(plan, v);
  const scope: Scope = {
    lines: L,
    indent: '  ',
    refs: new Map(),
    wideIndex: new Map(),
    draws: new Map(),
  };
  bindTotals(plan, scope, k);
  const front = frontier(plan, k, loops);
  // Read once into registers: a storage read inside the loop is repeated for every row.
  for (const f of front)
    scope.refs.set(
      f.v,
      Array.from({ length: f.count }, (_, e) => `g_${f.offset + e}`),
    );
  const loopVals = loops.map((l) => closure(plan, loopRoots(plan, l), scope.refs, stop));
  L.push(
    header(
      plan,
      `pplc loop kernel, stage ${k}: ${NWG} workgroups x ${WG} threads over the wide plates, ${plan.reduce === 'subgroup' ? 'each workgroup (one subgroup) sums its slice by subgroupAdd' : 'each workgroup tree-reduces its slice'}`,
      loopVals.flat(),
      file,
    ),
  );
  if (plan.reduce === 'subgroup') L.push('enable subgroups;');
  L.push(prelude(optimizer, usesGamma(plan), usesSubsample(plan)));
  bindings(L);
  const reds = loops.flatMap((l) => l.reductions);
  const nacc = reds.reduce((a, r) => a + r.count, 0);
  if (nacc > 0 && plan.reduce !== 'subgroup')
    L.push(`var<workgroup> wg_acc: array<f32, ${nacc * WG}>; // [accumulator][thread]`);
  L.push('');
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
    for (const p of l.updates) emitWideUpdate(plan, inner, p, f32Literal);
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
  return withDataDecls(plan, L.join('\n') + '\n');
}

/**
 * The global values a stage's loops read directly, with their offsets in the `glob` buffer: computed once
 * per step by the one-thread prologue kernel, not by every thread of every workgroup.
 */
export function frontier(
  plan: KernelPlan,
  k: number,
  loops: readonly Loop[],
): { v: ValueId; count: number; offset: number }[] {
  const scope = new Map<ValueId, unknown>();
  for (const l of plan.loops) if (l.k < k) for (const r of l.reductions) scope.set(r.out, true);
  const vals = loops.flatMap((l) =>
    closure(plan, loopRoots(plan, l), scope, (v) => isReduction(plan, v)),
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

function preKernel(
  plan: KernelPlan,
  k: number,
  loops: readonly Loop[],
  optimizer: OptimizerName,
  file: string,
): string {
  const env: EmitEnv = { plan, globalParam: storageParam, seed: 'cfg.seed', step: 'step' };
  const L: string[] = [];
  const scope: Scope = {
    lines: [],
    indent: '  ',
    refs: new Map(),
    wideIndex: new Map(),
    draws: new Map(),
  };
  bindTotals(plan, scope, k);
  const front = frontier(plan, k, loops);
  const vals = closure(
    plan,
    front.map((f) => f.v),
    scope.refs,
    (v) => isReduction(plan, v),
  );
  L.push(
    header(
      plan,
      `pplc prologue kernel, stage ${k}: one thread computes the global values the loops of this stage read`,
      vals,
      file,
    ),
  );
  L.push(prelude(optimizer, usesGamma(plan), usesSubsample(plan)));
  bindings(L);
  L.push('');
  L.push('@compute @workgroup_size(1)');
  L.push('fn main(@builtin(local_invocation_index) tid: u32) {');
  start(L);
  emitAll(env, scope, vals);
  L.push(...scope.lines);
  for (const f of front)
    scope.refs.get(f.v)!.forEach((r, e) => L.push(`  glob[${f.offset + e}u] = ${r};`));
  L.push('}');
  return withDataDecls(plan, L.join('\n') + '\n');
}

function finishKernel(
  plan: KernelPlan,
  k: number,
  loops: readonly Loop[],
  last: boolean,
  optimizer: OptimizerName,
  file: string,
): string {
  const NWG = plan.workgroups;
  const R = plan.totalsLength;
  const env: EmitEnv = { plan, globalParam: storageParam, seed: 'cfg.seed', step: 'step' };
  const L: string[] = [];
  const reds = loops.flatMap((l) => l.reductions);
  const globals = plan.params.filter((p) => !p.domain);
  const scope: Scope = {
    lines: [],
    indent: '    ',
    refs: new Map(),
    wideIndex: new Map(),
    draws: new Map(),
  };
  bindTotals(plan, scope, k + 1);
  const outRoots = [
    plan.loss,
    ...globals.map((p) => p.grad).filter((g): g is ValueId => g !== undefined),
  ];
  const finals = last ? closure(plan, outRoots, scope.refs, (v) => isReduction(plan, v)) : [];
  L.push(
    header(
      plan,
      `pplc finishing kernel, stage ${k}: sums the ${NWG} workgroups' partials${last ? ', then computes the loss and gradients and updates the global params' : ''}`,
      finals,
      file,
    ),
  );
  L.push(prelude(optimizer, usesGamma(plan), usesSubsample(plan)));
  bindings(L);
  L.push('');
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
    const gref = (p: ParamSlot, o: number): string => {
      const gi = plan.values.get(p.grad!)!;
      if (gi.konst !== null) return f32Literal(gi.konst);
      const c = new Map<string, number>();
      let r = o;
      for (let i = p.decl.axes.length - 1; i >= 0; i--) {
        c.set(p.decl.axes[i]!, r % p.shape[i]!);
        r = Math.floor(r / p.shape[i]!);
      }
      return gradRef(plan, scope, p.grad!, c);
    };
    for (const p of globals)
      if (p.grad !== undefined)
        for (let o = 0; o < p.count; o++) L.push(`    ok = ok && is_finite_f(${gref(p, o)});`);
    L.push('    if (!ok) { ctrl.status = step; return; }');
    L.push(`    losses[step - 1u] = ${lossRef};`);
    for (const p of globals) {
      if (p.grad === undefined) continue;
      for (let o = 0; o < p.count; o++) {
        const s = [0, 1].map((j) =>
          p.stateOffsets[j] !== undefined ? `state[${p.stateOffsets[j]! + o}u]` : '0.0',
        );
        L.push(
          `    { let r = opt_update(state[${p.offset + o}u], ${gref(p, o)}, vec2<f32>(${s[0]}, ${s[1]}), h); state[${p.offset + o}u] = r.x;${p.stateOffsets.map((so, j) => ` state[${so + o}u] = r.${'yz'[j]};`).join('')} }`,
        );
      }
    }
    L.push('    ctrl.step = step;');
    L.push('  }');
  }
  L.push('}');
  return withDataDecls(plan, L.join('\n') + '\n');
}

export function multiKernels(
  plan: KernelPlan,
  optimizer: OptimizerName,
  file: string,
): WgslKernel[] {
  const ks = [...new Set(plan.loops.map((l) => l.k))].sort((a, b) => a - b);
  const out: WgslKernel[] = [];
  ks.forEach((k, i) => {
    const loops = plan.loops.filter((l) => l.k === k);
    out.push({ name: `pre${k}`, code: preKernel(plan, k, loops, optimizer, file) });
    out.push({ name: `loop${k}`, code: loopKernel(plan, k, loops, optimizer, file) });
    out.push({
      name: `finish${k}`,
      code: finishKernel(plan, k, loops, i === ks.length - 1, optimizer, file),
    });
  });
  return out;
}
