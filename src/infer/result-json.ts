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
  /** Where the latents' summaries come from: guide draws, or importance samples (mp-vi, rws, qem, is). */
  readonly latents_from: 'guide draws' | 'importance samples';
  /** Importance-sampling methods: the estimate of log p(x) at the fitted params, mean and standard error. */
  readonly log_evidence?: { readonly mean: number; readonly se: number };
  /** Importance-sampling methods: each latent's posterior mean and sd, weighting every combination of samples. */
  readonly posterior?: Readonly<Record<string, { readonly mean: unknown; readonly sd: unknown }>>;
  /**
   * The fitted guide's draws as importance samples of the posterior (PSIS): the Pareto k̂ of the weights
   * p(x, z)/q(z) (null when the largest weights tie, so that there is no tail to fit: bounded weights, as of an
   * exact or a discrete guide) and their effective sample size, of `draws`.
   * Absent without latents or with a point-mass guide. k̂ above 0.7: the guide is not to be trusted.
   */
  readonly diagnostics?: {
    readonly khat: number | null;
    readonly ess: number;
    readonly draws: number;
  };
  /** On WebGPU: the fit's peak GPU memory, bytes (every buffer it allocated). */
  readonly gpu_bytes?: number;
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
    latents_from: r.latentsFrom ?? 'guide draws',
    ...(r.evidence ? { log_evidence: { mean: r.evidence.mean, se: r.evidence.se } } : {}),
    ...(r.posterior
      ? {
          posterior: Object.fromEntries(
            [...r.posterior].map(([k, m]) => [
              k,
              { mean: nest([...m.mean], m.shape), sd: nest([...m.sd], m.shape) },
            ]),
          ),
        }
      : {}),
    ...(r.diagnostics
      ? {
          diagnostics: {
            khat: Number.isFinite(r.diagnostics.khat) ? r.diagnostics.khat : null,
            ess: r.diagnostics.ess,
            draws: r.diagnostics.draws,
          },
        }
      : {}),
    ...(r.gpuBytes === undefined ? {} : { gpu_bytes: r.gpuBytes }),
    ...(r.divergence ? { error: r.divergence.message } : {}),
  };
}
