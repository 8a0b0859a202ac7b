// Loads an example program and its data through the front end, for lowering and fitting tests.
import { readFileSync } from 'node:fs';
import { checkSource } from '../../src/pipeline/front-end.js';
import { loadData } from '../../src/data/load.js';
import type { CheckedProgram } from '../../src/check/typed.js';
import type { BoundData } from '../../src/data/bound.js';

export const FITTED = ['scale', 'coin', 'mle', 'linreg', 'eight_schools', 'movielens'] as const;

export function loadExample(
  name: string,
  file = `examples/${name}.ppl`,
  dataFile = `examples/${name}.json`,
): { checked: CheckedProgram; data: BoundData } {
  const { checked, diagnostics } = checkSource(readFileSync(file, 'utf8'), file);
  if (!checked)
    throw new Error(`${name} does not check: ${diagnostics.map((d) => d.message).join('; ')}`);
  const { data, diagnostics: dd } = loadData(checked, readFileSync(dataFile, 'utf8'), dataFile);
  if (!data) throw new Error(`${name} data: ${dd.map((d) => d.message).join('; ')}`);
  return { checked, data };
}
