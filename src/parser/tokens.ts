// The token vocabulary of .ppl: keywords, names, numbers, operators and punctuation, each with a human label.
import type { TokenType } from 'chevrotain';
import { chev } from './chevrotain.js';

const { createToken, Lexer } = chev;

// Each token says whether it can span lines (`line_breaks`), so that building the Lexer need not analyse
// every pattern for line terminators (test/cli/startup.test.ts checks them against Chevrotain's analysis).

// Comments are kept in their own group (not skipped) so that an unclosed '/*' can be reported.
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*(?:[^*]|\*(?!\/))*(?:\*\/)?/,
  group: 'comments',
  line_breaks: true,
  label: 'a comment',
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\n\r]*/,
  group: 'comments',
  line_breaks: false,
  label: 'a comment',
});
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  line_breaks: false,
  label: 'a name',
});
// `.5` is accepted; `5.` is not (a trailing dot is more often a typo than a number).
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  line_breaks: false,
  label: 'a number',
});

function keyword(word: string): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    line_breaks: false,
    label: `'${word}'`,
  });
}

export const Data = keyword('data');
export const Int = keyword('int');
export const Real = keyword('real');
export const Model = keyword('model');
export const Guide = keyword('guide');
export const Let = keyword('let');
export const Sample = keyword('sample');
export const Observe = keyword('observe');
export const Param = keyword('param');
export const Plate = keyword('plate');
export const Group = keyword('group');
export const In = keyword('in');
export const Subsample = keyword('subsample');
export const If = keyword('if');
export const Else = keyword('else');

function op(name: string, text: string): TokenType {
  const escaped = text.replace(/[|&*+^()[\]{}/.?]/g, '\\$&');
  return createToken({
    name,
    pattern: new RegExp(escaped),
    line_breaks: false,
    label: `'${text}'`,
  });
}

export const OrOr = op('OrOr', '||');
export const AndAnd = op('AndAnd', '&&');
export const EqEq = op('EqEq', '==');
export const NotEq = op('NotEq', '!=');
export const LessEq = op('LessEq', '<=');
export const GreaterEq = op('GreaterEq', '>=');
export const Less = op('Less', '<');
export const Greater = op('Greater', '>');
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Star = op('Star', '*');
export const Slash = op('Slash', '/');
export const Caret = op('Caret', '^');
export const Bang = op('Bang', '!');
export const Equals = op('Equals', '=');
export const Tilde = op('Tilde', '~');
export const Colon = op('Colon', ':');
export const Comma = op('Comma', ',');
export const Semicolon = op('Semicolon', ';');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');
export const LBrace = op('LBrace', '{');
export const RBrace = op('RBrace', '}');

export const keywordTokens: readonly TokenType[] = [
  Data,
  Int,
  Real,
  Model,
  Guide,
  Let,
  Sample,
  Observe,
  Param,
  Plate,
  Group,
  In,
  Subsample,
  If,
  Else,
];

// Longer operators precede their prefixes ('<=' before '<', '==' before '=').
export const operatorTokens: readonly TokenType[] = [
  OrOr,
  AndAnd,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Bang,
  Equals,
  Tilde,
  Colon,
  Comma,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** Lexer order: comments before '/', keywords before names, numbers last. */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  BlockComment,
  LineComment,
  ...keywordTokens,
  Identifier,
  NumberLiteral,
  ...operatorTokens,
];

/** Keywords that begin a statement or declaration: the points where error recovery resumes. */
export const statementStarts: ReadonlySet<TokenType> = new Set([
  Data,
  Model,
  Guide,
  Let,
  Sample,
  Observe,
  Param,
  Plate,
  Group,
  If,
]);
