// Special functions in float64: lgamma (Lanczos, reflection below 1/2), digamma and trigamma (recurrence + asymptotic series).

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.9189385332046728;

/** log|Gamma(x)|; +Infinity at the poles (0, -1, -2, ...). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    if (Number.isInteger(x)) return Infinity;
    // Reflection: Gamma(x) Gamma(1-x) = pi / sin(pi x).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  }
  // Exact zeros that Lanczos only approximates (used e.g. by Poisson/Binomial normalisers).
  if (x === 1 || x === 2) return 0;
  if (x > 1e15) return x * (Math.log(x) - 1) - 0.5 * Math.log(x) + HALF_LOG_2PI;
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** d/dx log Gamma(x); NaN at the poles. */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    // Reflection: psi(1-x) - psi(x) = pi cot(pi x).
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let r = 0;
  while (x < 10) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  // Asymptotic series with Bernoulli numbers: error below 1e-16 for x >= 10.
  const s =
    f *
    (1 / 12 -
      f *
        (1 / 120 -
          f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f * (1 / 12)))))));
  return r + Math.log(x) - 0.5 / x - s;
}

/** d^2/dx^2 log Gamma(x) for x > 0. */
export function trigamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x <= 0) {
    const s = Math.PI / Math.sin(Math.PI * x);
    return -trigamma(1 - x) + s * s;
  }
  let r = 0;
  while (x < 10) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  const s =
    (1 + (1 / 2 + (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66))))) / x) / x) / x;
  return r + s;
}
