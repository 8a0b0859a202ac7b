// Keyed draws: key = (seed, stream), counter = (step, element, particle, draw); the same bits on CPU and GPU.
import { philox4x32 } from './philox.js';

const block = new Uint32Array(4);

/** A stream's 32-bit id: FNV-1a of its name (a site name, `site.eps`, ...), so ids do not depend on program order. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Uniform on the open interval (0, 1) from 24 random bits: exactly representable in f32, so the GPU agrees. */
export function bitsToUniform(u: number): number {
  return ((u >>> 8) + 0.5) * (1 / 16777216);
}

/** Four raw u32 draws of one counter (a draw index selects a block; its four words are used in turn). */
export function rawBlock(
  seed: number,
  stream: number,
  step: number,
  element: number,
  particle: number,
  draw: number,
): Uint32Array {
  philox4x32(step, element, particle, draw, seed, stream, block);
  return block;
}

export function uniform01(
  seed: number,
  stream: number,
  step: number,
  element: number,
  particle: number,
  draw = 0,
): number {
  philox4x32(step, element, particle, draw, seed, stream, block);
  return bitsToUniform(block[0]!);
}

/** Standard normal by Box-Muller on the block's first two words (one normal per counter: simple and identical on GPU). */
export function standardNormal(
  seed: number,
  stream: number,
  step: number,
  element: number,
  particle: number,
  draw = 0,
): number {
  philox4x32(step, element, particle, draw, seed, stream, block);
  const u1 = bitsToUniform(block[0]!);
  const u2 = bitsToUniform(block[1]!);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
