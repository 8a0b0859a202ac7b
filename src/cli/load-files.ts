// CLI glue for the front end: read, parse, check, and bind data, printing diagnostics with code frames.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { renderAll } from '../diag/render.js';
import { checkSource } from '../pipeline/front-end.js';
import { readText } from './read-file.js';

export class Reported extends Error {}

export function printDiagnostics(
  ds: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): void {
  if (ds.length > 0) process.stderr.write(renderAll(ds, sources) + '\n');
}

/** Checks a program (and its data when given); prints diagnostics and throws Reported on errors. */
export async function loadProgram(
  file: string,
  dataFile?: string,
): Promise<{ checked: CheckedProgram; data: BoundData | null; source: string }> {
  const source = readText(file, 'program');
  const sources = new Map([[file, source]]);
  const { checked, diagnostics } = checkSource(source, file);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!checked || errors.length > 0) {
    printDiagnostics(diagnostics, sources);
    throw new Reported();
  }
  let data: BoundData | null = null;
  const all: Diagnostic[] = [...diagnostics];
  if (dataFile !== undefined) {
    const text = readText(dataFile, 'data file');
    sources.set(dataFile, text);
    // Loaded only with --data, so that `check` and `compile` of a lone program skip the data modules.
    const { loadData } = await import('../data/load.js');
    const v = loadData(checked, text, dataFile);
    all.push(...v.diagnostics);
    data = v.data;
  }
  printDiagnostics(all, sources);
  if (all.some((d) => d.severity === 'error')) throw new Reported();
  return { checked, data, source };
}
