// Diagnostics: a catalogue code, a source span and one plain sentence; collected, never thrown across passes.
import type { Code } from './codes.js';
import { messageOf, type ErrorCode, type MessageTail, type WarningCode } from './message.js';
import type { Span } from './span.js';
import type { ParamValue } from './template.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: Code; // stable, e.g. "E0101"; the catalogue is in src/diag/codes.ts
  readonly severity: Severity;
  readonly message: string; // one plain sentence, filled from the code's template
  readonly file: string;
  readonly span: Span | null; // null for whole-file problems
  readonly note?: string; // an optional hint printed under the frame
}

type Args = Readonly<Record<string, ParamValue>>;

function build(
  severity: Severity,
  code: Code,
  file: string,
  span: Span | null,
  args: Args,
  note: string | undefined,
): Diagnostic {
  const message = messageOf(code, args);
  return note === undefined
    ? { code, severity, message, file, span }
    : { code, severity, message, file, span, note };
}

/** An error: the code's template filled from `args` (which name the variant where the code has several). */
export function error<C extends ErrorCode>(
  code: C,
  file: string,
  span: Span | null,
  ...message: MessageTail<C>
): Diagnostic;
export function error(
  code: Code,
  file: string,
  span: Span | null,
  args: Args,
  note?: string,
): Diagnostic {
  return build('error', code, file, span, args, note);
}

/** A warning, for the codes the catalogue marks as warnings. */
export function warning<C extends WarningCode>(
  code: C,
  file: string,
  span: Span | null,
  ...message: MessageTail<C>
): Diagnostic;
export function warning(
  code: Code,
  file: string,
  span: Span | null,
  args: Args,
  note?: string,
): Diagnostic {
  return build('warning', code, file, span, args, note);
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
