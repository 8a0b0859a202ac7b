// Source positions: 1-based line and column, 0-based offset; spans are half-open [start, end).
export interface Pos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface Span {
  readonly start: Pos;
  readonly end: Pos;
}

export function spanUnion(a: Span, b: Span): Span {
  return {
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}

/** Whether a line ends at index i: at '\n', or at a '\r' not followed by '\n' (as the lexer and editors count lines). */
export function endsLine(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
}

/** Position of a 0-based offset in a text (used for JSON data errors and EOF). */
export function posAt(text: string, offset: number): Pos {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (endsLine(text, i)) {
      line++;
      col = 1;
    } else col++;
  }
  return { offset, line, column: col };
}
