// CLI glue for the driver: read a program (and data) file, compile to a stage, print diagnostics with code frames.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { renderAll } from '../diag/render.js';
import { compile, errorsOf, type CompileOptions, type Compiled } from '../pipeline/compile.js';
import { readText } from './read-file.js';

/** Diagnostics already printed: the command ends with exit status 1. */
export class Reported extends Error {}

export function printDiagnostics(
  ds: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): void {
  if (ds.length > 0) process.stderr.write(renderAll(ds, sources) + '\n');
}

/** Reads and compiles a program to a stage; prints its diagnostics and throws Reported on errors. */
export async function compileFile(file: string, options: CompileOptions): Promise<Compiled> {
  const source = readText(file, 'program');
  const c = await compile(source, file, options);
  if (errorsOf(c).length > 0 || (options.until !== 'ast' && c.typed === null)) {
    printDiagnostics(c.diagnostics, new Map([[file, source]]));
    throw new Reported();
  }
  printDiagnostics(c.diagnostics, new Map([[file, source]]));
  return c;
}

/** Reads a data file and checks it against the program; prints its diagnostics and throws Reported on errors. */
export async function loadDataFile(
  typed: CheckedProgram,
  source: string,
  dataFile: string,
): Promise<BoundData> {
  const text = readText(dataFile, 'data file');
  // Loaded only with --data, so that `check` and `compile` of a lone program skip the data modules.
  const { loadData } = await import('../data/load.js');
  const v = loadData(typed, text, dataFile);
  printDiagnostics(
    v.diagnostics,
    new Map([
      [typed.file, source],
      [dataFile, text],
    ]),
  );
  if (!v.data || errorsOf(v).length > 0) throw new Reported();
  return v.data;
}
