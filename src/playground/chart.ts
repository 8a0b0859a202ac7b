// Draws the fit's Vega-Lite chart in the page with Vega (both loaded on the first chart: they are most of the page's bytes).
import type { TopLevelSpec } from 'vega-lite';

interface Finalizable {
  finalize(): void;
}

let shown: Finalizable | null = null;

/** Replaces the chart in `container` with `spec`'s, as SVG (crisp, and what `fit --plot` writes). */
export async function renderChart(container: HTMLElement, spec: unknown): Promise<void> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  shown?.finalize();
  container.replaceChildren();
  const view = new vega.View(vega.parse(vl.compile(spec as TopLevelSpec).spec), {
    renderer: 'svg',
    container,
    hover: true,
  });
  shown = view;
  await view.runAsync();
}

/** Removes the chart (a new fit is starting, or one failed). */
export function clearChart(container: HTMLElement): void {
  shown?.finalize();
  shown = null;
  container.replaceChildren();
}
