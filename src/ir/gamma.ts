// Keyed standard Gamma(alpha, 1) draws by Marsaglia-Tsang and their derivative in alpha with the accepted normal held fixed.
import { standardNormal, uniform01 } from '../rng/keyed.js';

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
  return [g * p, dg * p - (g * p * Math.log(u0)) / (alpha * alpha)];
}
