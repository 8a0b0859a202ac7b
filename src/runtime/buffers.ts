// Storage buffers: create and upload typed arrays, with a named size check against the device's binding limit.
import type { GpuContext } from './device.js';
import { checkAlive } from './device.js';
import { GpuError } from './gpu-error.js';

export type HostArray = Float32Array | Uint32Array | Int32Array;

const STORAGE = 0x80; // GPUBufferUsage.STORAGE (constants are globals only after the Node package is loaded)
const COPY_SRC = 0x04;
const COPY_DST = 0x08;

/**
 * Throws GPU006 naming the buffer when `byteLength` exceeds one storage binding ('binding': the buffer is bound
 * whole) or one buffer ('buffer': the buffer is bound in windows, as the data is when a plan says so).
 */
export function checkBindingSize(
  ctx: GpuContext,
  name: string,
  byteLength: number,
  bound: 'binding' | 'buffer' = 'binding',
): void {
  const limit =
    bound === 'binding'
      ? ctx.device.limits.maxStorageBufferBindingSize
      : ctx.device.limits.maxBufferSize;
  if (byteLength > limit) {
    throw new GpuError(
      'GPU006',
      `buffer '${name}' needs ${byteLength} bytes but one ${bound === 'binding' ? 'storage binding' : 'buffer'} holds at most ${limit} bytes on this device`,
    );
  }
}

/** WebGPU wants sizes that are multiples of 4 and non-zero. */
function paddedSize(byteLength: number): number {
  return Math.max(4, Math.ceil(byteLength / 4) * 4);
}

/**
 * A storage buffer of `byteLength` bytes (zeroed), usable as a copy source and destination.
 * Allocation runs inside an out-of-memory error scope, so a failed allocation is a GpuError, not a silent invalid buffer.
 */
export async function createStorageBuffer(
  ctx: GpuContext,
  name: string,
  byteLength: number,
  extraUsage = 0,
  bound: 'binding' | 'buffer' = 'binding',
): Promise<GPUBuffer> {
  checkAlive(ctx);
  checkBindingSize(ctx, name, byteLength, bound);
  const { device } = ctx;
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const buffer = device.createBuffer({
    label: name,
    size: paddedSize(byteLength),
    usage: STORAGE | COPY_SRC | COPY_DST | extraUsage,
  });
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (oom !== null) {
    buffer.destroy();
    throw new GpuError(
      'GPU004',
      `the GPU ran out of memory allocating buffer '${name}' (${byteLength} bytes)`,
      oom.message,
    );
  }
  if (validation !== null) {
    buffer.destroy();
    throw new GpuError(
      'GPU007',
      `buffer '${name}' (${byteLength} bytes) could not be created`,
      validation.message,
    );
  }
  return buffer;
}

/** A storage buffer holding `data` (uploaded with queue.writeBuffer). */
export async function uploadStorageBuffer(
  ctx: GpuContext,
  name: string,
  data: HostArray,
  extraUsage = 0,
  bound: 'binding' | 'buffer' = 'binding',
): Promise<GPUBuffer> {
  const buffer = await createStorageBuffer(ctx, name, data.byteLength, extraUsage, bound);
  if (data.byteLength > 0)
    ctx.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Overwrites part of a buffer from a typed array (element offset in the array's own units). */
export function writeBuffer(
  ctx: GpuContext,
  buffer: GPUBuffer,
  byteOffset: number,
  data: HostArray,
): void {
  checkAlive(ctx);
  ctx.device.queue.writeBuffer(buffer, byteOffset, data.buffer, data.byteOffset, data.byteLength);
}
