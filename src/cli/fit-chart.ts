// A fit's chart as a Vega-Lite spec (loss per step, each latent's marginal): what `fit --plot` draws and the playground shows.
import type { TopLevelSpec } from 'vega-lite';
import type { Fit } from '../api/library.js';
import { lossBuckets, marginals } from './plot-data.js';
import { plotSpec } from './plot-spec.js';

/** Posterior draws per latent element: a histogram's shape is steady at this many, and drawing them takes well under a second. */
const DRAWS = 2000;

/** The chart of `fit` of the program `file`, headed by its steps and final loss. */
export function fitPlotSpec(fit: Fit, file: string): TopLevelSpec {
  const json = fit.toJSON();
  const means = Object.fromEntries(
    Object.entries(json.latents).map(([k, s]) => [k, json.posterior?.[k]?.mean ?? s.mean]),
  );
  const loss = json.loss === null ? 'no steps' : `final loss ${json.loss.toPrecision(6)}`;
  return plotSpec({
    title: `${file}: ${fit.steps} steps, ${loss}`,
    loss: lossBuckets(fit.losses),
    marginals: marginals(fit.sample(DRAWS, 1), means),
  });
}
