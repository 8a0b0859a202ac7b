// Keyed draws, side by side on the CPU and in WGSL: key = (seed, stream), counter = (step, element, particle, draw); the same bits.
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

/**
 * The same draws in WGSL (needs WGSL_PHILOX): philox_uniform is bitsToUniform, philox_normal standardNormal,
 * keyed_uniform uniform01; rng_normal and rng_uniform are the IR's draws (draw 0 of their counter).
 */
export const WGSL_KEYED = /* wgsl */ `
fn philox_uniform(bits: u32) -> f32 {
  return (f32(bits >> 8u) + 0.5) * (1.0 / 16777216.0);
}

fn philox_normal(seed: u32, stream: u32, step: u32, element: u32, particle: u32, draw: u32) -> f32 {
  let b = philox4x32(vec4<u32>(step, element, particle, draw), vec2<u32>(seed, stream));
  let u1 = philox_uniform(b.x);
  let u2 = philox_uniform(b.y);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

fn keyed_uniform(seed: u32, stream: u32, step: u32, element: u32, particle: u32, draw: u32) -> f32 {
  return philox_uniform(philox4x32(vec4<u32>(step, element, particle, draw), vec2<u32>(seed, stream)).x);
}

fn rng_normal(seed: u32, stream: u32, step: u32, element: u32, particle: u32) -> f32 {
  return philox_normal(seed, stream, step, element, particle, 0u);
}

fn rng_uniform(seed: u32, stream: u32, step: u32, element: u32, particle: u32) -> f32 {
  return keyed_uniform(seed, stream, step, element, particle, 0u);
}
`;
