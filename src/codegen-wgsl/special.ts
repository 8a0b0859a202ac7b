// WGSL special functions in f32 (one job: accurate elementary pieces WGSL lacks), matching src/ir/scalar.ts.

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
