// The Vega-Lite chart of a fit: a loss-per-step panel above one histogram of draws per latent element (and bars for summed-out sites).
import type { TopLevelSpec } from 'vega-lite';
import type { LossBucket, Marginals } from './plot-data.js';

/**
 * One view of the chart, as plain data: Vega-Lite's own view types are unions too deep to build literals of
 * readably, and the tests compile and render every kind of panel.
 */
type Panel = Record<string, unknown>;

/** Panels of marginals per row. */
const COLUMNS = 4;
/** As wide as a row of COLUMNS marginal panels (170 wide, 20 apart). */
const LOSS_WIDTH = COLUMNS * 170 + (COLUMNS - 1) * 20;

export interface PlotInput {
  /** The headline: program, steps, final loss. */
  readonly title: string;
  readonly loss: { readonly width: number; readonly points: readonly LossBucket[] };
  readonly marginals: Marginals;
}

/** A log axis when the loss is positive and spans a decade or more: early SVI losses dwarf the converged ones. */
function lossScale(points: readonly LossBucket[]): 'log' | 'linear' {
  if (points.length === 0) return 'linear';
  const lo = Math.min(...points.map((p) => p.lo));
  const hi = Math.max(...points.map((p) => p.hi));
  return lo > 0 && hi / lo >= 10 ? 'log' : 'linear';
}

function lossPanel(loss: PlotInput['loss']): Panel {
  const type = lossScale(loss.points);
  const y = {
    type: 'quantitative',
    // Vega rounds a log domain out to whole decades, which would leave most of the panel empty.
    scale: type === 'log' ? { type, nice: false } : { type, zero: false },
    title: type === 'log' ? 'loss (log scale)' : 'loss',
  } as const;
  const x = { field: 'step', type: 'quantitative', title: 'step' } as const;
  const bucketed = loss.width > 1;
  return {
    title: bucketed
      ? `loss per step (each point ${loss.width} steps: band min to max, line their mean)`
      : 'loss per step',
    width: LOSS_WIDTH,
    height: 180,
    data: { values: loss.points.map((p) => ({ ...p })) },
    layer: [
      ...(bucketed
        ? [
            {
              mark: { type: 'area', opacity: 0.3 },
              encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
            } as const,
          ]
        : []),
      { mark: { type: 'line', strokeWidth: 1 }, encoding: { x, y: { ...y, field: 'mean' } } },
    ],
  };
}

/** The chart: loss on top, then the marginals in rows of COLUMNS panels, each with its own bins and axes. */
export function plotSpec(input: PlotInput): TopLevelSpec {
  const { elements, summedOut, notes } = input.marginals;
  const histograms = elements.map((e): Panel => ({
    title: e.title,
    width: 170,
    height: 110,
    data: { values: e.draws.filter(Number.isFinite).map((v) => ({ v })) },
    mark: 'bar',
    encoding: {
      x: { field: 'v', type: 'quantitative', bin: { maxbins: 30 }, title: null },
      y: { aggregate: 'count', type: 'quantitative', title: 'draws' },
    },
  }));
  const bars = summedOut.map((s): Panel => ({
    title: `${s.site} (summed out: posterior mean)`,
    width: 170,
    height: 110,
    data: { values: s.means.map((m) => ({ ...m })) },
    mark: 'bar',
    encoding: {
      x: { field: 'element', type: 'nominal', sort: null, title: null },
      // From 0 to at least 1: a Bernoulli's mean is P(z = 1), and 0.002 should not fill the panel.
      y: {
        field: 'mean',
        type: 'quantitative',
        title: 'mean',
        scale: { domain: [0, Math.max(1, ...s.means.map((m) => m.mean).filter(Number.isFinite))] },
      },
    },
  }));
  const panels = [...histograms, ...bars];
  const title = notes.length
    ? { text: input.title, subtitle: notes, anchor: 'start' }
    : { text: input.title, anchor: 'start' };
  const spec: Panel = {
    title,
    vconcat: [
      lossPanel(input.loss),
      ...(panels.length ? [{ concat: panels, columns: COLUMNS, spacing: 20 }] : []),
    ],
    spacing: 30,
    config: { background: 'white' },
  };
  return spec as unknown as TopLevelSpec;
}
