// Shrinks a failing case to a smaller one that fails the same way (delta debugging over lines, then tokens, of a program;
// over the arguments of a command), within a budget of tries.
import { tokenize } from './tokens.js';

/** The smallest sublist found that still fails: chunks of halving size are removed while the failure stays. */
export async function shrinkList<T>(
  items: readonly T[],
  fails: (xs: readonly T[]) => Promise<boolean>,
  budget: { tries: number },
): Promise<T[]> {
  let cur = [...items];
  for (
    let chunk = Math.max(1, Math.floor(cur.length / 2));
    chunk >= 1;
    chunk = Math.floor(chunk / 2)
  ) {
    for (let at = cur.length - chunk; at >= 0 && budget.tries > 0; at -= chunk) {
      const cand = [...cur.slice(0, at), ...cur.slice(at + chunk)];
      budget.tries--;
      if (await fails(cand)) cur = cand;
    }
    if (budget.tries <= 0) break;
  }
  return cur;
}

/** A program text shrunk by lines, then by tokens, while `fails` holds. */
export async function shrinkText(
  text: string,
  fails: (t: string) => Promise<boolean>,
  tries = 250,
): Promise<string> {
  const budget = { tries };
  const lines = await shrinkList(text.split('\n'), (ls) => fails(ls.join('\n')), budget);
  const tokens = await shrinkList(tokenize(lines.join('\n')), (ts) => fails(ts.join('')), budget);
  return tokens.join('');
}
