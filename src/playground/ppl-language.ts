// The .ppl language for CodeMirror: a stream tokenizer after grammar/pplc.ebnf's tokens, and its colours.
import { HighlightStyle, StreamLanguage, type StreamParser } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { DISTRIBUTIONS, FUNCTIONS, KEYWORDS, TYPE_NAMES } from './vocabulary.js';

/** Each word's token name (StreamLanguage maps a name to the @lezer/highlight tag of that name). */
const WORDS = new Map<string, string>([
  ...KEYWORDS.map((w): [string, string] => [w, 'keyword']),
  ...DISTRIBUTIONS.map((w): [string, string] => [w, 'className']),
  ...FUNCTIONS.map((w): [string, string] => [w, 'variableName.standard']),
  ...TYPE_NAMES.map((w): [string, string] => [w, 'typeName']),
]);

interface State {
  /** Inside a block comment that began on an earlier line. */
  inComment: boolean;
}

/** The rest of a block comment from the stream's position: its end, or the line's when it goes on. */
function blockComment(stream: Parameters<StreamParser<State>['token']>[0], state: State): string {
  state.inComment = !stream.skipTo('*/');
  if (state.inComment) stream.skipToEnd();
  else stream.pos += 2;
  return 'blockComment';
}

const parser: StreamParser<State> = {
  name: 'ppl',
  startState: () => ({ inComment: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (state.inComment) return blockComment(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'lineComment';
    }
    if (stream.match('/*')) return blockComment(stream, state);
    // The lexer's NumberLiteral: 1, 2.5, .5, 1e-3 (no trailing dot).
    if (stream.match(/^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/))
      return WORDS.get(stream.current()) ?? 'variableName';
    if (stream.match(/^(?:==|!=|<=|>=|&&|\|\||[-+*/^<>!=~])/)) return 'operator';
    if (stream.match(/^[{}()[\],:;]/)) return 'punctuation';
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
};

export const ppl = StreamLanguage.define(parser);

/** The editor's colours (CodeMirror's defaults, with distributions and built-ins set apart). */
export const pplHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#7a1fa2', fontWeight: 'bold' },
  { tag: tags.className, color: '#0b6e4f' },
  { tag: tags.standard(tags.variableName), color: '#1565c0' },
  { tag: tags.typeName, color: '#8d5a00' },
  { tag: tags.number, color: '#b71c1c' },
  { tag: tags.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: tags.operator, color: '#444' },
]);
