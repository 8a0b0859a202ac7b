// Splits .ppl source into tokens (the Lexer is built once, lazily) and reports bad characters and open comments.
import type { ILexingResult, IToken, Lexer as ChevLexer } from 'chevrotain';
import { chev } from './chevrotain.js';
import { allTokens, BlockComment } from './tokens.js';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { ParseCodes } from './codes.js';
import { tokenSpan } from './token-span.js';
import type { Span } from '../diag/span.js';

let lexer: ChevLexer | null = null;

/** `validate` runs Chevrotain's checks of the token definitions: slow, so tests only. */
export function createLexer(validate = false): ChevLexer {
  return new chev.Lexer([...allTokens], {
    positionTracking: 'full',
    skipValidations: !validate,
    safeMode: !validate,
  });
}

function getLexer(): ChevLexer {
  lexer ??= createLexer();
  return lexer;
}

export interface LexResult {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
}

export function lex(source: string, file: string): LexResult {
  const result: ILexingResult = getLexer().tokenize(source);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const text = source.slice(e.offset, e.offset + e.length);
    const span = charSpan(e.offset, e.line ?? 1, e.column ?? 1, e.length);
    const what = e.length === 1 ? `character ${quote(text)}` : `characters ${quote(text)}`;
    const afterNumber = text.startsWith('.') && /\d$/.test(source.slice(0, e.offset));
    const message = afterNumber
      ? `unexpected character '.' after a number: write '1.0', not '1.'`
      : `unexpected ${what}`;
    diagnostics.push(error(ParseCodes.UnexpectedChar, file, span, message));
  }
  for (const c of result.groups['comments'] ?? []) {
    if (c.tokenType === BlockComment && !c.image.endsWith('*/')) {
      const start = tokenSpan(c).start;
      const span: Span = {
        start,
        end: { offset: start.offset + 2, line: start.line, column: start.column + 2 },
      };
      diagnostics.push(
        error(
          ParseCodes.UnterminatedComment,
          file,
          span,
          "unterminated block comment: a '*/' is missing to close the comment opened here",
        ),
      );
    }
  }
  return { tokens: result.tokens, diagnostics };
}

function charSpan(offset: number, line: number, column: number, length: number): Span {
  return {
    start: { offset, line, column },
    end: { offset: offset + length, line, column: column + length },
  };
}

function quote(text: string): string {
  const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return `'${shown.replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}
