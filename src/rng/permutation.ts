// Per-step subsample indices, side by side on the CPU and in WGSL: images of 0..B-1 under a keyed Feistel permutation of [0, N).
import { rawBlock } from './keyed.js';

/** Chris Wellons' lowbias32 integer hash (u32 in, u32 out); reproducible with WGSL u32 arithmetic. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Half the bit width of the Feistel domain [0, 4^half) that covers [0, n). */
export function feistelHalfBits(n: number): number {
  let bits = 2;
  while (2 ** bits < n) bits += 2;
  return bits / 2;
}

/** Four rounds over (L, R) halves: (L, R) <- (R, L ^ (mix32(R ^ key_r) & mask)). */
export function feistel(x: number, half: number, keys: ArrayLike<number>): number {
  const mask = half >= 32 ? 0xffffffff : (2 ** half - 1) >>> 0;
  let l = Math.floor(x / 2 ** half) >>> 0;
  let r = (x & mask) >>> 0;
  for (let k = 0; k < 4; k++) {
    const t = (l ^ (mix32((r ^ keys[k]!) >>> 0) & mask)) >>> 0;
    l = r;
    r = t;
  }
  return l * 2 ** half + r;
}

/**
 * B distinct indices in [0, N) for one step: element j is the image of j under the permutation, walked
 * until it lands in [0, N). Round keys: the four words of rawBlock(seed, stream, step, 0, 0, 0).
 */
export function subsampleIndices(
  seed: number,
  stream: number,
  step: number,
  n: number,
  b: number,
): Float64Array {
  if (b > n) throw new RangeError(`subsample size ${b} exceeds plate size ${n}`);
  const keys = Uint32Array.from(rawBlock(seed, stream, step, 0, 0, 0));
  const half = feistelHalfBits(n);
  const out = new Float64Array(b);
  for (let j = 0; j < b; j++) {
    let x = feistel(j, half, keys);
    while (x >= n) x = feistel(x, half, keys);
    out[j] = x;
  }
  return out;
}

// Round keys: the four words of philox4x32(counter (step, 0, 0, 0), key (seed, stream)), as rawBlock.
export const WGSL_SUBSAMPLE = `
fn mix32(x0: u32) -> u32 {
  var x = x0 ^ (x0 >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  return x ^ (x >> 16u);
}
fn feistel_round(l: u32, r: u32, key: u32, mask: u32) -> u32 {
  return l ^ (mix32(r ^ key) & mask);
}
fn feistel(x: u32, half: u32, keys: vec4<u32>) -> u32 {
  let mask = (1u << half) - 1u;
  let l0 = x >> half;
  let r0 = x & mask;
  let r1 = feistel_round(l0, r0, keys.x, mask);
  let r2 = feistel_round(r0, r1, keys.y, mask);
  let r3 = feistel_round(r1, r2, keys.z, mask);
  let r4 = feistel_round(r2, r3, keys.w, mask);
  return (r3 << half) | r4;
}
// Batch position j's index in [0, n): its image under the permutation, walked until it lands in range.
fn subsample_index(seed: u32, stream: u32, step: u32, n: u32, half: u32, j: u32) -> u32 {
  let keys = philox4x32(vec4<u32>(step, 0u, 0u, 0u), vec2<u32>(seed, stream));
  var x = feistel(j, half, keys);
  loop {
    if (x < n) { break; }
    x = feistel(x, half, keys);
  }
  return x;
}
`;
