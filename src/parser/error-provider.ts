// Makes Chevrotain store each syntax error's facts (kind, expected token, rule) as JSON in its message,
// so that syntax-errors.ts can write the final sentence with the whole token vector at hand.
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';

export interface ErrorFacts {
  readonly kind: 'mismatch' | 'noViableAlt' | 'earlyExit' | 'notAllInput';
  readonly rule: string;
  /** The expected token's name (mismatch only). */
  readonly expected?: string;
  /** The first tokens of each way the parser could have gone on (noViableAlt / earlyExit). */
  readonly starts?: readonly string[];
}

function firstTokens(paths: readonly (readonly TokenType[])[]): string[] {
  const names = new Set<string>();
  for (const path of paths) if (path[0]) names.add(path[0].name);
  return [...names];
}

function encode(f: ErrorFacts): string {
  return JSON.stringify(f);
}

export const encodingErrorProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: (o: {
    expected: TokenType;
    actual: IToken;
    previous: IToken;
    ruleName: string;
  }) => encode({ kind: 'mismatch', rule: o.ruleName, expected: o.expected.name }),
  buildNotAllInputParsedMessage: (o: { firstRedundant: IToken; ruleName: string }) =>
    encode({ kind: 'notAllInput', rule: o.ruleName }),
  buildNoViableAltMessage: (o: { expectedPathsPerAlt: TokenType[][][]; ruleName: string }) =>
    encode({
      kind: 'noViableAlt',
      rule: o.ruleName,
      starts: firstTokens(o.expectedPathsPerAlt.flat()),
    }),
  buildEarlyExitMessage: (o: { expectedIterationPaths: TokenType[][]; ruleName: string }) =>
    encode({ kind: 'earlyExit', rule: o.ruleName, starts: firstTokens(o.expectedIterationPaths) }),
};

export function decodeFacts(message: string): ErrorFacts | null {
  try {
    const v: unknown = JSON.parse(message);
    return typeof v === 'object' && v !== null && 'kind' in v && 'rule' in v
      ? (v as ErrorFacts)
      : null;
  } catch {
    return null;
  }
}
