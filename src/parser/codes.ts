// The parser's diagnostic codes (E01xx), one line each; messages are built in syntax-errors.ts.
export const ParseCodes = {
  /** a character that starts no token */
  UnexpectedChar: 'E0101',
  /** a block comment that is never closed */
  UnterminatedComment: 'E0102',
  /** a specific token was expected (e.g. '=' after the param name) */
  ExpectedToken: 'E0110',
  /** the file ended inside a block: a '}' is missing */
  MissingCloseBrace: 'E0111',
  /** the file ended in the middle of a declaration or statement */
  UnexpectedEof: 'E0112',
  /** an expression was expected */
  ExpectedExpression: 'E0113',
  /** a statement (let, sample, observe, param, plate, if) was expected inside a block */
  ExpectedStatement: 'E0114',
  /** a top-level declaration (data, model, guide) was expected */
  ExpectedDeclaration: 'E0115',
  /** a token that fits nowhere here */
  UnexpectedToken: 'E0116',
  /** nesting so deep that the parser runs out of stack */
  TooDeep: 'E0117',
  /** a size (array dimension, plate size, subsample size) that is not a whole number or a name */
  BadSize: 'E0120',
  /** comparisons chained without && (`a < b < c`) */
  ChainedComparison: 'E0121',
  /** internal error in the parser; please report this */
  Internal: 'E0199',
} as const;

export type ParseCode = (typeof ParseCodes)[keyof typeof ParseCodes];

/** One-line descriptions, for `pplc explain` and documentation. */
export const parseCodeDescriptions: Readonly<Record<ParseCode, string>> = {
  E0101: 'a character that starts no token of the language',
  E0102: "a block comment '/*' that is never closed by '*/'",
  E0110: 'a specific token was expected here',
  E0111: "the file ended inside a block: a '}' is missing",
  E0112: 'the file ended in the middle of a declaration or statement',
  E0113: 'an expression was expected',
  E0114: 'a statement (let, sample, observe, param, plate or if) was expected',
  E0115: 'a top-level declaration (data, model or guide) was expected',
  E0116: 'a token that does not fit here',
  E0117: 'the program is nested too deeply to parse',
  E0120: 'a size must be a whole number or the name of an int data value',
  E0121: "comparisons do not chain: write 'a < b && b < c'",
  E0199: 'internal error in the parser; please report this',
};
