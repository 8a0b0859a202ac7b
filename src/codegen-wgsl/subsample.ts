// WGSL of src/ir/subsample.ts: per-step subsample indices by a keyed Feistel permutation (same bits as the CPU).
import type { KernelPlan } from './plan.js';

export const usesSubsample = (plan: KernelPlan): boolean =>
  plan.live.some((v) => plan.values.get(v)!.eqn.op === 'subsample_index');

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
