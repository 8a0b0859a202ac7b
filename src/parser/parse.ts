// The parser's entry point: source text in, an AST and syntax diagnostics out; never throws.
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Program, TopItem } from './ast.js';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { posAt, type Span } from '../diag/span.js';
import { lex } from './lexer.js';
import { parseTokens } from './parser.js';
import { convertProgram } from './cst-to-ast.js';
import { SyntaxErrorWriter } from './syntax-errors.js';
import * as T from './tokens.js';
import { decodeFacts } from './error-provider.js';
import { MAX_NESTING, tooDeep } from './nesting.js';
import { tokenSpan } from './token-span.js';

export interface ParseResult {
  /** Null only when nothing useful could be built; may be partial when there are diagnostics. */
  readonly program: Program | null;
  readonly diagnostics: Diagnostic[];
}

export function parse(given: string, file: string): ParseResult {
  // A byte-order mark (editors on Windows write one) is not text: columns count as an editor shows them.
  const source = given.charCodeAt(0) === 0xfeff ? given.slice(1) : given;
  try {
    return parseUnguarded(source, file);
  } catch (e) {
    if (e instanceof RangeError) {
      return {
        program: null,
        diagnostics: [error('E0117', file, deepestSpan(source), { variant: 'stack' })],
      };
    }
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      program: null,
      diagnostics: [error('E0199', file, null, {}, detail)],
    };
  }
}

/** The first bracket at the program's deepest nesting: where a program too deep to parse is reported. */
function deepestSpan(source: string): Span {
  let depth = 0;
  let most = -1;
  let at = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') {
      if (++depth > most) [most, at] = [depth, i];
    } else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return { start: posAt(source, at), end: posAt(source, at + 1) };
}

function parseUnguarded(source: string, file: string): ParseResult {
  const lexed = lex(source, file);
  const deep = tooDeep(lexed.tokens);
  if (deep !== null)
    return {
      program: null,
      diagnostics: [
        ...lexed.diagnostics,
        error('E0117', file, tokenSpan(deep), { variant: 'depth', most: MAX_NESTING }),
      ],
    };
  const writer = new SyntaxErrorWriter(file, source, lexed.tokens);
  const items: TopItem[] = [];
  const syntax: Diagnostic[] = [];
  const convertDiags: Diagnostic[] = [];
  // When Chevrotain cannot resync inside the top-level repetition it stops with "not all input parsed":
  // resume at the next declaration keyword and parse on.
  let rest = lexed.tokens;
  while (rest.length > 0) {
    const { cst, errors } = parseTokens(rest);
    const converted = convertProgram(cst, file);
    items.push(...converted.items);
    convertDiags.push(...converted.diagnostics);
    let stop: IRecognitionException | null = null;
    for (const e of errors) {
      syntax.push(writer.write(e));
      if (decodeFacts(e.message)?.kind === 'notAllInput') stop = e;
    }
    if (!stop) break;
    const at = rest.indexOf(stop.token);
    if (at < 0) break;
    let next = at + 1;
    while (next < rest.length && !topStarts.has(rest[next]!.tokenType)) next++;
    rest = rest.slice(next);
  }
  const diagnostics = [...lexed.diagnostics, ...syntax, ...convertDiags];
  diagnostics.sort((a, b) => (a.span?.start.offset ?? -1) - (b.span?.start.offset ?? -1));
  const program: Program = {
    kind: 'Program',
    file,
    items,
    span: { start: posAt(source, 0), end: posAt(source, source.length) },
  };
  return { program, diagnostics: dropCascades(diagnostics, lexed.tokens) };
}

const topStarts = new Set([T.Data, T.Model, T.Guide]);

/** Keeps the first error of each statement: a later one with no statement keyword in between is a cascade. */
function dropCascades(ds: Diagnostic[], tokens: readonly IToken[]): Diagnostic[] {
  const starts = tokens.filter((t) => T.statementStarts.has(t.tokenType)).map((t) => t.startOffset);
  const out: Diagnostic[] = [];
  let lastOffset: number | null = null;
  for (const d of ds) {
    const off = d.span?.start.offset ?? null;
    if (off !== null && lastOffset !== null) {
      const from = lastOffset;
      const sameStatement = !starts.some((s) => s >= from && s < off) && off >= from;
      if (sameStatement && d.code !== 'E0120' && d.code !== 'E0121') continue;
    }
    out.push(d);
    if (off !== null) lastOffset = off;
  }
  return out;
}
