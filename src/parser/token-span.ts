// Source spans of Chevrotain tokens (whose end offsets and columns are inclusive; ours are half-open).
import type { IToken } from 'chevrotain';
import type { Pos, Span } from '../diag/span.js';

/** True for a real token of the source; false for EOF and tokens invented by error recovery. */
export function isRealToken(t: IToken | undefined): t is IToken {
  return t !== undefined && Number.isFinite(t.startOffset) && t.isInsertedInRecovery !== true;
}

export function tokenStart(t: IToken): Pos {
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 };
}

export function tokenEnd(t: IToken): Pos {
  const endOffset = t.endOffset ?? t.startOffset + t.image.length - 1;
  return {
    offset: endOffset + 1,
    line: t.endLine ?? t.startLine ?? 1,
    column: (t.endColumn ?? t.startColumn ?? 0) + 1,
  };
}

export function tokenSpan(t: IToken): Span {
  return { start: tokenStart(t), end: tokenEnd(t) };
}

export function tokensSpan(first: IToken, last: IToken): Span {
  return { start: tokenStart(first), end: tokenEnd(last) };
}
