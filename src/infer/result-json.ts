// The JSON form of a fit result printed by `pplc fit --json`.
import { finalLoss, type FitResult } from './fit-result.js';
import { nest } from './summary.js';

/** A latent's summary: each statistic a number, or nested arrays over the site's plates. */
export interface LatentJson {
  readonly mean: unknown;
  readonly sd: unknown;
  readonly q05: unknown;
  readonly q50: unknown;
  readonly q95: unknown;
}

export interface FitJson {
  readonly steps: number;
  readonly seconds: number;
  /** The mean loss of the last 10% of steps (null when no step ran). */
  readonly loss: number | null;
  /** Every param, constrained: a number or nested arrays over its plates. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly latents: Readonly<Record<string, LatentJson>>;
  /** Why the fit stopped early, when it diverged. */
  readonly error?: string;
}

export function fitResultJson(r: FitResult): FitJson {
  const params: Record<string, unknown> = {};
  for (const [k, p] of r.params) params[k] = nest(p.values, p.shape);
  const latents: Record<string, LatentJson> = {};
  for (const [k, s] of r.latents) {
    const field = (f: 'mean' | 'sd' | 'q05' | 'q50' | 'q95'): unknown =>
      nest(
        s.elements.map((e) => e[f]),
        s.shape,
      );
    latents[k] = {
      mean: field('mean'),
      sd: field('sd'),
      q05: field('q05'),
      q50: field('q50'),
      q95: field('q95'),
    };
  }
  return {
    steps: r.steps,
    seconds: r.seconds,
    loss: r.losses.length > 0 ? finalLoss(r.losses) : null,
    params,
    latents,
    ...(r.divergence ? { error: r.divergence.message } : {}),
  };
}
