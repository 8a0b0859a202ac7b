// Prior medians of distributions with constant parameters: the autoguides' initial location (Pyro's init_to_median).
type Med = (p: Readonly<Record<string, number>>) => number;

const MEDIANS: Readonly<Record<string, Med>> = {
  Normal: (p) => p.loc!,
  StudentT: (p) => p.loc!,
  Cauchy: (p) => p.loc!,
  Laplace: (p) => p.loc!,
  HalfNormal: (p) => p.scale! * 0.6744897501960817,
  HalfCauchy: (p) => p.scale!,
  LogNormal: (p) => Math.exp(p.loc!),
  Exponential: (p) => Math.LN2 / p.rate!,
  // Wilson-Hilferty style approximation; any interior point is a fine start.
  Gamma: (p) => Math.max(1e-3, (p.concentration! - 1 / 3) / p.rate!),
  Beta: (p) => {
    const a = p.concentration1!;
    const c = p.concentration0!;
    return a > 1 && c > 1 ? (a - 1 / 3) / (a + c - 2 / 3) : a / (a + c);
  },
  Uniform: (p) => (p.low! + p.high!) / 2,
};

export function priorMedian(dist: string, params: Readonly<Record<string, number>>): number | null {
  const f = MEDIANS[dist];
  if (!f) return null;
  const m = f(params);
  return Number.isFinite(m) ? m : null;
}
