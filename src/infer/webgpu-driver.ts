// The WebGPU backend: uploads data and params once, runs fused SVI-step kernels many steps per submission,
// keeps the losses on the GPU and reads back only at progress points and at the end.
import {
  acquireGpu,
  getPipeline,
  readFloat32,
  readUint32,
  writeBuffer,
  uploadStorageBuffer,
  type GpuContext,
} from '../runtime/gpu.js';
import { generateWgsl, type CodegenOptions, type WgslProgram } from '../codegen-wgsl/generate.js';
import { DATA4_BINDING, DATA_BLOCK, blockGroups, type KernelPlan } from '../plan/plan.js';
import { InternalError } from '../diag/diagnostic.js';
import type { OptimizerConfig } from '../optim/optimizers.js';
import type { ParamState, PreparedFit } from './prepare.js';
import type { FitOptions, FitResult } from './fit-result.js';
import { constrainedParams, latentSummaries } from './posterior.js';

/** Steps per dispatch of a single-workgroup plan (a dispatch stays well below driver watchdogs). */
export const MAX_CHUNK = 2000;

/** The Config struct's 16 words (see src/codegen-wgsl/optim.ts WGSL_CONFIG). */
export function configWords(
  o: OptimizerConfig,
  seed: number,
  totalSteps: number,
  chunk: number,
): ArrayBuffer {
  const buf = new ArrayBuffer(64);
  const u = new Uint32Array(buf);
  const f = new Float32Array(buf);
  u[0] = seed >>> 0;
  u[1] = totalSteps;
  u[2] = chunk;
  f[4] = o.lr;
  f[5] = o.momentum;
  f[6] = o.beta1;
  f[7] = o.beta2;
  f[8] = o.eps;
  f[9] = o.clipNorm;
  f[10] = Math.log(o.beta1);
  f[11] = Math.log(o.beta2);
  f[12] = Math.log(o.lrDecay);
  // lrAt: ClippedAdam decays before its update (lr * d^t), the others after (lr * d^(t-1)).
  f[13] = o.name === 'clipped-adam' ? 0 : 1;
  return buf;
}

/** The largest divisor of `every` not above MAX_CHUNK, so dispatches end exactly on progress points. */
function chunkFor(steps: number, every: number | undefined): number {
  if (every === undefined) return Math.min(steps, MAX_CHUNK);
  for (let c = Math.min(every, MAX_CHUNK); c >= 1; c--) if (every % c === 0) return c;
  return 1;
}

function packData(plan: KernelPlan, prep: PreparedFit): Float32Array {
  // Whole vec4s: the data is also read as vec4s (blocked rows, data windows).
  const out = new Float32Array(Math.max(4, Math.ceil(plan.dataLength / 4) * 4));
  for (const d of plan.data) {
    const a = prep.data.arrays.get(d.name);
    if (!a) throw new InternalError(`no data named ${d.name}`);
    if (!d.blocked) {
      out.set(a.values, d.offset);
      continue;
    }
    // See DataSlot.blocked: [block][column group][row in block][4].
    const width = a.values.length / d.shape[0]!;
    const G = blockGroups(d.shape);
    for (let i = 0; i < d.shape[0]!; i++) {
      const block =
        d.offset + Math.floor(i / DATA_BLOCK) * DATA_BLOCK * G * 4 + (i % DATA_BLOCK) * 4;
      for (let j = 0; j < width; j++)
        out[block + (j >> 2) * DATA_BLOCK * 4 + (j & 3)] = a.values[i * width + j]!;
    }
  }
  return out;
}

function packState(plan: KernelPlan, prep: PreparedFit): Float32Array {
  const out = new Float32Array(Math.max(1, plan.stateLength));
  plan.params.forEach((p, i) => {
    const v = prep.params[i]!.values;
    out.set(v, p.offset);
    if (p.prevOffset !== null) out.set(v, p.prevOffset);
  });
  return out;
}

interface Gpu {
  readonly ctx: GpuContext;
  readonly pipelines: readonly GPUComputePipeline[];
  readonly groups: readonly GPUBindGroup[];
  readonly state: GPUBuffer;
  readonly ctrl: GPUBuffer;
  readonly losses: GPUBuffer;
  readonly buffers: readonly GPUBuffer[];
  readonly names: readonly string[];
}

