// Token mutations of program text: delete, duplicate, swap, replace with a token of another kind, insert punctuation,
// odd numbers or unicode, truncate. Whitespace and comments are tokens too, so joining the tokens gives the text back.
import { DISTRIBUTIONS, FUNCTIONS, KEYWORDS } from '../../src/playground/vocabulary.js';
import { AUTOGUIDES, CONSTRAINTS } from '../../src/check/builtins.js';
import type { Rng } from './prng.js';

const TOKEN =
  /\s+|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[A-Za-z_][A-Za-z0-9_]*|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?|&&|\|\||[<>=!]=|[\s\S]/gu;

export const tokenize = (s: string): string[] => s.match(TOKEN) ?? [];

const isSpace = (t: string): boolean => /^\s+$/.test(t) || t.startsWith('//') || t.startsWith('/*');

// The language's words, from the tables the playground's highlighting is checked against (one list each).
export { KEYWORDS, DISTRIBUTIONS, FUNCTIONS };
export { AUTOGUIDES, CONSTRAINTS };
export const PUNCTUATION = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  ':',
  '=',
  '~',
  '+',
  '-',
  '*',
  '/',
  '^',
  '<',
  '>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '!',
  '.',
  '?',
  '@',
  '#',
  '$',
  '%',
  '&',
  '|',
  '\\',
  '`',
  '"',
  "'",
  '/*',
  '*/',
  '//',
];
/** Numbers at the edges: zero, negatives, overflow and underflow, NaN-ish words, huge integers, malformed forms. */
export const ODD_NUMBERS = [
  '0',
  '-1',
  '1',
  '0.0',
  '-0',
  '1e300',
  '-1e300',
  '1e-50',
  '1e-320',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  'inf',
  '99999999999999999999',
  '4294967296',
  '2147483648',
  '9007199254740993',
  '100000000',
  '1e6',
  '.5',
  '5.',
  '1e',
  '1e+',
  '0x10',
  '00',
  '007',
  '1_000',
  '2.5e-3',
];
export const UNICODE = [
  'é',
  'λ',
  'σ²',
  '\u00a0',
  '\u200b',
  '🙂',
  '\ufeff',
  '\u2028',
  '\u0000',
  '\t',
  '\r',
  '\r\n',
  '\u202e',
  'ｓａｍｐｌｅ',
];

/** Every kind of token a replacement may take, beside the program's own names and numbers. */
const POOL = [
  ...KEYWORDS,
  ...DISTRIBUTIONS,
  ...AUTOGUIDES,
  ...FUNCTIONS,
  ...CONSTRAINTS,
  ...PUNCTUATION,
  ...ODD_NUMBERS,
];

/** One token edit; returns the edited tokens. */
function edit(t: string[], r: Rng): void {
  const solid = t.map((x, i) => (isSpace(x) ? -1 : i)).filter((i) => i >= 0);
  if (solid.length === 0) {
    t.push(r.pick(POOL));
    return;
  }
  const k = r.pick(solid);
  const own = [...new Set(solid.map((i) => t[i]!))];
  switch (r.int(9)) {
    case 0:
      t.splice(k, 1);
      return;
    case 1:
      t.splice(k, 0, t[k]!, ' ');
      return;
    case 2: {
      const j = r.pick(solid);
      [t[k], t[j]] = [t[j]!, t[k]!];
      return;
    }
    case 3:
      t[k] = r.chance(0.5) ? r.pick(own) : r.pick(POOL);
      return;
    case 4:
      t.splice(k, 0, r.pick(PUNCTUATION));
      return;
    case 5: {
      // A number, or a name standing where a number was, becomes an odd number.
      const nums = solid.filter((i) => /^[\d.]/.test(t[i]!));
      t[nums.length > 0 ? r.pick(nums) : k] = r.pick(ODD_NUMBERS);
      return;
    }
    case 6:
      t.splice(r.int(t.length + 1), 0, r.pick(UNICODE));
      return;
    case 7:
      t.length = k;
      return;
    default: {
      // Delete a run of tokens (a half statement, a closing brace and what follows).
      t.splice(k, 1 + r.int(6));
      return;
    }
  }
}

/** The text with 1..max random token edits. */
export function mutateTokens(text: string, r: Rng, max = 3): string {
  const t = tokenize(text);
  const n = 1 + r.int(max);
  for (let e = 0; e < n; e++) edit(t, r);
  return t.join('');
}
