// Renders diagnostics as "file:line:col: error[CODE]: message" followed by a code frame with a caret.
import type { Diagnostic } from './diagnostic.js';

export function renderDiagnostic(d: Diagnostic, source: string | null): string {
  const where = d.span ? `${d.file}:${d.span.start.line}:${d.span.start.column}` : d.file;
  const head = `${where}: ${d.severity}[${d.code}]: ${d.message}`;
  const lines = [head];
  if (d.span && source !== null)
    lines.push(
      codeFrame(
        source,
        d.span.start.line,
        d.span.start.column,
        d.span.end.offset - d.span.start.offset,
      ),
    );
  if (d.note) lines.push(`  = note: ${d.note}`);
  return lines.join('\n');
}

export function codeFrame(source: string, line: number, column: number, length: number): string {
  const all = source.split(/\r?\n/);
  const text = all[line - 1] ?? '';
  const gutter = String(line).length;
  const pad = ' '.repeat(gutter);
  const width = Math.max(1, Math.min(length, text.length - column + 1));
  return [
    `${pad} |`,
    `${line} | ${text}`,
    `${pad} | ${' '.repeat(Math.max(0, column - 1))}${'^'.repeat(width)}`,
  ].join('\n');
}

export function renderAll(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  const body = ds.map((d) => renderDiagnostic(d, sources.get(d.file) ?? null)).join('\n\n');
  const n = ds.filter((d) => d.severity === 'error').length;
  return `${body}\n\n${n} error${n === 1 ? '' : 's'}`;
}
