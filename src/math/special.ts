// Special functions, side by side: float64 (lgamma by Lanczos, digamma, trigamma) for the CPU, and their float32 WGSL forms.

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

// ---- WGSL (float32): the same functions for the kernels, and the elementary pieces WGSL lacks ----

/**
 * log1p/expm1 use the compensated forms (Goldberg; Kahan): log(u) * x / (u - 1) with u = 1 + x cancels
 * the rounding of u exactly. lgamma shifts x up to 8 and uses Stirling's series (Lanczos loses digits in
 * f32 to cancellation); digamma is the CPU's recurrence plus asymptotic series.
 */
export const WGSL_SPECIAL = /* wgsl */ `
const PI_F: f32 = 3.14159265358979;
const HALF_LOG_2PI_F: f32 = 0.918938533204673;

fn is_finite_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
// Non-finite constants by bit pattern, through private vars: a constant-expression bitcast to a
// non-finite f32 is a WGSL compile error.
var<private> BITS_NAN: u32 = 0x7fc00000u;
var<private> BITS_INF: u32 = 0x7f800000u;
var<private> BITS_NEG_INF: u32 = 0xff800000u;
fn nan_f() -> f32 { return bitcast<f32>(BITS_NAN); }
fn inf_f() -> f32 { return bitcast<f32>(BITS_INF); }
fn neg_inf_f() -> f32 { return bitcast<f32>(BITS_NEG_INF); }
fn b2f(c: bool) -> f32 { return select(0.0, 1.0, c); }

fn log1p_f(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (!is_finite_f(u)) { return log(u); }
  return log(u) * x / (u - 1.0);
}

fn expm1_f(x: f32) -> f32 {
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (!is_finite_f(u)) { return u; }
  return um1 * x / log(u);
}

fn sigmoid_f(x: f32) -> f32 {
  if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); }
  let e = exp(x);
  return e / (1.0 + e);
}

fn softplus_f(x: f32) -> f32 {
  if (x > 0.0) { return x + log1p_f(exp(-x)); }
  return log1p_f(exp(x));
}

fn log_sigmoid_f(x: f32) -> f32 { return -softplus_f(-x); }

fn logit_f(x: f32) -> f32 { return log(x) - log1p_f(-x); }

fn tanh_f(x: f32) -> f32 {
  // Builtin tanh overflows to NaN for large |x| on some drivers.
  if (abs(x) > 10.0) { return sign(x); }
  return tanh(x);
}

fn pow_f(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (x >= 0.0) { return pow(x, y); }
  if (y != round(y)) { return nan_f(); }
  let r = pow(-x, y);
  return select(r, -r, abs(y % 2.0) == 1.0);
}

fn lgamma_pos(x0: f32) -> f32 {
  var x = x0;
  var shift = 0.0;
  var prod = 1.0;
  while (x < 8.0) {
    prod = prod * x;
    x = x + 1.0;
    if (prod > 1e30) { shift = shift + log(prod); prod = 1.0; }
  }
  shift = shift + log(prod);
  let r = 1.0 / x;
  let r2 = r * r;
  let series = r * (0.0833333333333 - r2 * (0.00277777777778 - r2 * (0.000793650793651 - r2 * 0.000595238095238)));
  return (x - 0.5) * log(x) - x + HALF_LOG_2PI_F + series - shift;
}

fn lgamma_f(x: f32) -> f32 {
  if (x != x) { return x; }
  if (x == 1.0 || x == 2.0) { return 0.0; }
  if (!is_finite_f(x)) { return inf_f(); }
  if (x < 0.5) {
    if (x == round(x)) { return inf_f(); }
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
    return log(PI_F / abs(sin(PI_F * x))) - lgamma_pos(1.0 - x);
  }
  return lgamma_pos(x);
}

fn digamma_f(x0: f32) -> f32 {
  var x = x0;
  if (x != x) { return x; }
  if (!is_finite_f(x)) { return select(nan_f(), x, x > 0.0); }
  var r = 0.0;
  if (x <= 0.0) {
    if (x == round(x)) { return nan_f(); }
    r = -PI_F / tan(PI_F * x);
    x = 1.0 - x;
  }
  while (x < 6.0) {
    r = r - 1.0 / x;
    x = x + 1.0;
  }
  let f = 1.0 / (x * x);
  let s = f * (0.0833333333333 - f * (0.00833333333333 - f * (0.00396825396825 - f * (0.00416666666667 - f * 0.00757575757576))));
  return r + log(x) - 0.5 / x - s;
}
`;