async function setUp(
  ctx: GpuContext,
  prog: WgslProgram,
  prep: PreparedFit,
  opts: FitOptions,
  chunk: number,
): Promise<Gpu> {
  const plan = prog.plan;
  const pipelines = await Promise.all(
    prog.kernels.map((k) => getPipeline(ctx, k.code, 'main', `pplc-${k.name}`)),
  );
  // A plan with data windows binds views of one buffer, which may then exceed one binding.
  const data = await uploadStorageBuffer(
    ctx,
    'data',
    packData(plan, prep),
    0,
    plan.dataWindows ? 'buffer' : 'binding',
  );
  const state = await uploadStorageBuffer(ctx, 'state', packState(plan, prep));
  // First with no steps to run: the warm-up dispatches below then only make lavapipe compile the pipelines.
  const cfg = await uploadStorageBuffer(
    ctx,
    'cfg',
    new Uint32Array(configWords(opts.optimizer, opts.seed, 0, chunk)),
  );
  const ctrl = await uploadStorageBuffer(ctx, 'ctrl', new Uint32Array(2));
  const losses = await uploadStorageBuffer(
    ctx,
    'losses',
    new Float32Array(Math.max(1, opts.steps)),
  );
  const buffers = [data, state, cfg, ctrl, losses];
  if (plan.mode === 'multi') {
    buffers.push(
      await uploadStorageBuffer(
        ctx,
        'partials',
        new Float32Array(Math.max(1, plan.workgroups * plan.totalsLength)),
      ),
    );
    buffers.push(
      await uploadStorageBuffer(ctx, 'totals', new Float32Array(Math.max(1, plan.totalsLength))),
    );
    const globals = plan.live
      .filter((v) => !plan.values.get(v)!.domain)
      .reduce((a, v) => a + plan.values.get(v)!.count, 0);
    buffers.push(await uploadStorageBuffer(ctx, 'globals', new Float32Array(Math.max(1, globals))));
  }
  // Buffer j at @binding(j). The data buffer is bound whole as f32s (0) and as vec4s (DATA4_BINDING), or,
  // when the plan windows it, as consecutive windows of vec4s from DATA4_BINDING on.
  const bound: (GPUBufferBinding | undefined)[] = buffers.map((buffer) => ({ buffer }));
  const w = plan.dataWindows;
  if (!w) bound[DATA4_BINDING] = { buffer: data };
  else
    for (let k = 0; k < w.count; k++) {
      const offset = k * w.vec4s * 16;
      bound[DATA4_BINDING + k] = {
        buffer: data,
        offset,
        size: Math.min(w.vec4s * 16, data.size - offset),
      };
    }
  // Each pipeline's 'auto' layout lists only the bindings its code uses; bind exactly those.
  const groups = pipelines.map((p, i) => {
    const code = prog.kernels[i]!.code;
    const used = bound
      .map((b, j) => ({ b, j }))
      .filter(
        (x): x is { b: GPUBufferBinding; j: number } => x.b !== undefined && isUsed(code, x.j),
      );
    return ctx.device.createBindGroup({
      layout: p.getBindGroupLayout(0),
      entries: used.map(({ b, j }) => ({ binding: j, resource: b })),
    });
  });
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pipelines.forEach((p, i) => {
    pass.setPipeline(p);
    pass.setBindGroup(0, groups[i]!);
    pass.dispatchWorkgroups(1);
  });
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  await ctx.device.queue.onSubmittedWorkDone();
  writeBuffer(
    ctx,
    cfg,
    0,
    new Uint32Array(configWords(opts.optimizer, opts.seed, opts.steps, chunk)),
  );
  return {
    ctx,
    pipelines,
    groups,
    state,
    ctrl,
    losses,
    buffers,
    names: prog.kernels.map((k) => k.name),
  };
}

/** Whether binding j's variable is referenced beyond its declaration (unused bindings drop out of 'auto' layouts). */
function isUsed(code: string, j: number): boolean {
  const m = new RegExp(`@binding\\(${j}\\) var<storage[^>]*> (\\w+)`).exec(code);
  if (!m) return false;
  const name = m[1]!;
  // Comments may mention a buffer the code never touches; 'auto' layouts drop such a binding.
  const live = code.replace(/\/\/[^\n]*/g, '');
  return (live.match(new RegExp(`\\b${name}\\b`, 'g')) ?? []).length > 1;
}

/** Encodes `steps` steps starting after `done` into one submission. */
function submitSteps(g: Gpu, plan: KernelPlan, steps: number, chunk: number): void {
  const enc = g.ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  if (plan.mode === 'single') {
    pass.setPipeline(g.pipelines[0]!);
    pass.setBindGroup(0, g.groups[0]!);
    for (let s = 0; s < steps; s += chunk) pass.dispatchWorkgroups(1);
  } else {
    for (let s = 0; s < steps; s++) {
      g.pipelines.forEach((p, i) => {
        pass.setPipeline(p);
        pass.setBindGroup(0, g.groups[i]!);
        pass.dispatchWorkgroups(g.names[i]!.startsWith('loop') ? plan.workgroups : 1);
      });
    }
  }
  pass.end();
  g.ctx.device.queue.submit([enc.finish()]);
}

/** The subgroup size when the device has the feature and a single size (else 0: barrier reductions). */
export function fixedSubgroupSize(ctx: GpuContext): number {
  return ctx.features.has('subgroups') &&
    ctx.subgroupMinSize > 0 &&
    ctx.subgroupMinSize === ctx.subgroupMaxSize
    ? ctx.subgroupMaxSize
    : 0;
}

