// Posterior summaries from draws: mean, sd and quantiles per element, as ArviZ reports them.
export interface ElementSummary {
  readonly mean: number;
  readonly sd: number;
  readonly q05: number;
  readonly q50: number;
  readonly q95: number;
}

export interface SiteSummary {
  readonly shape: readonly number[];
  readonly elements: readonly ElementSummary[];
}

/**
 * The summary of an enumerated discrete site from its exact posterior probabilities, laid out as
 * [draw][value] (the enumeration axis innermost) and averaged over draws. Probability missing from the
 * values (the site did not exist on that path) counts as the value 0.
 */
export function discreteSummary(probs: Float64Array, draws: number): SiteSummary {
  const k = probs.length / draws;
  const p = new Float64Array(k);
  for (let d = 0; d < draws; d++)
    for (let v = 0; v < k; v++) p[v] = p[v]! + probs[d * k + v]! / draws;
  const total = p.reduce((s, x) => s + x, 0);
  p[0] = p[0]! + Math.max(0, 1 - total);
  let mean = 0;
  let sq = 0;
  p.forEach((pv, v) => {
    mean += v * pv;
    sq += v * v * pv;
  });
  const quantile = (q: number): number => {
    let c = 0;
    for (let v = 0; v < k; v++) if ((c += p[v]!) >= q - 1e-12) return v;
    return k - 1;
  };
  return {
    shape: [],
    elements: [
      {
        mean,
        sd: Math.sqrt(Math.max(0, sq - mean * mean)),
        q05: quantile(0.05),
        q50: quantile(0.5),
        q95: quantile(0.95),
      },
    ],
  };
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
export function quantileSorted(xs: Float64Array, q: number): number {
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

/** Summarises draws laid out as [draw][element] (the particle axis outermost) into one summary per element. */
export function summarise(
  values: Float64Array,
  draws: number,
  shape: readonly number[],
): SiteSummary {
  const n = values.length / draws;
  const elements: ElementSummary[] = [];
  const col = new Float64Array(draws);
  for (let e = 0; e < n; e++) {
    let s = 0;
    for (let d = 0; d < draws; d++) {
      const x = values[d * n + e]!;
      col[d] = x;
      s += x;
    }
    const mean = s / draws;
    let ss = 0;
    for (let d = 0; d < draws; d++) ss += (col[d]! - mean) ** 2;
    col.sort();
    elements.push({
      mean,
      sd: Math.sqrt(ss / Math.max(1, draws - 1)),
      q05: quantileSorted(col, 0.05),
      q50: quantileSorted(col, 0.5),
      q95: quantileSorted(col, 0.95),
    });
  }
  return { shape, elements };
}

/** Nests a row-major array into arrays of arrays by shape; a scalar shape gives the number itself. */
export function nest(values: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return values[0];
  const rec = (offset: number, dim: number): unknown => {
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const out: unknown[] = [];
    for (let i = 0; i < shape[dim]!; i++)
      out.push(dim === shape.length - 1 ? values[offset + i] : rec(offset + i * stride, dim + 1));
    return out;
  };
  return rec(0, 0);
}

/** nest's inverse: the numbers of a value nested over `shape` (a number for shape []), row-major; null where the
 * value's nesting or lengths differ from `shape`. */
export function unnest(v: unknown, shape: readonly number[]): number[] | null {
  const out: number[] = [];
  const walk = (x: unknown, k: number): boolean => {
    if (k === shape.length) {
      if (typeof x !== 'number') return false;
      out.push(x);
      return true;
    }
    return Array.isArray(x) && x.length === shape[k] && x.every((e) => walk(e, k + 1));
  };
  return walk(v, 0) ? out : null;
}
