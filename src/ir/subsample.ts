// Per-step subsample indices: images of 0..B-1 under a keyed Feistel permutation of [0, N) (cycle walking).
import { rawBlock } from '../rng/keyed.js';

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
