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

/** The widest source text a frame shows; a longer line (a one-line data file) is cut to a window around the span. */
const FRAME_WIDTH = 100;
/** How much of the window lies before the span's first column. */
const FRAME_LEAD = 40;

/** Line `line` (1-based) of `source`, found without splitting the whole text (data files can be large). */
function lineOf(source: string, line: number): string {
  // '\n', '\r\n' and a lone '\r' end a line, as the lexer counts them.
  const breaks = /\r\n?|\n/g;
  // A byte-order mark is skipped by the parsers, so columns do not count it.
  breaks.lastIndex = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  let start = breaks.lastIndex;
  for (let k = 1; k < line; k++) {
    const m = breaks.exec(source);
    if (m === null) return '';
    start = breaks.lastIndex;
  }
  const end = breaks.exec(source);
  return source.slice(start, end === null ? source.length : end.index);
}

export function codeFrame(source: string, line: number, column: number, length: number): string {
  let text = lineOf(source, line);
  let col = column;
  if (text.length > FRAME_WIDTH) {
    const from = Math.max(0, Math.min(column - 1 - FRAME_LEAD, text.length - FRAME_WIDTH));
    const to = from + FRAME_WIDTH;
    const head = from > 0 ? '…' : '';
    col = column - from + head.length;
    text = head + text.slice(from, to) + (to < text.length ? '…' : '');
  }
  const gutter = String(line).length;
  const pad = ' '.repeat(gutter);
  const width = Math.max(1, Math.min(length, text.length - col + 1));
  return [
    `${pad} |`,
    `${line} | ${text}`,
    `${pad} | ${' '.repeat(Math.max(0, col - 1))}${'^'.repeat(width)}`,
  ].join('\n');
}

export function renderAll(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  const body = ds.map((d) => renderDiagnostic(d, sources.get(d.file) ?? null)).join('\n\n');
  const n = ds.filter((d) => d.severity === 'error').length;
  return `${body}\n\n${n} error${n === 1 ? '' : 's'}`;
}
