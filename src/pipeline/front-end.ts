// The front end: source text to a checked program (parse, then check when the parse had no errors); never throws.
import { check } from '../check/check.js';
import type { CheckedProgram } from '../check/typed.js';
import { error, hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { Program } from '../parser/ast.js';
import { parse } from '../parser/parse.js';

export interface FrontendResult {
  readonly ast: Program | null;
  readonly checked: CheckedProgram | null;
  readonly diagnostics: Diagnostic[];
}

export function checkSource(source: string, file: string): FrontendResult {
  const parsed = parse(source, file);
  if (parsed.program === null || hasErrors(parsed.diagnostics))
    return { ast: parsed.program, checked: null, diagnostics: parsed.diagnostics };
  try {
    const r = check(parsed.program);
    return {
      ast: parsed.program,
      checked: r.checked,
      diagnostics: [...parsed.diagnostics, ...r.diagnostics],
    };
  } catch (e) {
    // A checker bug must not surface as a stack trace: report it as an internal error.
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      ast: parsed.program,
      checked: null,
      diagnostics: [error('E0299', file, null, {}, detail)],
    };
  }
}
