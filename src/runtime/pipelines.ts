// Compute pipelines cached by WGSL text + entry point, created under a validation scope with line:col messages.
import type { GpuContext } from './device.js';
import { checkAlive } from './device.js';
import { GpuError, type WgslMessage } from './gpu-error.js';

const caches = new WeakMap<GpuContext, Map<string, Promise<GPUComputePipeline>>>();

async function compilationMessages(module: GPUShaderModule): Promise<WgslMessage[]> {
  const info = await module.getCompilationInfo();
  return info.messages.map((m) => ({
    type: m.type,
    line: m.lineNum,
    col: m.linePos,
    message: m.message,
  }));
}

/** A storage binding of a bind group layout: its number and whether the shader only reads it. */
export interface StorageSlot {
  readonly binding: number;
  readonly readOnly: boolean;
}

const COMPUTE = 0x4; // GPUShaderStage.COMPUTE (a global only once the Node package is loaded)

/** An explicit layout of group 0 with these storage bindings (instead of 'auto', which drops unused ones). */
export function storageLayout(ctx: GpuContext, slots: readonly StorageSlot[]): GPUPipelineLayout {
  const group = ctx.device.createBindGroupLayout({
    entries: slots.map((s) => ({
      binding: s.binding,
      visibility: COMPUTE,
      buffer: { type: s.readOnly ? 'read-only-storage' : 'storage' },
    })),
  });
  return ctx.device.createPipelineLayout({ bindGroupLayouts: [group] });
}

/**
 * Compiles `code` and builds a compute pipeline for `entryPoint` (with `layout`, or 'auto'); throws GPU005
 * with WGSL messages.
 */
export async function createComputePipeline(
  ctx: GpuContext,
  code: string,
  entryPoint = 'main',
  label = entryPoint,
  constants?: Record<string, number>,
  layout: GPUPipelineLayout | 'auto' = 'auto',
): Promise<GPUComputePipeline> {
  checkAlive(ctx);
  const { device } = ctx;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label, code });
  const pipeline = device.createComputePipeline({
    label,
    layout,
    compute: constants ? { module, entryPoint, constants } : { module, entryPoint },
  });
  const err = await device.popErrorScope();
  if (err !== null) {
    const msgs = (await compilationMessages(module)).filter((m) => m.type === 'error');
    const where = msgs[0] ? ` at ${msgs[0].line}:${msgs[0].col}` : '';
    throw new GpuError(
      'GPU005',
      `the compute shader '${label}' failed to compile${where}`,
      err.message,
      msgs,
    );
  }
  return pipeline;
}

/**
 * The cached pipeline for (code, entryPoint, storage slots), compiling it on first use; a failed compile is not
 * cached. Without `slots` the layout is 'auto'.
 */
export function getPipeline(
  ctx: GpuContext,
  code: string,
  entryPoint = 'main',
  label = entryPoint,
  slots?: readonly StorageSlot[],
): Promise<GPUComputePipeline> {
  let cache = caches.get(ctx);
  if (cache === undefined) caches.set(ctx, (cache = new Map()));
  const key = `${entryPoint}\u0000${JSON.stringify(slots ?? 'auto')}\u0000${code}`;
  let p = cache.get(key);
  if (p === undefined) {
    const layout = slots ? storageLayout(ctx, slots) : 'auto';
    p = createComputePipeline(ctx, code, entryPoint, label, undefined, layout);
    cache.set(key, p);
    p.catch(() => cache!.delete(key));
  }
  return p;
}

/** A bind group for group `group` of `pipeline`, binding buffer i to @binding(i) (whole buffers, or {buffer, offset, size}). */
export function bindBuffers(
  ctx: GpuContext,
  pipeline: GPUComputePipeline,
  buffers: readonly (GPUBuffer | GPUBufferBinding)[],
  group = 0,
): GPUBindGroup {
  return ctx.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(group),
    entries: buffers.map((b, i) => ({ binding: i, resource: 'buffer' in b ? b : { buffer: b } })),
  });
}

/** Records one compute pass of `count` dispatches [x, y, z] into a new encoder and submits it. */
export function dispatch(
  ctx: GpuContext,
  pipeline: GPUComputePipeline,
  bindGroups: readonly GPUBindGroup[],
  workgroups: readonly [number, number?, number?],
): void {
  checkAlive(ctx);
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  bindGroups.forEach((bg, i) => pass.setBindGroup(i, bg));
  pass.dispatchWorkgroups(workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
}
