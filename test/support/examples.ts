// Loads an example program and its data through the compiler driver, for lowering, fitting and code generation tests.
import { readFileSync } from 'node:fs';
import { compile, type CompileOptions } from '../../src/pipeline/compile.js';
import { loadData } from '../../src/data/load.js';
import type { CheckedProgram } from '../../src/check/typed.js';
import type { BoundData } from '../../src/data/bound.js';
import type { Objective } from '../../src/ir/objective.js';
import type { IRFunction } from '../../src/ir/ir.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';

export const FITTED = ['scale', 'coin', 'mle', 'linreg', 'eight_schools', 'movielens'] as const;

export interface LoadedExample {
  readonly checked: CheckedProgram;
  readonly data: BoundData;
  readonly ir: IRFunction;
  readonly objective: Objective;
}

export async function loadExample(
  name: string,
  file = `examples/${name}.ppl`,
  dataFile = `examples/${name}.json`,
  options: CompileOptions = {},
): Promise<LoadedExample> {
  const c = await compile(readFileSync(file, 'utf8'), file, options);
  if (!c.typed || !c.ir || !c.objective)
    throw new Error(`${name} does not compile: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  const { data, diagnostics: dd } = loadData(c.typed, readFileSync(dataFile, 'utf8'), dataFile);
  if (!data) throw new Error(`${name} data: ${dd.map((d) => d.message).join('; ')}`);
  return { checked: c.typed, data, ir: c.ir.fn, objective: c.objective };
}

/** The front-end stages of the driver: the typed program (or null) and the diagnostics. */
export async function checkProgram(
  source: string,
  file: string,
): Promise<{ checked: CheckedProgram | null; diagnostics: readonly Diagnostic[] }> {
  const c = await compile(source, file, { until: 'typed' });
  return { checked: c.typed, diagnostics: c.diagnostics };
}
