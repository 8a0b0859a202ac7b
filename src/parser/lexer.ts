// Splits .ppl source into tokens (the Lexer is built once, lazily) and reports bad characters and open comments.
import type { ILexingResult, IToken, Lexer as ChevLexer } from 'chevrotain';
import { chev } from './chevrotain.js';
import { allTokens, BlockComment } from './tokens.js';
import { error, type Diagnostic } from '../diag/diagnostic.js';
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
    const afterNumber = text.startsWith('.') && /\d$/.test(source.slice(0, e.offset));
    diagnostics.push(
      error(
        'E0101',
        file,
        span,
        afterNumber
          ? { variant: 'afterNumber' }
          : { variant: 'chars', count: e.length, chars: quote(text) },
      ),
    );
  }
  for (const c of result.groups['comments'] ?? []) {
    if (c.tokenType === BlockComment && !c.image.endsWith('*/')) {
      const start = tokenSpan(c).start;
      const span: Span = {
        start,
        end: { offset: start.offset + 2, line: start.line, column: start.column + 2 },
      };
      diagnostics.push(error('E0102', file, span, {}));
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
