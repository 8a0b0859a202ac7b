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
  // Both infinities give +Infinity, as C's lgamma and scipy's gammaln.
  if (x === Infinity || x === -Infinity) return Infinity;
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

// fdlibm s_erf.c's coefficients, lowest degree first (pp, qq; pa, qa; ra, sa; rb, sb).
const ERF_PP = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5,
];
const ERF_QQ = [
  1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.9602282787753681232e-6,
];
const ERF_PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2,
  -2.166375594868790843e-3,
];
const ERF_QA = [
  1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.1984499846799107417e-2,
];
const ERF_RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2,
  -8.12874355063065934246e1, -9.81432934416914548592,
];
const ERF_SA = [
  1, 1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2,
];
const ERF_RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3,
  -4.83519191608651397019e2,
];
const ERF_SB = [
  1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1,
];

/** c[0] + c[1] z + c[2] z^2 + ..., by Horner's rule (the same operations as fdlibm's nested form). */
function horner(z: number, c: readonly number[]): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * z + c[i]!;
  return r;
}

/**
 * The error function, from Sun's fdlibm 5.3 s_erf.c (1993): rational fits to erf(x)/x - 1 on
 * |x| < 0.84375, to erf(x) - erx about x = 1 on [0.84375, 1.25), and to log(x erfc(x)) + x^2 + 0.5625
 * on [1.25, 1/0.35) and [1/0.35, 6). Measured against mpmath: 0.62 ulp on test/math/ref-erf.json, 0.79
 * on 95k random points. fdlibm's |x| < 2^-28 branch is dropped: the first fit gives the same result.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 0.84375) {
    const z = x * x;
    // x + x*y rather than x*(1+y): y < 0.13, so the errors of x*y shrink ninefold in the sum.
    return x + x * (horner(z, ERF_PP) / horner(z, ERF_QQ));
  }
  let y = 1; // erfc(6) = 2e-17 is below half an ulp of 1: the fits stop there
  if (a < 1.25) {
    // p/q fits erf(a) - erx (|p/q| < 0.08), so its rounding errors shrink tenfold in the sum.
    y = 8.45062911510467529297e-1 + horner(a - 1, ERF_PA) / horner(a - 1, ERF_QA);
  } else if (a < 6) {
    const s = 1 / (a * a);
    // fdlibm switches fits at the high word 0x4006db6e, just above 1/0.35.
    const near = a < 2.8571434020996094;
    const rq = near ? horner(s, ERF_RA) / horner(s, ERF_SA) : horner(s, ERF_RB) / horner(s, ERF_SB);
    // erfc(a) = exp(-a^2 - 0.5625 + r/q) / a. Splitting a = h + (a - h) with h of 24 bits makes
    // -h*h - 0.5625 exact, so exp's large argument carries no rounding (fdlibm keeps 21 bits).
    const h = Math.fround(a);
    y = 1 - (Math.exp(-h * h - 0.5625) * Math.exp((h - a) * (h + a) + rq)) / a;
  }
  return x < 0 ? -y : y;
}

// ---- WGSL (float32): the same functions for the kernels, and the elementary pieces WGSL lacks ----

/**
 * Written for drivers that simplify float arithmetic as if it were exact and assume no NaN: small |x| goes
 * through series (log1p, expm1, tanh), NaN is tested on the bits, and NaN propagates as on the CPU (min, max,
 * sign, pow). lgamma shifts x up to 8 and uses Stirling's series (Lanczos loses digits in f32 to
 * cancellation); digamma is the CPU's recurrence plus asymptotic series; both reflect through the exact
 * distance to the nearest integer. test/ops runs every op here against the CPU over edge inputs.
 */
