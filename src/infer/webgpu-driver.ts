// The WebGPU driver of a stepped objective: uploads data and params once, creates the buffers and binds the kernels as
// the generated program lists them, runs many steps per submission, and reads back only at progress points and the end.
import {
  acquireGpu,
  getPipeline,
  readFloat32,
  readUint32,
  writeBuffer,
  uploadStorageBuffer,
  type GpuContext,
} from '../runtime/gpu.js';
// The planner and generator load only when a fit plans its kernels (not when it runs a compiled module's).
import type {
  CodegenOptions,
  HostPlan,
  HostProgram,
  WgslKernel,
  WgslProgram,
} from '../codegen-wgsl/generate.js';
import { packData } from '../codegen-wgsl/data-access.js';
import { packConfig, type ConfigValues } from '../codegen-wgsl/config.js';
import type { BufferName } from '../codegen-wgsl/bindings.js';
import { optimizerOf, type OptimizerConfig } from '../optim/optimizers.js';
import { DEFAULT_HYPERPARAMETERS } from '../optim/optimizer.js';
import { InternalError } from '../diag/diagnostic.js';
import { kernelSource, type ParamState, type PreparedFit, type StepInput } from './step-input.js';
import type { FitResult, RunOptions, StepResult } from './fit-result.js';
import { withSummaries } from './posterior.js';
import { batchedInput } from './batched-input.js';
import { unusableParam } from './last-finite.js';
import { carriedKernels, type DeviceShape } from './compiled-kernels.js';

/** Steps per dispatch of a chunked (single-workgroup) program: a dispatch stays well below driver watchdogs. */
export const MAX_CHUNK = 2000;

/** Steps per submission of a per-step program (bounded so one submission stays short). */
const STEPS_PER_SUBMIT = 50;

/** The largest divisor of `every` not above MAX_CHUNK, so dispatches end exactly on progress points. */
function chunkFor(steps: number, every: number | undefined): number {
  if (every === undefined) return Math.min(steps, MAX_CHUNK);
  for (let c = Math.min(every, MAX_CHUNK); c >= 1; c--) if (every % c === 0) return c;
  return 1;
}

/** The state buffer's contents: each param's unconstrained values (and, for wide params, their pre-update copy). */
function packState(plan: HostPlan, prep: StepInput): Float32Array {
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
  readonly buffers: ReadonlyMap<BufferName, GPUBuffer>;
}

function buffer(g: { buffers: ReadonlyMap<BufferName, GPUBuffer> }, name: BufferName): GPUBuffer {
  const b = g.buffers.get(name);
  if (!b) throw new InternalError(`the program binds no ${name} buffer`);
  return b;
}

/** Creates every buffer the program lists, its pipelines (explicit layouts) and bind groups, from the kernels' data. */
async function setUp(
  ctx: GpuContext,
  prog: HostProgram,
  prep: StepInput,
  config: (totalSteps: number) => Uint32Array,
  steps: number,
): Promise<Gpu> {
  const plan = prog.plan;
  const contents = (name: BufferName, words: number): Float32Array | Uint32Array => {
    switch (name) {
      case 'data':
        return packData(plan, prep.data.arrays);
      case 'state':
        return packState(plan, prep);
      // First with no steps to run: the warm-up dispatch below then only makes lavapipe compile the pipelines.
      case 'cfg':
        return config(0);
      default:
        return new Float32Array(words);
    }
  };
  const buffers = new Map<BufferName, GPUBuffer>();
  for (const spec of prog.buffers) {
    const words = spec.words === 'steps' ? Math.max(1, steps) : spec.words;
    // A plan with data windows binds views of one buffer, which may then exceed one binding.
    const whole = spec.name === 'data' && plan.dataWindows ? 'buffer' : 'binding';
    buffers.set(
      spec.name,
      await uploadStorageBuffer(ctx, spec.name, contents(spec.name, words), 0, whole),
    );
  }
  const pipelines = await Promise.all(
    prog.kernels.map((k) =>
      getPipeline(
        ctx,
        k.code,
        'main',
        `pplc-${k.name}`,
        k.bindings.map((b) => ({ binding: b.binding, readOnly: b.access === 'read' })),
      ),
    ),
  );
  const groups = prog.kernels.map((k: WgslKernel, i) =>
    ctx.device.createBindGroup({
      layout: pipelines[i]!.getBindGroupLayout(0),
      entries: k.bindings.map((b) => {
        const buf = buffer({ buffers }, b.buffer);
        const resource: GPUBufferBinding = b.range
          ? {
              buffer: buf,
              offset: b.range.offset,
              size: Math.min(b.range.size, buf.size - b.range.offset),
            }
          : { buffer: buf };
        return { binding: b.binding, resource };
      }),
    }),
  );
  const g = { ctx, pipelines, groups, buffers };
  submitRounds(g, prog, 1);
  await ctx.device.queue.onSubmittedWorkDone();
  writeBuffer(ctx, buffer(g, 'cfg'), 0, config(steps));
  return g;
}

