// Writes each Chevrotain syntax error as a Diagnostic: stable code, the offending token's span, one plain sentence.
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import { chev } from './chevrotain.js';
import { decodeFacts, type ErrorFacts } from './error-provider.js';
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { isRealToken, tokenEnd, tokenSpan } from './token-span.js';
import { posAt, type Span } from '../diag/span.js';
import * as T from './tokens.js';

const A_DECLARATION = "a declaration ('data', 'model' or 'guide')";
const A_STATEMENT = "a statement ('let', 'sample', 'observe', 'param', 'plate' or 'if')";

/** What the parser expected, in words, when no alternative of a rule fits. */
const expectedByRule: Readonly<Record<string, string>> = {
  program: A_DECLARATION,
  topItem: A_DECLARATION,
  statement: A_STATEMENT,
  typeExpr: "a type ('int' or 'real')",
  sizeExpr: 'a size (a whole number or a data name)',
  guideDecl: "'{' or '=' after 'guide'",
  constraint: "a constraint ('real', 'positive', 'unit', 'interval(lo, hi)' or 'simplex(k)')",
  unary: 'an expression',
  primary: 'an expression',
  comparison: 'a comparison operator',
  additive: "'+' or '-'",
  multiplicative: "'*' or '/'",
};

/** What kind of name was expected, when a rule wanted an identifier. */
const nameByRule: Readonly<Record<string, string>> = {
  distCall: 'a distribution (such as Normal(0, 1))',
  autoGuide: 'an auto-guide name (such as AutoNormal)',
  plateStmt: 'a plate index name',
};

/** How to name the identifier just after a statement keyword, in "after the param name". */
const nameAfterKeyword: Readonly<Record<string, string>> = {
  data: 'the data name',
  let: 'the let name',
  sample: 'the site name',
  observe: 'the observed name',
  param: 'the param name',
  plate: 'the plate index',
};

const blockOwners: ReadonlySet<TokenType> = new Set([T.Model, T.Guide, T.Plate, T.If, T.Else]);

/** The block a missing '}' would close: none found, an unowned '{', or the block of a keyword (model, if, ...). */
type OpenBlock =
  | { readonly variant: 'bare' }
  | { readonly variant: 'block'; readonly line: number; readonly column: number }
  | {
      readonly variant: 'keywordBlock';
      readonly keyword: string;
      readonly line: number;
      readonly column: number;
    };

/** The token before an error, as "expected X after ...": none, the name after a statement keyword, or a token. */
type Previous =
  | { readonly variant: 'plain' }
  | { readonly variant: 'afterName'; readonly previous: string }
  | { readonly variant: 'afterToken'; readonly token: string };

export class SyntaxErrorWriter {
  /** Token indices by offset, built at the first error (a program without errors never needs them). */
  private byOffset: Map<number, number> | null = null;

  constructor(
    private readonly file: string,
    private readonly source: string,
    private readonly tokens: readonly IToken[],
  ) {}

  write(e: IRecognitionException): Diagnostic {
    const facts = decodeFacts(e.message);
    const tok = e.token;
    const atEof = !isRealToken(tok) || tok.tokenType === chev.EOF;
    const span = atEof ? this.eofSpan() : tokenSpan(tok);
    const found = atEof ? 'the end of the file' : `'${tok.image}'`;
    if (!facts) return error('E0116', this.file, span, { variant: 'token', found });

    if (facts.kind === 'mismatch' && facts.expected === 'RBrace') {
      const open = this.unclosedBrace(atEof ? this.tokens.length : this.indexOf(tok));
      if (atEof) return error('E0111', this.file, span, open);
      if (facts.rule === 'block' && !this.isStatementStart(tok)) {
        const expected = A_STATEMENT;
        return error('E0114', this.file, span, { variant: 'plain', expected, found });
      }
      return error('E0110', this.file, span, { ...open, found });
    }
    if ((facts.kind === 'mismatch' && facts.expected === 'EOF') || facts.kind === 'notAllInput') {
      if (tok.tokenType === T.RBrace)
        return error('E0116', this.file, span, { variant: 'strayBrace' });
      const expected = A_DECLARATION;
      return error('E0115', this.file, span, { variant: 'plain', expected, found });
    }
    const expected = this.expectedText(facts);
    const previous = this.previous(tok, facts);
    if (atEof) return error('E0112', this.file, span, { ...previous, expected });
    const code =
      expected === 'an expression'
        ? 'E0113'
        : facts.rule === 'statement'
          ? 'E0114'
          : facts.rule === 'topItem'
            ? 'E0115'
            : 'E0110';
    return error(code, this.file, span, { ...previous, expected, found });
  }

