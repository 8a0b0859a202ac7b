// WGSL keyed standard Gamma(alpha, 1) draws and their alpha-derivative, mirroring src/ir/gamma.ts (gammaDraw).
import type { KernelPlan } from './plan.js';

/** Whether a plan's live values draw Gamma variates (the prelude then defines gamma_draw). */
export const usesGamma = (plan: KernelPlan): boolean =>
  plan.live.some((v) => {
    const op = plan.values.get(v)!.eqn.op;
    return op === 'rng_gamma' || op === 'rng_gamma_dalpha';
  });

/**
 * gamma_draw -> (sample, d sample / d alpha). Marsaglia-Tsang with the same Philox counters as the CPU:
 * draw 0 is the boost uniform (alpha < 1), attempt t reads the normal of draw 2t+1 and the uniform of
 * draw 2t+2, at most 64 attempts (then the start point d, derivative 1, as the CPU).
 */
export const WGSL_GAMMA = /* wgsl */ `
fn keyed_uniform(seed: u32, stream: u32, step: u32, element: u32, particle: u32, draw: u32) -> f32 {
  return philox_uniform(philox4x32(vec4<u32>(step, element, particle, draw), vec2<u32>(seed, stream)).x);
}

fn gamma_draw(alpha: f32, seed: u32, stream: u32, step: u32, element: u32, particle: u32) -> vec2<f32> {
  if (!(alpha > 0.0)) { return vec2<f32>(nan_f(), nan_f()); }
  let boost = alpha < 1.0;
  let a = select(alpha, alpha + 1.0, boost);
  let d = a - 1.0 / 3.0;
  let c = 1.0 / sqrt(9.0 * d);
  var g = d;
  var dg = 1.0;
  for (var t = 0u; t < 64u; t = t + 1u) {
    let z = philox_normal(seed, stream, step, element, particle, 2u * t + 1u);
    let u = keyed_uniform(seed, stream, step, element, particle, 2u * t + 2u);
    let w = 1.0 + c * z;
    let v = w * w * w;
    if (v > 0.0 && log(u) < 0.5 * z * z + d - d * v + d * log(v)) {
      g = d * v;
      dg = w * w * (1.0 - 0.5 * c * z);
      break;
    }
  }
  if (!boost) { return vec2<f32>(g, dg); }
  let u0 = keyed_uniform(seed, stream, step, element, particle, 0u);
  let p = pow(u0, 1.0 / alpha);
  return vec2<f32>(g * p, dg * p - g * p * log(u0) / (alpha * alpha));
}
`;