/** Encodes `rounds` rounds of the program's dispatches (every kernel in order) into one submission. */
function submitRounds(g: Gpu, prog: HostProgram, rounds: number): void {
  const enc = g.ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  for (let r = 0; r < rounds; r++)
    prog.kernels.forEach((k, i) => {
      pass.setPipeline(g.pipelines[i]!);
      pass.setBindGroup(0, g.groups[i]!);
      pass.dispatchWorkgroups(k.workgroups);
    });
  pass.end();
  g.ctx.device.queue.submit([enc.finish()]);
}

/** The objective's estimates as the last step done left them, by output name. */
async function readEstimates(g: Gpu, plan: HostPlan): Promise<Map<string, Float64Array>> {
  const estimates = new Map<string, Float64Array>();
  if (plan.estimatesLength === 0) return estimates;
  const all = await readFloat32(g.ctx, buffer(g, 'estimates'), 0, plan.estimatesLength);
  for (const e of plan.estimates)
    estimates.set(e.name, Float64Array.from(all.subarray(e.offset, e.offset + e.count)));
  return estimates;
}

/** What the device tells the planner. */
const deviceShape = (gpu: GpuContext): DeviceShape => ({
  subgroupSize: fixedSubgroupSize(gpu),
  maxBindingBytes: gpu.device.limits.maxStorageBufferBindingSize,
  maxStorageBuffers: gpu.device.limits.maxStorageBuffersPerShaderStage,
});

/** The kernels of `prep`'s objective for this device. */
async function programFor(
  gpu: GpuContext,
  prep: StepInput,
  optimizer: OptimizerConfig,
  codegen: CodegenOptions = {},
): Promise<WgslProgram> {
  const { generateWgsl } = await import('../codegen-wgsl/generate.js');
  return generateWgsl(kernelSource(prep, optimizerOf(optimizer)), {
    ...deviceShape(gpu),
    ...codegen,
  });
}

/** Where a fit's kernels came from: a compiled module (planned for these sizes at compile time), or planned now. */
type KernelOrigin = NonNullable<FitResult['kernels']>;

/** A compiled module's kernels when they are the ones this fit would plan (no overrides), else planned now. */
async function kernelsFor(
  gpu: GpuContext,
  prep: StepInput,
  optimizer: OptimizerConfig,
  codegen: CodegenOptions,
): Promise<{ program: HostProgram; origin: KernelOrigin }> {
  const carried =
    prep.kernels && Object.keys(codegen).length === 0
      ? carriedKernels(
          prep.kernels,
          kernelSource(prep, optimizerOf(optimizer)),
          optimizer,
          deviceShape(gpu),
        )
      : null;
  return carried
    ? { program: carried, origin: 'embedded' }
    : { program: await programFor(gpu, prep, optimizer, codegen), origin: 'planned' };
}

/** What one step of an objective that updates nothing (an evaluation) gives: its loss, NaN if non-finite. */
export interface Evaluation {
  readonly loss: number;
  readonly estimates: ReadonlyMap<string, Float64Array>;
}

/**
 * One step of an objective that updates no param, once per seed, all on one set of buffers and pipelines (the
 * repetitions of an estimate after a fit); `each` sees each repetition's loss and estimates as it is read back.
 * With `steps`, repetition `rep` draws at RNG step `steps[rep]` (as the CPU interpreter at that step) instead of
 * a fit's first step; `codegen` overrides the planner's choices (loop kernels).
 */
