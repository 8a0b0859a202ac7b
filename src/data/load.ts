// Reads a data file's text against a checked program: parseDataJson then validateData, diagnostics from both.
import type { CheckedProgram } from '../check/typed.js';
import { hasErrors } from '../diag/diagnostic.js';
import { parseDataJson } from './json.js';
import { validateData, type ValidateResult } from './validate.js';

export function loadData(checked: CheckedProgram, text: string, file: string): ValidateResult {
  const parsed = parseDataJson(text, file);
  if (parsed.json === undefined || hasErrors(parsed.diagnostics))
    return { data: null, diagnostics: parsed.diagnostics };
  const r = validateData(checked, parsed.json, file, parsed.positions);
  return { data: r.data, diagnostics: [...parsed.diagnostics, ...r.diagnostics] };
}
