// How deep a program nests, read off its tokens before the (recursive) parser runs: too deep is E0117 at the token.
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

/**
 * The deepest nesting a program may have. The parser recurses about a dozen calls per parenthesis, so Node's
 * default stack holds some 160 of them; 100 leaves room for the caller's frames and for the passes after it
 * (which recurse once per level too). Long chains `a + b + ... + z` do not nest: they are lists.
 */
export const MAX_NESTING = 100;

const OPEN = new Set<TokenType>([T.LParen, T.LBracket, T.LBrace]);
const CLOSE = new Set<TokenType>([T.RParen, T.RBracket, T.RBrace]);
/** Tokens after which a `-` is binary and a `[` indexes: the ends of operands. */
const OPERAND_END = new Set<TokenType>([T.Identifier, T.NumberLiteral, T.RParen, T.RBracket]);

/**
 * `else if` nests the rest of the chain (an else block holding one if), but costs the parser about a sixth of
 * what a parenthesis does: every fifth one in a chain opens a level (500 in a row at most).
 */
export const ELSE_IFS_PER_LEVEL = 5;

/** Levels opened by `n` else-ifs of one chain. */
const elseIfLevels = (n: number): number => Math.ceil(n / ELSE_IFS_PER_LEVEL);

/**
 * The first token at which the nesting passes MAX_NESTING, or null. A level is opened by each bracket, brace or
 * parenthesis (closed with it), and by each prefix `-` or `!`, each `^` and each `[...]` after another (`x[i][j]`),
 * which nest their operand until the next other operator at the same bracket level (`-a + -b` nests one, not two);
 * and by every fifth `else if` of a chain, until the next statement at the same bracket level.
 */
export function tooDeep(tokens: readonly IToken[]): IToken | null {
  // Per open bracket: the prefix and `^` levels of the operand being read inside it, and its else-if chain's length.
  const chains: number[] = [0];
  const elseIfs: number[] = [0];
  let depth = 0;
  let prev: TokenType | null = null;
  for (const t of tokens) {
    const type = t.tokenType;
    const top = chains.length - 1;
    const chain = (): void => {
      chains[top]!++;
      depth++;
    };
    if (OPEN.has(type)) {
      if (type === T.LBracket && prev === T.RBracket) chain();
      chains.push(0);
      elseIfs.push(0);
      depth++;
    } else if (CLOSE.has(type)) {
      if (top > 0) depth -= 1 + chains.pop()! + elseIfLevels(elseIfs.pop()!);
    } else if (
      type === T.Caret ||
      ((type === T.Minus || type === T.Bang) && (prev === null || !OPERAND_END.has(prev)))
    )
      chain();
    else if (type !== T.Identifier && type !== T.NumberLiteral) {
      // Any other operator, separator or keyword ends the operand: its prefix levels close.
      depth -= chains[top]!;
      chains[top] = 0;
      if (type === T.If && prev === T.Else) {
        depth += elseIfLevels(elseIfs[top]! + 1) - elseIfLevels(elseIfs[top]!);
        elseIfs[top]!++;
      } else if (T.statementStarts.has(type)) {
        // The next statement of the block: the chain has ended.
        depth -= elseIfLevels(elseIfs[top]!);
        elseIfs[top] = 0;
      }
    }
    if (depth > MAX_NESTING) return t;
    prev = type;
  }
  return null;
}
