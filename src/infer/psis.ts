// Pareto smoothed importance sampling (Vehtari et al. 2024): the Pareto k̂ of log importance weights and their ESS.

/** What PSIS says of a set of importance weights. */
export interface Psis {
  /**
   * The shape of the generalised Pareto fitted to the weights' right tail. Infinity: too few draws for a tail
   * (S < 21); -Infinity: the largest weights tie, so there is no tail to fit (bounded weights: an exact or a
   * discrete guide).
   */
  readonly khat: number;
  /** Effective sample size of the Pareto-smoothed, normalised weights: 1 / Σ w̃². */
  readonly ess: number;
  /** The smoothed log weights, normalised (log Σ exp = 0), in the order given. */
  readonly logWeights: Float64Array;
}

/** The Zhang & Stephens fit of a generalised Pareto's shape k and scale σ to exceedances over a threshold. */
export interface GpdFit {
  /** The shape, shrunk toward 0.5 (the k̂ PSIS reports). */
  readonly k: number;
  /** The scale, from the shape before shrinking (as ArviZ). */
  readonly sigma: number;
}

/** Pseudo-observations of the weakly informative prior toward k = 0.5 (Vehtari et al. 2024, as ArviZ's _gpdfit). */
const PRIOR_N = 10;
const PRIOR_K = 0.5;
/** Zhang & Stephens' grid of θ: its spread is set by the exceedances' first quartile over this factor. */
const PRIOR_THETA = 3;
/** The k̂ above which the weights, and so the guide, are not to be trusted (Vehtari et al. 2024, §3). */
export const KHAT_BAD = 0.7;
/** The fewest tail draws a shape can be fitted to (as ArviZ: fewer give k̂ = Infinity). */
const MIN_TAIL = 5;

/**
 * Zhang & Stephens (2009) fit to ascending, positive exceedances x: θ is the posterior mean over a grid of
 * m = 30 + ⌊√n⌋ values, each weighted by its profile likelihood; k then follows from θ, shrunk toward 0.5.
 */
export function gpdFit(x: Float64Array): GpdFit {
  const n = x.length;
  const m = 30 + Math.floor(Math.sqrt(n));
  const quartile = x[Math.floor(n / 4 + 0.5) - 1]!;
  const xmax = x[n - 1]!;
  const theta = new Float64Array(m);
  const profile = new Float64Array(m);
  // k(θ) = mean log(1 - θ x), as the paper's (and ArviZ's) sign convention has θ = -k/σ.
  const kOf = (t: number): number => {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log1p(-t * x[i]!);
    return s / n;
  };
  for (let j = 0; j < m; j++) {
    theta[j] = 1 / xmax + (1 - Math.sqrt(m / (j + 0.5))) / (PRIOR_THETA * quartile);
    const k = kOf(theta[j]!);
    profile[j] = n * (Math.log(-theta[j]! / k) - k - 1);
  }
  // Each θ's weight is exp(ℓ_j) / Σ exp(ℓ_i), computed as 1 / Σ exp(ℓ_i - ℓ_j) so that it never overflows.
  const weights = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.exp(profile[i]! - profile[j]!);
    weights[j] = 1 / s;
  }
  let total = 0;
  let post = 0;
  for (let j = 0; j < m; j++) {
    // Negligible (or NaN) weights are dropped before normalising, as ArviZ's _gpdfit does.
    if (!(weights[j]! >= 10 * Number.EPSILON)) continue;
    total += weights[j]!;
    post += theta[j]! * weights[j]!;
  }
  const thetaPost = post / total;
  const k = kOf(thetaPost);
  const sigma = -k / thetaPost;
  return { k: (n * k + PRIOR_N * PRIOR_K) / (n + PRIOR_N), sigma };
}

/** The generalised Pareto's quantile at p, for the fitted shape and scale. */
function gpdQuantile(p: number, k: number, sigma: number): number {
  const q = Math.abs(k) < Number.EPSILON ? -Math.log1p(-p) : Math.expm1(-k * Math.log1p(-p)) / k;
  return sigma * q;
}

/** log Σ exp(x) over every element. */
function logSumExp(x: Float64Array): number {
  let max = -Infinity;
  for (const v of x) if (v > max) max = v;
  if (!Number.isFinite(max)) return max;
  let s = 0;
  for (const v of x) s += Math.exp(v - max);
  return max + Math.log(s);
}

/**
 * PSIS of S log weights: the largest M = ⌈min(S/5, 3√S)⌉ above the next largest are replaced by the fitted
 * Pareto's expected order statistics (capped at the largest raw weight), then all are normalised.
 */
export function psis(logWeights: ArrayLike<number>): Psis {
  const s = logWeights.length;
  const lw = Float64Array.from(logWeights);
  // Relative to the largest, so that the tail's exp neither overflows nor underflows.
  let max = -Infinity;
  for (const v of lw) if (v > max) max = v;
  for (let i = 0; i < s; i++) lw[i] = lw[i]! - max;
  const order = Array.from({ length: s }, (_, i) => i).sort((a, b) => lw[a]! - lw[b]!);
  const m = Math.ceil(Math.min(0.2 * s, 3 * Math.sqrt(s)));
  // The threshold is the (M+1)-th largest (no lower than the smallest normal double's log); ties leave fewer above.
  const cut =
    s > m ? Math.max(lw[order[s - m - 1]!]!, Math.log(2.2250738585072014e-308)) : -Infinity;
  const tail = order.filter((i) => lw[i]! > cut);
  let khat = m < MIN_TAIL ? Infinity : -Infinity;
  if (tail.length >= MIN_TAIL) {
    const expCut = Math.exp(cut);
    const fit = gpdFit(Float64Array.from(tail, (i) => Math.exp(lw[i]!) - expCut));
    // Equal exceedances fit no shape: a flat top, as when fewer than MIN_TAIL are above the threshold.
    if (!Number.isNaN(fit.k)) khat = fit.k;
    if (Number.isFinite(fit.k) && fit.sigma > 0) {
      tail.forEach((i, r) => {
        const smoothed = Math.log(gpdQuantile((r + 0.5) / tail.length, fit.k, fit.sigma) + expCut);
        lw[i] = Math.min(smoothed, 0);
      });
    }
  }
  const z = logSumExp(lw);
  let sq = 0;
  for (let i = 0; i < s; i++) {
    lw[i] = lw[i]! - z;
    sq += Math.exp(2 * lw[i]!);
  }
  return { khat, ess: 1 / sq, logWeights: lw };
}
