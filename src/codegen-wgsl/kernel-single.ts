// The single-workgroup kernel: one dispatch runs `cfg.chunk` whole steps (sample, model, backward, update).
import type { ValueId } from '../ir/ir.js';
import type { ParamSlot } from '../plan/types.js';
import { assembleKernel, type KernelContext, type WgslKernel } from './assemble.js';
import { rngStep } from './config.js';
import type { BufferName } from './bindings.js';
import { childScope, newScope, type DataUse, type EmitEnv } from './emit-scope.js';
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
import { registerLoad, registerStore, registerUpdate, ruleOf } from './opt-update.js';
import { f32Literal } from './literals.js';

const reg = (p: ParamSlot, off: number): string => `p${p.index}_${off}`;

export function singleKernel(k: KernelContext): WgslKernel {
  const { plan, optimizer } = k;
  const WG = plan.workgroupSize;
  const R = plan.totalsLength;
  const globals = plan.params.filter((p) => !p.domain);
  const dataUses = new Set<DataUse>();
  const env: EmitEnv = {
    plan,
    globalParam: reg,
    seed: 'cfg.seed',
    step: rngStep(k.config),
    dataUses,
  };
  const L: string[] = [];
  const sub = plan.reduce === 'subgroup' && R > 0;
  const shared: string[] = [];
  if (R > 0 && !sub) {
    shared.push(
      '// Per-thread partial sums, double-buffered by reduction parity so one barrier per reduction suffices:',
      '// a thread overwrites a slot only after the next barrier, which every thread passes only after reading it.',
      `var<workgroup> partials: array<f32, ${2 * R * WG}>; // [slot][accumulator][thread]`,
    );
  }
  shared.push('var<workgroup> wg_ctrl: vec2<u32>;');
  L.push(`@compute @workgroup_size(${WG})`);
  L.push('fn main(@builtin(local_invocation_index) tid: u32) {');
  L.push('  // A uniform copy of the control words (barriers below need uniform control flow).');
  L.push('  if (tid == 0u) { wg_ctrl = vec2<u32>(ctrl.step, ctrl.status); }');
  L.push('  let start = workgroupUniformLoad(&wg_ctrl);');
  L.push('  if (start.y != 0u || start.x >= cfg.total_steps) { return; }');
  L.push('  let nsteps = min(cfg.chunk, cfg.total_steps - start.x);');
  L.push('');
  L.push(
    '  // Global params and their optimizer state live in registers for the whole dispatch; every thread',
  );
  L.push(
    '  // updates its own copy from identical totals, so the copies stay bit-identical without a broadcast.',
  );
  const word = (n: number): string => `state[${n}u]`;
  for (const p of globals)
    for (let o = 0; o < p.count; o++)
      for (const line of registerLoad(
        optimizer,
        reg(p, o),
        word(p.offset + o),
        p.stateOffsets.map((so) => word(so + o)),
      ))
        L.push(`  ${line}`);
  L.push('  var dead = false;');
  L.push('  var bad_step = 0u;');
  L.push('  var done = 0u;');
  if (R > 0 && !sub) L.push('  var slot = 0u;');
  L.push('  for (var s = 0u; s < nsteps; s++) {');
  L.push('    let step = start.x + s + 1u; // 1-based, as the CPU backend');
  L.push('    let h = hyper_at(step);');
  const scope = newScope(L, '    ');
  const stopAtReduction = (v: ValueId): boolean => isReduction(plan, v);
  for (let stage = 0; stage <= plan.lastStage; stage++) {
    const loops = plan.loops.filter((l) => l.k === stage);
    if (loops.length === 0) continue;
    // Globals this stage's loops need, then the loops, then one reduction barrier for all of them.
    const loopVals = loops.map((l) =>
      closure(plan, loopRoots(plan, l), scope.refs, stopAtReduction),
    );
    const globalRoots = loopVals
      .flat()
      .flatMap((v) => plan.values.get(v)!.eqn.args)
      .filter((a) => !plan.values.get(a)!.domain);
    const gl = closure(plan, globalRoots, scope.refs, stopAtReduction);
    if (gl.length) L.push(`    // stage ${stage}: global values (every thread, redundantly)`);
    emitAll(env, scope, gl);
    loops.forEach((l, li) => {
      L.push(
        `    // loop over ${l.domain.axes.join(' x ')} (${l.domain.size} elements, thread-strided): forward and backward fused`,
      );
      for (const r of l.reductions)
        for (let e = 0; e < r.count; e++) L.push(`    var acc_${r.offset + e} = 0.0;`);
      L.push(`    for (var w = tid; w < ${l.domain.size}u; w += ${WG}u) {`);
      const inner = childScope(scope, '      ', wideIndices(plan, l.domain.axes, '      ', L));
      emitAll(
        env,
        inner,
        loopVals[li]!.filter((v) => plan.values.get(v)!.domain === l.domain),
      );
      for (const r of l.reductions) {
        const refs = inner.refs.get(r.arg)!;
        for (let e = 0; e < r.count; e++) L.push(`      acc_${r.offset + e} += ${refs[e]};`);
      }
      if (l.updates.length) {
        L.push('      if (!dead) {');
        L.push(...wideUpdates(plan, optimizer, childScope(inner, '        '), l.updates));
        L.push('      }');
      }
      L.push('    }');
    });
    const reds = loops.flatMap((l) => l.reductions);
    if (reds.length && sub) {
      L.push('    // the workgroup is one subgroup: every lane gets the same totals, no barrier');
      for (const r of reds) {
        const names = Array.from({ length: r.count }, (_, e) => `tot_${r.offset + e}`);
        names.forEach((t, e) => L.push(`    let ${t} = subgroupAdd(acc_${r.offset + e});`));
        scope.refs.set(r.out, names);
      }
    } else if (reds.length) {
      L.push(
        '    // workgroup reduction of every accumulator of this stage: one barrier, then each thread',
      );
      L.push(
        '    // sums the partials itself in the same order (identical totals in every thread)',
      );
      for (const r of reds)
        for (let e = 0; e < r.count; e++)
          L.push(
            `    partials[(slot * ${R}u + ${r.offset + e}u) * ${WG}u + tid] = acc_${r.offset + e};`,
          );
      L.push('    workgroupBarrier();');
      for (const r of reds) {
        const names: string[] = [];
        for (let e = 0; e < r.count; e++) {
          const t = `tot_${r.offset + e}`;
          L.push(`    var ${t} = 0.0;`);
          L.push(
            `    for (var q = 0u; q < ${WG}u; q++) { ${t} += partials[(slot * ${R}u + ${r.offset + e}u) * ${WG}u + q]; }`,
          );
          names.push(t);
        }
        scope.refs.set(r.out, names);
      }
      L.push('    slot = 1u - slot;');
    }
  }
  // Final section: the loss, the gradients of the global params and the estimates.
  L.push('    // the loss and the gradients of the global params');
  emitAll(env, scope, closure(plan, stepRoots(plan), scope.refs, stopAtReduction));
  const lossRef =
    plan.lossKonst !== null ? f32Literal(plan.lossKonst) : scope.refs.get(plan.loss)![0]!;
  L.push(`    var ok = is_finite_f(${lossRef});`);
  for (const p of globals) {
    if (p.grad === undefined) continue;
    for (let o = 0; o < p.count; o++)
      L.push(`    ok = ok && is_finite_f(${globalGradRef(plan, scope, p, o)});`);
  }
  L.push('    if (!dead && !ok) { dead = true; bad_step = step; }');
  L.push('    if (!dead) {');
  L.push(`      if (tid == 0u) { losses[step - 1u] = ${lossRef}; }`);
  if (plan.estimates.length) {
    L.push('      if (tid == 0u) {');
    for (const e of plan.estimates)
      refsOf(plan, scope, e.value).forEach((r, j) =>
        L.push(`        estimates[${e.offset + j}u] = ${r};`),
      );
    L.push('      }');
  }
  for (const p of globals) {
    if (p.grad === undefined) continue;
    for (let o = 0; o < p.count; o++)
      L.push(
        `      ${registerUpdate(ruleOf(p, optimizer), reg(p, o), globalGradRef(plan, scope, p, o))}`,
      );
  }
  L.push('      done = s + 1u;');
  L.push('    }');
  L.push('  }');
  L.push('  if (tid == 0u) {');
  for (const p of globals)
    for (let o = 0; o < p.count; o++)
      for (const line of registerStore(
        optimizer,
        reg(p, o),
        word(p.offset + o),
        p.stateOffsets.map((so) => word(so + o)),
      ))
        L.push(`    ${line}`);
  L.push('    ctrl.step = start.x + done;');
  L.push('    ctrl.status = bad_step;');
  L.push('  }');
  L.push('}');
  const buffers: BufferName[] = ['state', 'cfg', 'ctrl', 'losses'];
  if (plan.estimates.length) buffers.push('estimates');
  return assembleKernel(k, {
    name: 'step',
    header: header(
      plan,
      `pplc fused step kernel (${plan.fn.name}): one workgroup of ${WG} threads runs cfg.chunk whole steps per dispatch`,
      plan.live,
      k.file,
    ),
    subgroups: sub,
    buffers,
    dataUses,
    shared,
    main: L,
    workgroups: 1,
  });
}
