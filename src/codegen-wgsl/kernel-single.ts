// The single-workgroup kernel: one dispatch runs `cfg.chunk` whole SVI steps (sample, model, backward, update).
import type { ValueId } from '../ir/ir.js';
import type { OptimizerName } from '../optim/optimizers.js';
import { DATA_DECLS, withDataDecls } from './data-access.js';
import type { KernelPlan, ParamSlot } from '../plan/plan.js';
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

const reg = (p: ParamSlot, off: number): string => `p${p.index}_${off}`;

export function singleKernel(plan: KernelPlan, optimizer: OptimizerName, file: string): string {
  const WG = plan.workgroupSize;
  const R = plan.totalsLength;
  const globals = plan.params.filter((p) => !p.domain);
  const env: EmitEnv = { plan, globalParam: reg, seed: 'cfg.seed', step: 'step' };
  const L: string[] = [];
  const sub = plan.reduce === 'subgroup' && R > 0;
  if (sub) L.push('enable subgroups;');
  L.push(
    header(
      plan,
      `pplc fused SVI kernel (${plan.fn.name}): one workgroup of ${WG} threads runs cfg.chunk whole steps per dispatch`,
      plan.live,
      file,
    ),
  );
  L.push(prelude(optimizer, usesGamma(plan), usesSubsample(plan)));
  L.push(DATA_DECLS);
  L.push('// params, optimizer state and (wide params) pre-update copies; layout in the plan');
  L.push('@group(0) @binding(1) var<storage, read_write> state: array<f32>;');
  L.push('@group(0) @binding(2) var<storage, read> cfg: Config;');
  L.push('@group(0) @binding(3) var<storage, read_write> ctrl: Ctrl;');
  L.push(
    '@group(0) @binding(4) var<storage, read_write> losses: array<f32>; // one per step, read back only when asked',
  );
  L.push('');
  if (R > 0 && !sub) {
    L.push(
      '// Per-thread partial sums, double-buffered by reduction parity so one barrier per reduction suffices:',
    );
    L.push(
      '// a thread overwrites a slot only after the next barrier, which every thread passes only after reading it.',
    );
    L.push(`var<workgroup> partials: array<f32, ${2 * R * WG}>; // [slot][accumulator][thread]`);
  }
  L.push('var<workgroup> wg_ctrl: vec2<u32>;');
  L.push('');
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
  for (const p of globals) {
    for (let o = 0; o < p.count; o++) {
      L.push(`  var ${reg(p, o)} = state[${p.offset + o}u];`);
      p.stateOffsets.forEach((so, j) => L.push(`  var ${reg(p, o)}_s${j} = state[${so + o}u];`));
    }
  }
  L.push('  var dead = false;');
  L.push('  var bad_step = 0u;');
  L.push('  var done = 0u;');
  if (R > 0 && !sub) L.push('  var slot = 0u;');
  L.push('  for (var s = 0u; s < nsteps; s++) {');
  L.push('    let step = start.x + s + 1u; // 1-based, as the CPU backend');
  L.push('    let h = hyper_at(step);');
  const scope: Scope = {
    lines: L,
    indent: '    ',
    refs: new Map(),
    wideIndex: new Map(),
    draws: new Map(),
  };
  const stopAtReduction = (v: ValueId): boolean => isReduction(plan, v);
  for (let stage = 0; stage <= plan.lastStage; stage++) {
    const loops = plan.loops.filter((l) => l.k === stage);
    if (loops.length > 0) {
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
          const upd = childScope(inner, '        ');
          for (const p of l.updates) emitWideUpdate(plan, upd, p, f32Literal);
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
  }
  // Final section: the loss and the global gradients.
  const outRoots = [
    plan.loss,
    ...globals.map((p) => p.grad).filter((g): g is ValueId => g !== undefined),
  ];
  L.push('    // the loss and the gradients of the global params');
  emitAll(env, scope, closure(plan, outRoots, scope.refs, stopAtReduction));
  const lossRef =
    plan.lossKonst !== null ? f32Literal(plan.lossKonst) : scope.refs.get(plan.loss)![0]!;
  L.push(`    var ok = is_finite_f(${lossRef});`);
  for (const p of globals) {
    if (p.grad === undefined) continue;
    for (let o = 0; o < p.count; o++)
      L.push(`    ok = ok && is_finite_f(${globalGrad(plan, scope, p, o)});`);
  }
  L.push('    if (!dead && !ok) { dead = true; bad_step = step; }');
  L.push('    if (!dead) {');
  L.push(`      if (tid == 0u) { losses[step - 1u] = ${lossRef}; }`);
  for (const p of globals) {
    if (p.grad === undefined) continue;
    for (let o = 0; o < p.count; o++) {
      const r = reg(p, o);
      const s = [0, 1].map((j) => (p.stateOffsets[j] !== undefined ? `${r}_s${j}` : '0.0'));
      L.push(
        `      { let r = opt_update(${r}, ${globalGrad(plan, scope, p, o)}, vec2<f32>(${s[0]}, ${s[1]}), h); ${r} = r.x;${p.stateOffsets.map((_, j) => ` ${r}_s${j} = r.${'yz'[j]};`).join('')} }`,
      );
    }
  }
  L.push('      done = s + 1u;');
  L.push('    }');
  L.push('  }');
  L.push('  if (tid == 0u) {');
  // The host binds `state` whenever its name appears twice (its declaration comment says it), so a
  // kernel without params must still use it or the 'auto' layout drops it.
  if (plan.params.length === 0) L.push('    _ = &state;');
  for (const p of globals) {
    for (let o = 0; o < p.count; o++) {
      L.push(`    state[${p.offset + o}u] = ${reg(p, o)};`);
      p.stateOffsets.forEach((so, j) => L.push(`    state[${so + o}u] = ${reg(p, o)}_s${j};`));
    }
  }
  L.push('    ctrl.step = start.x + done;');
  L.push('    ctrl.status = bad_step;');
  L.push('  }');
  L.push('}');
  return withDataDecls(plan, L.join('\n') + '\n');
}

/** The gradient of a global param's storage element `o` (row-major over decl.axes). */
function globalGrad(plan: KernelPlan, scope: Scope, p: ParamSlot, o: number): string {
  const gi = plan.values.get(p.grad!)!;
  if (gi.konst !== null) return f32Literal(gi.konst);
  const c = new Map<string, number>();
  let r = o;
  for (let i = p.decl.axes.length - 1; i >= 0; i--) {
    c.set(p.decl.axes[i]!, r % p.shape[i]!);
    r = Math.floor(r / p.shape[i]!);
  }
  return gradRef(plan, scope, p.grad!, c);
}
