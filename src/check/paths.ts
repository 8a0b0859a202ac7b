// Checks that each site name (sample, observe, param) is used at most once on every program path through a block.
import type { Span } from '../diag/span.js';
import { report, type Ctx } from './scope.js';
import type { TStmt } from './typed.js';

type Seen = Map<string, Span>;

export function checkSitePaths(ctx: Ctx, body: readonly TStmt[]): void {
  walk(ctx, body, new Map());
}

/**
 * Walks `body` adding its site names to `seen`; returns the names it added, so that an `if` can take one branch's
 * back out before walking the other (copying `seen` per branch made 10000 `if`s quadratic).
 */
function walk(ctx: Ctx, body: readonly TStmt[], seen: Seen): string[] {
  const added: string[] = [];
  const addAll = (names: readonly string[]): void => {
    for (const k of names) added.push(k);
  };
  for (const s of body) {
    switch (s.kind) {
      case 'Sample':
      case 'Observe':
      case 'Param': {
        if (s.kind === 'Observe' && !ctx.data.has(s.site.name)) break; // not data: already reported
        const prev = seen.get(s.site.name);
        if (prev) {
          report(ctx, 'E0408', s.site.span, { name: s.site.name, line: prev.start.line });
        } else {
          seen.set(s.site.name, s.site.span);
          added.push(s.site.name);
        }
        break;
      }
      case 'Plate':
      case 'Group':
        addAll(walk(ctx, s.body, seen));
        break;
      case 'If': {
        // Each branch starts from the names seen so far; afterwards a name from either branch is on some path
        // (where both have it, the then branch's span).
        const fromThen = walk(ctx, s.then, seen).map((k): [string, Span] => [k, seen.get(k)!]);
        for (const [k] of fromThen) seen.delete(k);
        const fromElse = s.else ? walk(ctx, s.else, seen) : [];
        addAll(fromElse);
        for (const [k, v] of fromThen) {
          if (!seen.has(k)) added.push(k);
          seen.set(k, v);
        }
        break;
      }
      case 'Let':
        break;
    }
  }
  return added;
}