export async function repeatWebGpu(
  prep: StepInput,
  seeds: readonly number[],
  gpu: GpuContext,
  each: (rep: number, e: Evaluation) => void,
  steps?: readonly number[],
  codegen: CodegenOptions = {},
): Promise<void> {
  const hyper = { ...DEFAULT_HYPERPARAMETERS, name: 'sgd' as const };
  const prog = await programFor(gpu, prep, hyper, {
    ...codegen,
    ...(steps ? { stepBase: true } : {}),
  });
  // The kernels count the one step from 1: the base moves it to the repetition's.
  const config = (rep: number, totalSteps: number): Uint32Array =>
    packConfig(prog.config, {
      seed: seeds[rep] ?? 0,
      totalSteps,
      chunk: 1,
      hyper,
      stepBase: ((steps?.[rep] ?? 1) - 1) >>> 0,
    });
  const g = await setUp(gpu, prog, prep, (t) => config(0, t), 1);
  try {
    for (let rep = 0; rep < seeds.length; rep++) {
      writeBuffer(gpu, buffer(g, 'cfg'), 0, config(rep, 1));
      writeBuffer(gpu, buffer(g, 'ctrl'), 0, new Uint32Array(2));
      submitRounds(g, prog, 1);
      // Keyed by the function: the repetitions take alike long, so later waits sleep instead of spinning a core.
      const wait = { key: `repeat:${prep.objective.fn.name}` };
      const done = (await readUint32(gpu, buffer(g, 'ctrl'), 0, 2, wait))[0] === 1;
      each(rep, {
        loss: done ? (await readFloat32(gpu, buffer(g, 'losses'), 0, 1))[0]! : NaN,
        estimates: done ? await readEstimates(g, prog.plan) : new Map(),
      });
    }
  } finally {
    for (const b of g.buffers.values()) b.destroy();
  }
}

/** The subgroup size when the device has the feature and a single size (else 0: barrier reductions). */
export function fixedSubgroupSize(ctx: GpuContext): number {
  return ctx.features.has('subgroups') &&
    ctx.subgroupMinSize > 0 &&
    ctx.subgroupMinSize === ctx.subgroupMaxSize
    ? ctx.subgroupMaxSize
    : 0;
}

export async function fitWebGpu(
  prep: PreparedFit,
  opts: RunOptions,
  ctx?: GpuContext,
): Promise<FitResult> {
  return (await runWebGpu(prep, opts, ctx)).result;
}

/** A fit plus the final unconstrained params as the GPU holds them (for tests and tools). */
export interface WebGpuRun {
  readonly result: FitResult;
  readonly unconstrained: readonly Float64Array[];
  readonly program: HostProgram;
}

export async function runWebGpu(
  prep: PreparedFit,
  opts: RunOptions,
  ctx?: GpuContext,
  /** Overrides of what the device says (tests: a small binding limit, to exercise data windows). */
  codegen: CodegenOptions = {},
): Promise<WebGpuRun> {
  let run = await stepWebGpu(prep, opts, ctx, codegen);
  if (run.divergence && run.before === undefined && unusableParam(run.params) !== null) {
    // The kernels keep no copy of the params before their last update; the same fit stopped before that update
    // has them (every draw is keyed by its step, so it takes the same path).
    const back = Math.max(0, run.divergence.step - 2);
    const { onProgress: _, ...quiet } = opts;
    const before =
      back === 0
        ? prep.params
        : (await stepWebGpu(prep, { ...quiet, steps: back }, ctx, codegen)).params;
    run = { ...run, before };
  }
  // Every buffer the fit allocates lives for the whole fit: their sum is its peak GPU memory.
  const gpuBytes = run.program.buffers.reduce(
    (n, b) => n + 4 * (b.words === 'steps' ? Math.max(1, opts.steps) : b.words),
    0,
  );
  return {
    result: { ...withSummaries(prep, run, opts), gpuBytes, kernels: run.kernels },
    unconstrained: run.params.map((p) => p.values),
    program: run.program,
  };
}

/**
 * Runs the objective's steps on a WebGPU device (acquired and released here when none is given); many identical
 * scalar computations run as one over a batch axis (src/infer/batched-input.ts) unless the kernels came compiled.
 */
