// Diagnostics: a stable code, a source span and one plain sentence; collected, never thrown across passes.
import type { Span } from './span.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: string; // stable, e.g. "E0101"; the catalogue is in src/diag/codes.ts
  readonly severity: Severity;
  readonly message: string; // one plain sentence
  readonly file: string;
  readonly span: Span | null; // null for whole-file problems
  readonly note?: string; // an optional hint printed under the frame
}

export function error(
  code: string,
  file: string,
  span: Span | null,
  message: string,
  note?: string,
): Diagnostic {
  return note === undefined
    ? { code, severity: 'error', message, file, span }
    : { code, severity: 'error', message, file, span, note };
}

/** Thrown only to abort a whole stage with diagnostics already built; caught at the CLI boundary. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  }
}

/** A compiler bug: reported as an internal error asking for a report, never as a raw trace. */
export class InternalError extends Error {}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