export const WGSL_SPECIAL = /* wgsl */ `
const PI_F: f32 = 3.14159265358979;
const HALF_LOG_2PI_F: f32 = 0.918938533204673;

fn is_finite_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
// On the bits: a driver may assume no NaN and fold x != x to false.
fn is_nan_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
// Non-finite constants by bit pattern, through private vars: a constant-expression bitcast to a
// non-finite f32 is a WGSL compile error.
var<private> BITS_NAN: u32 = 0x7fc00000u;
var<private> BITS_INF: u32 = 0x7f800000u;
var<private> BITS_NEG_INF: u32 = 0xff800000u;
fn nan_f() -> f32 { return bitcast<f32>(BITS_NAN); }
fn inf_f() -> f32 { return bitcast<f32>(BITS_INF); }
fn neg_inf_f() -> f32 { return bitcast<f32>(BITS_NEG_INF); }
fn b2f(c: bool) -> f32 { return select(0.0, 1.0, c); }

// NaN in, NaN out, as JavaScript's Math.min, Math.max and the CPU's sign (WGSL's return the other operand, or 0).
fn min_f(x: f32, y: f32) -> f32 { if (is_nan_f(x) || is_nan_f(y)) { return nan_f(); } return min(x, y); }
fn max_f(x: f32, y: f32) -> f32 { if (is_nan_f(x) || is_nan_f(y)) { return nan_f(); } return max(x, y); }
fn sign_f(x: f32) -> f32 { if (is_nan_f(x)) { return x; } return sign(x); }

// Small |x| by series, never by compensating (1 + x) - 1 or log(exp(x)): drivers may simplify those
// (they are not exact in float32) and lose every digit of a small x.
// log1p: 2 atanh(s) with s = x / (2 + x), |s| <= 1/3, summed to s^13 (the rest is below 2^-27 of it).
fn log1p_f(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let s = x / (2.0 + x);
    let z = s * s;
    return 2.0 * s * (1.0 + z * (0.333333333 + z * (0.2 + z * (0.142857143 + z * (0.111111111 + z * (0.0909090909 + z * 0.0769230769))))));
  }
  return log(1.0 + x);
}

// expm1: Taylor to x^10 / 10! for |x| < 1/2 (the rest is below 2^-35 of x); e^x - 1 keeps its digits beyond.
fn expm1_f(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (0.166666667 + x * (0.0416666667 + x * (0.00833333333 + x * (0.00138888889 + x * (0.000198412698 + x * (0.0000248015873 + x * (0.00000275573192 + x * 0.000000275573192)))))))));
  }
  return exp(x) - 1.0;
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

// The builtin overflows to NaN for large |x| on some drivers, and is only absolutely accurate near 0.
fn tanh_f(x: f32) -> f32 {
  if (abs(x) > 10.0) { return sign(x); }
  if (abs(x) < 0.5) {
    let e = expm1_f(2.0 * x);
    return e / (e + 2.0);
  }
  return tanh(x);
}

// Math.pow's cases: x^0 = 1 (NaN x too), NaN otherwise propagates, 0^y is 0 (y > 0) or Infinity (y < 0) with
// -0's sign kept for odd integer y, and a negative base needs an integer exponent.
fn pow_f(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (is_nan_f(x) || is_nan_f(y)) { return nan_f(); }
  let odd = abs(y % 2.0) == 1.0;
  if (x == 0.0) {
    let neg = odd && (bitcast<u32>(x) & 0x80000000u) != 0u;
    if (y > 0.0) { return select(0.0, -0.0, neg); }
    return select(inf_f(), neg_inf_f(), neg);
  }
  if (x > 0.0) { return pow(x, y); }
  if (y != round(y)) { return nan_f(); }
  let r = pow(-x, y);
  return select(r, -r, odd);
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
  if (is_nan_f(x)) { return x; }
  if (x == 1.0 || x == 2.0) { return 0.0; }
  if (!is_finite_f(x)) { return inf_f(); }
  if (x < 0.5) {
    if (x == round(x)) { return inf_f(); }
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x), with |sin(pi x)| = |sin(pi r)| for the exact
    // r = x - round(x): PI_F * x would round away the digits of x's distance to the pole.
    return log(PI_F / abs(sin(PI_F * (x - round(x))))) - lgamma_pos(1.0 - x);
  }
  return lgamma_pos(x);
}

fn digamma_f(x0: f32) -> f32 {
  var x = x0;
  if (is_nan_f(x)) { return x; }
  if (!is_finite_f(x)) { return select(nan_f(), x, x > 0.0); }
  var r = 0.0;
  if (x <= 0.0) {
    if (x == round(x)) { return nan_f(); }
    // tan has period pi: tan(pi x) = tan(pi r) for the exact r = x - round(x) (see lgamma_f).
    r = -PI_F / tan(PI_F * (x - round(x)));
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

// erf from fdlibm s_erf.c's fits, coefficients rounded to float32 (9 digits), as for erf above. The tail
// keeps 11 bits of a in h, so h*h and -h*h - 0.5625 are exact and exp's large argument carries no
// rounding. erfc(4) is below half an f32 ulp of 1, so the tail stops there.
fn erf_f(x: f32) -> f32 {
  if (is_nan_f(x)) { return x; }
  let a = abs(x);
  if (a < 0.84375) {
    let z = x * x;
    let r = 1.28379167e-1 + z * (-3.25042107e-1 + z * (-2.84817496e-2 + z * (-5.77027030e-3 + z * -2.37630167e-5)));
    let s = 1.0 + z * (3.97917224e-1 + z * (6.50222500e-2 + z * (5.08130628e-3 + z * (1.32494738e-4 + z * -3.96022828e-6))));
    return x + x * (r / s);
  }
  var y = 1.0;
  if (a < 1.25) {
    let s = a - 1.0;
    let p = -2.36211856e-3 + s * (4.14856119e-1 + s * (-3.72207876e-1 + s * (3.18346620e-1 + s * (-1.10894694e-1 + s * (3.54783043e-2 + s * -2.16637559e-3)))));
    let q = 1.0 + s * (1.06420880e-1 + s * (5.40397918e-1 + s * (7.18286544e-2 + s * (1.26171220e-1 + s * (1.36370839e-2 + s * 1.19844998e-2)))));
    // 0.845062911... = erf(1) to 24 bits, exact in f32.
    y = 8.45062911510467529297e-1 + p / q;
  } else if (a < 4.0) {
    let s = 1.0 / (a * a);
    var r: f32;
    var q: f32;
    if (a < 2.85714293) {
      r = -9.86494403e-3 + s * (-6.93858573e-1 + s * (-1.05586262e1 + s * (-6.23753325e1 + s * (-1.62396669e2 + s * (-1.84605093e2 + s * (-8.12874355e1 + s * -9.81432934))))));
      q = 1.0 + s * (1.96512717e1 + s * (1.37657754e2 + s * (4.34565877e2 + s * (6.45387272e2 + s * (4.29008140e2 + s * (1.08635006e2 + s * (6.57024977 + s * -6.04244152e-2)))))));
    } else {
      r = -9.86494292e-3 + s * (-7.99283238e-1 + s * (-1.77579549e1 + s * (-1.60636385e2 + s * (-6.37566443e2 + s * (-1.02509513e3 + s * -4.83519192e2)))));
      q = 1.0 + s * (3.03380607e1 + s * (3.25792513e2 + s * (1.53672959e3 + s * (3.19985822e3 + s * (2.55305041e3 + s * (4.74528541e2 + s * -2.24409524e1))))));
    }
    let h = bitcast<f32>(bitcast<u32>(a) & 0xffffe000u);
    y = 1.0 - exp(-h * h - 0.5625) * exp((h - a) * (h + a) + r / q) / a;
  }
  return select(y, -y, x < 0.0);
}
`;