export async function stepWebGpu(
  prep: StepInput,
  opts: RunOptions,
  ctx?: GpuContext,
  codegen: CodegenOptions = {},
): Promise<StepResult & { readonly program: HostProgram; readonly kernels: KernelOrigin }> {
  const batched = prep.kernels ? null : batchedInput(prep);
  if (batched === null) return stepPrepared(prep, opts, ctx, codegen);
  return batched.unbatch(await stepPrepared(batched.input, opts, ctx, codegen));
}

async function stepPrepared(
  prep: StepInput,
  opts: RunOptions,
  ctx: GpuContext | undefined,
  codegen: CodegenOptions,
): Promise<StepResult & { readonly program: HostProgram; readonly kernels: KernelOrigin }> {
  const own = ctx === undefined;
  const gpu = ctx ?? (await acquireGpu({ optionalFeatures: ['subgroups'] }));
  try {
    const { program: prog, origin } = await kernelsFor(gpu, prep, opts.optimizer, codegen);
    const plan = prog.plan;
    const every = opts.onProgress && opts.progressEvery ? opts.progressEvery : undefined;
    const chunk = prog.chunked ? chunkFor(opts.steps, every) : 1;
    const config = (totalSteps: number): Uint32Array => {
      const values: ConfigValues = { seed: opts.seed, totalSteps, chunk, hyper: opts.optimizer };
      return packConfig(prog.config, values);
    };
    const g = await setUp(gpu, prog, prep, config, opts.steps);
    const ctrlBuf = buffer(g, 'ctrl');
    const lossBuf = buffer(g, 'losses');
    // Fit time: from the first submission to the last read-back (lavapipe still compiles a pipeline at its
    // first dispatch, which falls inside; Mesa caches it on disk for the next run).
    const t0 = performance.now();
    let submitted = 0;
    let status = 0;
    // Two short segments are timed first (the first also pays for compiling the pipelines); later waits
    // then sleep through most of their expected duration, because while a read is pending the Node
    // bindings spin a core, which lavapipe needs for the kernels themselves.
    const calibration = Math.min(opts.steps, prog.chunked ? chunk : 10);
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
        // A chunked round runs `chunk` steps (the kernel stops at total_steps); a per-step round one step.
        const n = prog.chunked ? to - submitted : Math.min(to - submitted, STEPS_PER_SUBMIT);
        submitRounds(g, prog, prog.chunked ? Math.ceil(n / chunk) : n);
        submitted += n;
      }
      const ctrl = await readUint32(
        gpu,
        ctrlBuf,
        0,
        2,
        msPerStep === undefined ? {} : { expectedMs: msPerStep * (to - from) },
      );
      status = ctrl[1]!;
      if (timed < 2 && ++timed === 2)
        msPerStep = (performance.now() - t0seg) / Math.max(1, to - from);
      if (every && status === 0 && ctrl[0]! > 0) {
        const loss = (await readFloat32(gpu, lossBuf, ctrl[0]! - 1, 1))[0]!;
        opts.onProgress!(ctrl[0]!, loss);
      }
    }
    const ctrl = await readUint32(gpu, ctrlBuf, 0, 2);
    const done = ctrl[0]!;
    status = ctrl[1]!;
    const losses =
      done > 0 ? Float64Array.from(await readFloat32(gpu, lossBuf, 0, done)) : new Float64Array(0);
    const state = await readFloat32(gpu, buffer(g, 'state'), 0, plan.stateLength);
    const estimates = await readEstimates(g, plan);
    const seconds = (performance.now() - t0) / 1000;
    // On divergence wide params were already updated in the failing step: their pre-update copy is current.
    const params: ParamState[] = plan.params.map((p, i) => {
      const at = status !== 0 && p.prevOffset !== null ? p.prevOffset : p.offset;
      return { ...prep.params[i]!, values: Float64Array.from(state.subarray(at, at + p.count)) };
    });
    for (const b of g.buffers.values()) b.destroy();
    const divergence =
      status !== 0
        ? { step: status, message: `the loss or a gradient became non-finite at step ${status}` }
        : null;
    return {
      steps: done,
      seconds,
      losses,
      params,
      estimates,
      divergence,
      program: prog,
      kernels: origin,
    };
  } finally {
    if (own) gpu.destroy();
  }
}
