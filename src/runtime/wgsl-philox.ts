// WGSL source of Philox4x32-10 and its keyed draws, bit-identical to src/rng/philox.ts and keyed.ts (the code generator reuses it).

/**
 * Defines:
 *   philox_mulhi(a, b) -> u32             high word of a*b by 16-bit halves (WGSL has no u64)
 *   philox4x32(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32>
 *   philox_uniform(bits: u32) -> f32      (0,1) from the top 24 bits, exact in f32 (same as bitsToUniform)
 *   philox_normal(seed, stream, step, element, particle, draw) -> f32   Box-Muller on words 0 and 1
 * Counter = (step, element, particle, draw), key = (seed, stream), as in keyed.ts.
 */
export const WGSL_PHILOX = /* wgsl */ `
const PHILOX_M0: u32 = 0xd2511f53u;
const PHILOX_M1: u32 = 0xcd9e8d57u;
const PHILOX_W0: u32 = 0x9e3779b9u;
const PHILOX_W1: u32 = 0xbb67ae85u;

fn philox_mulhi(a: u32, b: u32) -> u32 {
  let aL = a & 0xffffu;
  let aH = a >> 16u;
  let bL = b & 0xffffu;
  let bH = b >> 16u;
  let ll = aL * bL;
  let lh = aL * bH;
  let hl = aH * bL;
  let hh = aH * bH;
  // Each partial product fits in u32; the carry out of the middle 32 bits is (mid >> 16).
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return hh + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox4x32(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = ctr;
  var k = key;
  for (var r = 0u; r < 10u; r = r + 1u) {
    let hi0 = philox_mulhi(PHILOX_M0, x.x);
    let lo0 = PHILOX_M0 * x.x; // u32 multiplication wraps: the low word
    let hi1 = philox_mulhi(PHILOX_M1, x.z);
    let lo1 = PHILOX_M1 * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
    k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
  }
  return x;
}

fn philox_uniform(bits: u32) -> f32 {
  return (f32(bits >> 8u) + 0.5) * (1.0 / 16777216.0);
}

fn philox_normal(seed: u32, stream: u32, step: u32, element: u32, particle: u32, draw: u32) -> f32 {
  let b = philox4x32(vec4<u32>(step, element, particle, draw), vec2<u32>(seed, stream));
  let u1 = philox_uniform(b.x);
  let u2 = philox_uniform(b.y);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
`;
