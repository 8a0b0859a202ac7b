// The JSON form of a fit result printed by `pplc fit --json`.
import { finalLoss, type FitResult } from './fit-result.js';
import { nest } from './summary.js';

export function fitResultJson(r: FitResult): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [k, p] of r.params) params[k] = nest(p.values, p.shape);
  const latents: Record<string, unknown> = {};
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
