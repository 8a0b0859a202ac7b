// The numbers a fit's pictures show: the loss per step in bounded buckets (min, max, mean), each latent's draws element by element up to a cap, and the summed-out sites' posterior means.
import { flatten } from './report.js';

/** Consecutive steps drawn as one point: their finite losses' least, greatest and mean. */
export interface LossBucket {
  /** The middle step of the bucket, counting from 1. */
  readonly step: number;
  readonly lo: number;
  readonly hi: number;
  readonly mean: number;
}

/**
 * The finite losses in at most `buckets` runs of equal width: a 30000-step fit keeps both its envelope (the noise
 * of one-particle ELBO estimates, as min/max) and its trend (the mean) in a few hundred kilobytes of SVG.
 */
export function lossBuckets(
  losses: Float64Array,
  buckets = 1000,
): { width: number; points: LossBucket[] } {
  const n = losses.length;
  const width = Math.max(1, Math.ceil(n / buckets));
  const points: LossBucket[] = [];
  for (let b = 0; b < n; b += width) {
    const end = Math.min(n, b + width);
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let k = 0;
    for (let i = b; i < end; i++) {
      const x = losses[i]!;
      // A diverged fit's last losses are not finite; the curve stops where they start.
      if (!Number.isFinite(x)) continue;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      sum += x;
      k++;
    }
    if (k > 0) points.push({ step: (b + end - 1) / 2 + 1, lo, hi, mean: sum / k });
  }
  return { width, points };
}

/** One element of a latent: its label (`beta[2]`) and its values in every draw. */
export interface ElementDraws {
  readonly title: string;
  readonly draws: number[];
}

/** A latent summed out by enumeration (no draws): its elements' posterior means, P(z = 1) for a Bernoulli. */
export interface SummedOut {
  readonly site: string;
  readonly means: { readonly element: string; readonly mean: number }[];
}

export interface Marginals {
  readonly elements: ElementDraws[];
  readonly summedOut: SummedOut[];
  /** What the pictures leave out, one line each. */
  readonly notes: string[];
}

/** The first `cap` numbers of a value nested over plates, in row-major order. */
function firstLeaves(v: unknown, cap: number, out: number[] = []): number[] {
  if (out.length >= cap) return out;
  if (Array.isArray(v)) for (const x of v) firstLeaves(x, cap, out);
  else out.push(typeof v === 'number' ? v : NaN);
  return out;
}

/**
 * Each latent's elements (the first `cap` of a plated site) with their draws, from `Fit.sample`'s arrays (draw
 * outermost); sites in the summary without draws (enumerated discrete ones) come with their posterior means.
 */
export function marginals(
  draws: Readonly<Record<string, unknown>>,
  means: Readonly<Record<string, unknown>>,
  cap = 12,
): Marginals {
  const elements: ElementDraws[] = [];
  const summedOut: SummedOut[] = [];
  const notes: string[] = [];
  const capped = (site: string, total: number): void => {
    if (total > cap) notes.push(`${site}: the first ${cap} of ${total} elements shown`);
  };
  for (const [site, value] of Object.entries(draws)) {
    const rows = Array.isArray(value) ? value : [];
    if (rows.length === 0) continue;
    const labels = flatten(rows[0]).map((e) => site + e.label);
    const shown = labels.slice(0, cap).map((title) => ({ title, draws: [] as number[] }));
    for (const row of rows) firstLeaves(row, cap).forEach((x, i) => shown[i]!.draws.push(x));
    elements.push(...shown);
    capped(site, labels.length);
  }
  for (const [site, mean] of Object.entries(means)) {
    if (site in draws) continue;
    const all = flatten(mean);
    summedOut.push({
      site,
      means: all.slice(0, cap).map((e) => ({ element: site + e.label, mean: e.value })),
    });
    capped(site, all.length);
  }
  return { elements, summedOut, notes };
}