/** Steps per submission of a multi-workgroup plan (bounded so one submission stays short). */
const MULTI_STEPS_PER_SUBMIT = 50;

export async function fitWebGpu(
  prep: PreparedFit,
  opts: FitOptions,
  ctx?: GpuContext,
): Promise<FitResult> {
  return (await runWebGpu(prep, opts, ctx)).result;
}

/** A fit plus the final unconstrained params as the GPU holds them (for tests and tools). */
export interface WebGpuRun {
  readonly result: FitResult;
  readonly unconstrained: readonly Float64Array[];
  readonly program: WgslProgram;
}

export async function runWebGpu(
  prep: PreparedFit,
  opts: FitOptions,
  ctx?: GpuContext,
  /** Overrides of what the device says (tests: a small binding limit, to exercise data windows). */
  codegen: CodegenOptions = {},
): Promise<WebGpuRun> {
  const own = ctx === undefined;
  const gpu = ctx ?? (await acquireGpu({ optionalFeatures: ['subgroups'] }));
  try {
    const prog = generateWgsl(prep, opts.optimizer.name, {
      subgroupSize: fixedSubgroupSize(gpu),
      maxBindingBytes: gpu.device.limits.maxStorageBufferBindingSize,
      maxStorageBuffers: gpu.device.limits.maxStorageBuffersPerShaderStage,
      ...codegen,
    });
    const plan = prog.plan;
    const every = opts.onProgress && opts.progressEvery ? opts.progressEvery : undefined;
    const chunk = plan.mode === 'single' ? chunkFor(opts.steps, every) : 1;
    const g = await setUp(gpu, prog, prep, opts, chunk);
    // Fit time: from the first submission to the last read-back (lavapipe still compiles a pipeline at its
    // first dispatch, which falls inside; Mesa caches it on disk for the next run).
    const t0 = performance.now();
    let submitted = 0;
    let status = 0;
    // Two short segments are timed first (the first also pays for compiling the pipelines); later waits
    // then sleep through most of their expected duration, because while a read is pending the Node
    // bindings spin a core, which lavapipe needs for the kernels themselves.
    const calibration = Math.min(opts.steps, plan.mode === 'single' ? chunk : 10);
    let timed = 0;
    let msPerStep: number | undefined;
    while (submitted < opts.steps && status === 0) {
      const from = submitted;
      const to =
        timed < 2
          ? Math.min(opts.steps, from + calibration)
          : every
            ? Math.min(opts.steps, (Math.floor(from / every) + 1) * every)
            : opts.steps;
      const t0seg = performance.now();
      while (submitted < to) {
        const n =
          plan.mode === 'single'
            ? to - submitted
            : Math.min(to - submitted, MULTI_STEPS_PER_SUBMIT);
        submitSteps(g, plan, n, chunk);
        submitted += n;
      }
      const ctrl = await readUint32(
        gpu,
        g.ctrl,
        0,
        2,
        msPerStep === undefined ? {} : { expectedMs: msPerStep * (to - from) },
      );
      status = ctrl[1]!;
      if (timed < 2 && ++timed === 2)
        msPerStep = (performance.now() - t0seg) / Math.max(1, to - from);
      if (every && status === 0 && ctrl[0]! > 0) {
        const loss = (await readFloat32(gpu, g.losses, ctrl[0]! - 1, 1))[0]!;
        opts.onProgress!(ctrl[0]!, loss);
      }
    }
    const ctrl = await readUint32(gpu, g.ctrl, 0, 2);
    const done = ctrl[0]!;
    status = ctrl[1]!;
    const losses =
      done > 0 ? Float64Array.from(await readFloat32(gpu, g.losses, 0, done)) : new Float64Array(0);
    const state = await readFloat32(gpu, g.state, 0, plan.stateLength);
    const seconds = (performance.now() - t0) / 1000;
    // On divergence wide params were already updated in the failing step: their pre-update copy is current.
    const params: ParamState[] = plan.params.map((p, i) => {
      const at = status !== 0 && p.prevOffset !== null ? p.prevOffset : p.offset;
      return { ...prep.params[i]!, values: Float64Array.from(state.subarray(at, at + p.count)) };
    });
    for (const b of g.buffers) b.destroy();
    const divergence =
      status !== 0
        ? { step: status, message: `the loss or a gradient became non-finite at step ${status}` }
        : null;
    const result: FitResult = {
      steps: done,
      seconds,
      losses,
      params: constrainedParams(params),
      latents: latentSummaries(prep, params, opts.draws, opts.seed),
      divergence,
    };
    return { result, unconstrained: params.map((p) => p.values), program: prog };
  } finally {
    if (own) gpu.destroy();
  }
}
