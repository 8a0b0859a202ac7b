// The loop kernels of a step: one dispatch per level of stored values (a tile of elements per thread, reductions as
// loops), a one-workgroup finishing dispatch (loss, finiteness, estimates, the step count) and a dispatch updating
// every param.
import type { ValueId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';
import type { ParamSlot } from '../plan/types.js';
import { TENSOR_WG } from '../plan/plan-tensor.js';
import type { TensorLevel } from '../plan/types.js';
import { assembleKernel, type KernelContext, type WgslKernel } from './assemble.js';
import type { BufferName } from './bindings.js';
import type { DataUse } from './emit-scope.js';
import { f32Literal } from './literals.js';
import { ruleOf, storageUpdate } from './opt-update.js';
import { header } from './sections.js';
import { schedOf, tiledPart } from './tensor-part.js';

/** Workgroups of one dispatch at most (WebGPU's default per-dimension limit); threads loop beyond it. */
const MAX_WORKGROUPS = 65535;

function buffersOf(k: KernelContext): BufferName[] {
  const b: BufferName[] = ['state', 'cfg', 'ctrl', 'losses', 'glob'];
  if (k.plan.estimates.length) b.push('estimates');
  return b;
}

/** A grid-stride loop over `threads` with workgroups of TENSOR_WG: the body sees the thread index `t`. */
function gridLoop(threads: number, body: readonly string[], prologue: readonly string[]): string[] {
  const wgs = workgroupsFor(threads);
  return [
    `@compute @workgroup_size(${TENSOR_WG})`,
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
    ...prologue,
    `  for (var t = gid.x; t < ${threads}u; t += ${wgs * TENSOR_WG}u) {`,
    ...body,
    '  }',
    '}',
  ];
}

const workgroupsFor = (threads: number): number =>
  Math.max(1, Math.min(MAX_WORKGROUPS, Math.ceil(threads / TENSOR_WG)));

/** Every kernel of a step runs only while the fit runs: not after a divergence, nor past the last step. */
const RUNNING = [
  '  if (ctrl.status != 0u || ctrl.step >= cfg.total_steps) { return; }',
  '  let step = ctrl.step + 1u;',
];

function levelKernel(k: KernelContext, level: TensorLevel, n: number): WgslKernel {
  const dataUses = new Set<DataUse>();
  const body: string[] = [];
  let threads = 0;
  level.parts.forEach((p, i) => {
    const part = tiledPart(k, p, threads);
    threads += part.threads;
    for (const u of part.dataUses) dataUses.add(u);
    const cond = i === 0 ? `if (t < ${threads}u)` : `else if (t < ${threads}u)`;
    body.push(`    ${cond} {`, ...part.lines, '    }');
  });
  const values = level.parts.flatMap((p) => p.values);
  return assembleKernel(k, {
    name: `level${n}`,
    header: header(
      k.plan,
      `pplc loop kernel, level ${n}: ${level.parts.map((p) => `${p.values.map((v) => `%${v}`).join(' ')} over [${p.axes.join(', ')}]`).join('; ')}`,
      values,
      k.file,
    ),
    subgroups: false,
    buffers: buffersOf(k),
    dataUses,
    shared: [],
    main: gridLoop(threads, body, RUNNING),
    workgroups: workgroupsFor(threads),
  });
}

const storedRead = (k: KernelContext, v: ValueId, el: number | string): string => {
  const konst = k.plan.values.get(v)!.konst;
  if (konst !== null) return f32Literal(konst);
  const s = schedOf(k).stored.get(v);
  if (!s) throw new InternalError(`the output %${v} is not stored`);
  return typeof el === 'number' ? `glob[${s.offset + el}u]` : `glob[${s.offset}u + ${el}]`;
};

const FINISH_WG = 64;

/** Checks the loss and every gradient, records the loss and estimates, and counts the step (or the divergence). */
function finishKernel(k: KernelContext): WgslKernel {
  const plan = k.plan;
  const flag = `glob[${schedOf(k).flag}u]`;
  const L: string[] = [
    `@compute @workgroup_size(${FINISH_WG})`,
    'fn main(@builtin(local_invocation_index) tid: u32) {',
    '  if (tid == 0u) { wg_ctrl = vec2<u32>(ctrl.step, ctrl.status); }',
    '  let start = workgroupUniformLoad(&wg_ctrl);',
    `  if (start.y != 0u || start.x >= cfg.total_steps) { if (tid == 0u) { ${flag} = 0.0; } return; }`,
    '  let step = start.x + 1u;',
  ];
  for (const p of plan.params) {
    if (p.grad === undefined || plan.values.get(p.grad)!.konst !== null) continue;
    L.push(`  for (var i = tid; i < ${p.count}u; i += ${FINISH_WG}u) {`);
    L.push(`    if (!is_finite_f(${storedRead(k, p.grad, 'i')})) { atomicStore(&wg_bad, 1u); }`);
    L.push('  }');
  }
  L.push('  workgroupBarrier();');
  const loss = plan.lossKonst !== null ? f32Literal(plan.lossKonst) : storedRead(k, plan.loss, 0);
  L.push(`  let loss = ${loss};`);
  L.push('  let ok = atomicLoad(&wg_bad) == 0u && is_finite_f(loss);');
  // Estimates (a contraction's joints read back after a fit can be millions of words): every thread copies some.
  for (const e of plan.estimates) {
    L.push(`  for (var j = tid; ok && j < ${e.count}u; j += ${FINISH_WG}u) {`);
    L.push(`    estimates[${e.offset}u + j] = ${storedRead(k, e.value, 'j')};`);
    L.push('  }');
  }
  L.push('  if (tid != 0u) { return; }');
  L.push(`  if (!ok) { ctrl.status = step; ${flag} = 0.0; return; }`);
  L.push('  losses[step - 1u] = loss;');
  L.push('  ctrl.step = step;');
  L.push(`  ${flag} = 1.0;`);
  L.push('}');
  return assembleKernel(k, {
    name: 'finish',
    header: header(
      plan,
      'pplc finishing kernel: the loss, its finiteness and the step count',
      [],
      k.file,
    ),
    subgroups: false,
    buffers: buffersOf(k),
    dataUses: new Set(),
    shared: ['var<workgroup> wg_ctrl: vec2<u32>;', 'var<workgroup> wg_bad: atomic<u32>;'],
    main: L,
    workgroups: 1,
  });
}

/** One thread per element of the updated params: the optimizer's update (or QEM's assignment) from its gradient. */
function updateKernel(k: KernelContext): WgslKernel | null {
  const plan = k.plan;
  const updated = plan.params.filter((p) => p.grad !== undefined);
  if (updated.length === 0) return null;
  const body: string[] = [];
  let start = 0;
  updated.forEach((p: ParamSlot, i) => {
    const end = start + p.count;
    body.push(`    ${i === 0 ? '' : 'else '}if (t < ${end}u) {`);
    body.push(`      let el = t - ${start}u;`);
    body.push(
      ...storageUpdate(
        ruleOf(p, k.optimizer),
        '      ',
        `${p.offset}u + el`,
        p.stateOffsets.map((so) => `state[${so}u + el]`),
        storedRead(k, p.grad!, 'el'),
      ),
    );
    body.push('    }');
    start = end;
  });
  const prologue = [
    `  if (glob[${schedOf(k).flag}u] == 0.0) { return; }`,
    '  let step = ctrl.step;',
    '  let h = hyper_at(step);',
  ];
  return assembleKernel(k, {
    name: 'update',
    header: header(plan, 'pplc update kernel: every param element from its gradient', [], k.file),
    subgroups: false,
    buffers: buffersOf(k),
    dataUses: new Set(),
    shared: [],
    main: gridLoop(start, body, prologue),
    workgroups: workgroupsFor(start),
  });
}

/** The kernels of a step in dispatch order, and the `glob` buffer's size. */
export function tensorKernels(k: KernelContext): { kernels: WgslKernel[]; globFloats: number } {
  const sched = schedOf(k);
  const kernels = sched.levels.map((l, i) => levelKernel(k, l, i));
  kernels.push(finishKernel(k));
  const u = updateKernel(k);
  if (u) kernels.push(u);
  return { kernels, globFloats: sched.globLength };
}
