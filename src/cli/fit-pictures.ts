// `fit --plot FILE.svg` and `--report FILE.html`: the fit's chart rendered by Vega-Lite and Vega (loaded here only, so that a plain fit starts as fast), written with one-line errors.
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Fit } from '../api/library.js';
import { fitPlotSpec } from './fit-chart.js';
import { UserError } from './read-file.js';

export interface PicturePaths {
  readonly plot?: string | undefined;
  readonly report?: string | undefined;
}

const what = (kind: keyof PicturePaths): string => (kind === 'plot' ? 'plot' : 'report');

/** Fails before a long fit, not after it, when a path's folder is missing or read-only or the path is a folder. */
export function checkWritable(paths: PicturePaths): void {
  for (const kind of ['plot', 'report'] as const) {
    const path = paths[kind];
    if (path === undefined) continue;
    let code: string | undefined;
    try {
      accessSync(dirname(resolve(path)), constants.W_OK);
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) code = 'EISDIR';
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? 'not writable';
    }
    if (code) throw new UserError(`cannot write the ${what(kind)} '${path}': ${code}`);
  }
}

function write(kind: keyof PicturePaths, path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write the ${what(kind)} '${path}': ${code ?? 'write failed'}`);
  }
}

/** The fit's chart as SVG: the loss curve, then each latent's marginal posterior. */
export async function fitSvg(fit: Fit, file: string): Promise<string> {
  const spec = fitPlotSpec(fit, file);
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders the chart once and writes the SVG and/or the HTML report. */
export async function writePictures(fit: Fit, file: string, paths: PicturePaths): Promise<void> {
  if (paths.plot === undefined && paths.report === undefined) return;
  const svg = await fitSvg(fit, file);
  if (paths.plot !== undefined) write('plot', paths.plot, svg + '\n');
  if (paths.report !== undefined) {
    const { reportHtml } = await import('./report-html.js');
    write('report', paths.report, reportHtml(fit.toJSON(), file, svg));
  }
}
