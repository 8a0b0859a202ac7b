// Keyed standard Gamma(alpha, 1) draws by Marsaglia-Tsang and their alpha-derivative, side by side on the CPU and in WGSL.
import { standardNormal, uniform01 } from './keyed.js';

/** Attempts before giving up (the acceptance rate is above 0.95, so 64 failures never happen in practice). */
export const GAMMA_ATTEMPTS = 64;

/**
 * [sample, d sample / d alpha]. Draw 0 is the boost uniform U (alpha < 1: G(alpha + 1) U^(1/alpha));
 * attempt t uses the normal of draw 2t+1 and the uniform of draw 2t+2.
 */
export function gammaDraw(
  alpha: number,
  seed: number,
  stream: number,
  step: number,
  element: number,
  particle: number,
): [number, number] {
  if (!(alpha > 0)) return [NaN, NaN];
  const boost = alpha < 1;
  const a = boost ? alpha + 1 : alpha;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let g = d;
  let dg = 1;
  for (let t = 0; t < GAMMA_ATTEMPTS; t++) {
    const z = standardNormal(seed, stream, step, element, particle, 2 * t + 1);
    const u = uniform01(seed, stream, step, element, particle, 2 * t + 2);
    const w = 1 + c * z;
    const v = w * w * w;
    if (v > 0 && Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
      g = d * v;
      dg = w * w * (1 - 0.5 * c * z);
      break;
    }
  }
  if (!boost) return [g, dg];
  const u0 = uniform01(seed, stream, step, element, particle, 0);
  const p = Math.pow(u0, 1 / alpha);
  // Dividing by alpha twice: alpha * alpha underflows float32 (0 / 0) for alpha below 1e-19.
  return [g * p, dg * p - (g * p * Math.log(u0)) / alpha / alpha];
}

/**
 * gamma_draw -> (sample, d sample / d alpha). Marsaglia-Tsang with the same Philox counters as the CPU:
 * draw 0 is the boost uniform (alpha < 1), attempt t reads the normal of draw 2t+1 and the uniform of
 * draw 2t+2, at most 64 attempts (then the start point d, derivative 1, as the CPU).
 */
export const WGSL_GAMMA = /* wgsl */ `
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
  return vec2<f32>(g * p, dg * p - g * p * log(u0) / alpha / alpha);
}
`;
