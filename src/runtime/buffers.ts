// Storage buffers: create and upload typed arrays, with a named size check against the device's binding limit.
import type { GpuContext } from './device.js';
import { checkAlive } from './device.js';
import { GpuError } from './errors.js';

export type HostArray = Float32Array | Uint32Array | Int32Array;

const STORAGE = 0x80; // GPUBufferUsage.STORAGE (constants are globals only after the Node package is loaded)
const COPY_SRC = 0x04;
const COPY_DST = 0x08;

/** Throws GPU006 naming the buffer when `byteLength` exceeds one storage binding. */
export function checkBindingSize(ctx: GpuContext, name: string, byteLength: number): void {
  const limit = ctx.device.limits.maxStorageBufferBindingSize;
  if (byteLength > limit) {
    throw new GpuError(
      'GPU006',
      `buffer '${name}' needs ${byteLength} bytes but one storage binding holds at most ${limit} bytes on this device; split it (splitForBindings)`,
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
): Promise<GPUBuffer> {
  checkAlive(ctx);
  checkBindingSize(ctx, name, byteLength);
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
): Promise<GPUBuffer> {
  const buffer = await createStorageBuffer(ctx, name, data.byteLength, extraUsage);
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

export interface BindingChunk<T extends HostArray> {
  /** Index of the first element of this chunk in the whole array. */
  readonly start: number;
  readonly data: T;
}

/**
 * Splits a large array into chunks that each fit one storage binding, cut at multiples of `rowLength`
 * elements (so a matrix row never straddles two bindings). Chunks are views, not copies.
 */
export function splitForBindings<T extends HostArray>(
  ctx: GpuContext,
  data: T,
  rowLength = 1,
): BindingChunk<T>[] {
  const limit = ctx.device.limits.maxStorageBufferBindingSize;
  return splitByBytes(data, rowLength, limit);
}

/** The device-free core of splitForBindings (exported for tests with small limits). */
export function splitByBytes<T extends HostArray>(
  data: T,
  rowLength: number,
  maxBytes: number,
): BindingChunk<T>[] {
  const bytesPerRow = rowLength * data.BYTES_PER_ELEMENT;
  const rowsPerChunk = Math.floor(maxBytes / bytesPerRow);
  if (rowsPerChunk < 1)
    throw new GpuError(
      'GPU006',
      `one row of ${bytesPerRow} bytes exceeds a storage binding (${maxBytes} bytes)`,
    );
  const chunks: BindingChunk<T>[] = [];
  const perChunk = rowsPerChunk * rowLength;
  // Each chunk goes into its own buffer, so no offset alignment is needed; an empty array gives one empty chunk.
  for (let start = 0; start === 0 || start < data.length; start += perChunk) {
    chunks.push({
      start,
      data: data.subarray(start, Math.min(data.length, start + perChunk)) as T,
    });
  }
  return chunks;
}