  /** True when `t` begins a declaration or statement: one error per statement is reported. */
  isStatementStart(t: IToken): boolean {
    return T.statementStarts.has(t.tokenType);
  }

  private expectedText(f: ErrorFacts): string {
    if (f.kind === 'mismatch' && f.expected === 'Identifier') return nameByRule[f.rule] ?? 'a name';
    if (f.kind === 'mismatch' && f.expected) return labelOf(f.expected);
    const byRule = expectedByRule[f.rule];
    if (byRule) return byRule;
    const starts = (f.starts ?? []).map(labelOf);
    if (starts.length === 0) return 'something else';
    return starts.length === 1
      ? starts[0]!
      : `${starts.slice(0, -1).join(', ')} or ${starts[starts.length - 1]!}`;
  }

  /** The token before the error (or the name it is, right after a keyword), for "expected X after ...". */
  private previous(tok: IToken, f: ErrorFacts): Previous {
    if (f.rule === 'guideDecl') return { variant: 'plain' };
    const i =
      isRealToken(tok) && tok.tokenType !== chev.EOF ? this.indexOf(tok) : this.tokens.length;
    const prev = this.tokens[i - 1];
    if (!prev) return { variant: 'plain' };
    if (prev.tokenType === T.Identifier) {
      const kw = this.tokens[i - 2];
      const what = kw ? nameAfterKeyword[kw.image] : undefined;
      if (what && kw && T.statementStarts.has(kw.tokenType))
        return { variant: 'afterName', previous: what };
    }
    return { variant: 'afterToken', token: prev.image };
  }

  private indexOf(t: IToken): number {
    this.byOffset ??= new Map(this.tokens.map((x, i) => [x.startOffset, i]));
    return this.byOffset.get(t.startOffset) ?? this.tokens.length;
  }

  /** The innermost '{' before token index `end` that no '}' closes, with the keyword that owns it (model, if, ...). */
  private unclosedBrace(end: number): OpenBlock {
    const stack: number[] = [];
    for (let i = 0; i < end; i++) {
      const t = this.tokens[i]!.tokenType;
      if (t === T.LBrace) stack.push(i);
      else if (t === T.RBrace) stack.pop();
    }
    const open = stack.pop();
    if (open === undefined) return { variant: 'bare' };
    const brace = this.tokens[open]!;
    const at = { line: brace.startLine ?? 1, column: brace.startColumn ?? 1 };
    for (let j = open - 1; j >= 0; j--) {
      const t = this.tokens[j]!;
      if (blockOwners.has(t.tokenType)) return { variant: 'keywordBlock', keyword: t.image, ...at };
      if (t.tokenType === T.LBrace || t.tokenType === T.RBrace) break;
    }
    return { variant: 'block', ...at };
  }

  /** A zero-width span just after the last token: where the missing text would go. */
  private eofSpan(): Span {
    const last = this.tokens[this.tokens.length - 1];
    if (last) {
      const end = tokenEnd(last);
      return { start: end, end };
    }
    const pos = posAt(this.source, this.source.length);
    return { start: pos, end: pos };
  }
}

function labelOf(tokenName: string): string {
  const t = T.allTokens.find((x) => x.name === tokenName);
  return t?.LABEL ?? tokenName;
}
