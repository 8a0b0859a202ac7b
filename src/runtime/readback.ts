// readBuffer: copies a GPU buffer range into a staging buffer and maps it, waiting without a busy core where it can.
import type { GpuContext } from './device.js';
import { checkAlive } from './device.js';
import { GpuError } from './gpu-error.js';
import {
  DEFAULT_WAIT_POLICY,
  DurationEstimates,
  guardLost,
  sleepBeforePoll,
  type WaitPolicy,
} from './wait.js';

const MAP_READ = 0x01; // GPUBufferUsage.MAP_READ
const COPY_DST = 0x08;
const MODE_READ = 0x01; // GPUMapMode.READ

export interface ReadOptions {
  /** Expected time (ms) until the work before this read finishes; slept, not spun, before mapping. */
  readonly expectedMs?: number;
  /** Learn the expectation from earlier reads with the same key (used when expectedMs is absent). */
  readonly key?: string;
  readonly policy?: WaitPolicy;
}

const estimates = new WeakMap<GpuContext, DurationEstimates>();

function estimatesOf(ctx: GpuContext): DurationEstimates {
  let e = estimates.get(ctx);
  if (e === undefined) estimates.set(ctx, (e = new DurationEstimates()));
  return e;
}

/**
 * The bytes [byteOffset, byteOffset + byteLength) of `buffer` (which needs COPY_SRC usage), after all
 * work submitted so far. Offsets and lengths must be multiples of 4.
 */
export async function readBuffer(
  ctx: GpuContext,
  buffer: GPUBuffer,
  byteOffset: number,
  byteLength: number,
  opts: ReadOptions = {},
): Promise<ArrayBuffer> {
  checkAlive(ctx);
  if (byteOffset % 4 !== 0 || byteLength % 4 !== 0) {
    throw new GpuError(
      'GPU007',
      `a read of buffer '${buffer.label}' must start and end on a 4-byte boundary`,
    );
  }
  if (byteOffset + byteLength > buffer.size) {
    throw new GpuError(
      'GPU007',
      `a read of ${byteLength} bytes at ${byteOffset} runs past the end of buffer '${buffer.label}' (${buffer.size} bytes)`,
    );
  }
  const { device } = ctx;
  const size = Math.max(4, byteLength);
  const staging = device.createBuffer({
    label: `${buffer.label}:staging`,
    size,
    usage: MAP_READ | COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder();
    if (byteLength > 0) enc.copyBufferToBuffer(buffer, byteOffset, staging, 0, byteLength);
    device.pushErrorScope('validation');
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    const err = await device.popErrorScope();
    if (err !== null)
      throw new GpuError('GPU007', `buffer '${buffer.label}' could not be read back`, err.message);
    const est = estimatesOf(ctx);
    await sleepBeforePoll(
      opts.expectedMs ?? (opts.key !== undefined ? est.get(opts.key) : undefined),
      opts.policy ?? DEFAULT_WAIT_POLICY,
    );
    await guardLost(ctx, staging.mapAsync(MODE_READ, 0, size));
    if (opts.key !== undefined) est.record(opts.key, performance.now() - t0);
    // Copy out: the mapped range is detached at unmap.
    return staging.getMappedRange(0, size).slice(0, byteLength);
  } finally {
    staging.destroy();
  }
}

export async function readFloat32(
  ctx: GpuContext,
  buffer: GPUBuffer,
  offsetElems: number,
  count: number,
  opts?: ReadOptions,
): Promise<Float32Array> {
  return new Float32Array(await readBuffer(ctx, buffer, offsetElems * 4, count * 4, opts));
}

export async function readUint32(
  ctx: GpuContext,
  buffer: GPUBuffer,
  offsetElems: number,
  count: number,
  opts?: ReadOptions,
): Promise<Uint32Array> {
  return new Uint32Array(await readBuffer(ctx, buffer, offsetElems * 4, count * 4, opts));
}
