// Checks that each site name (sample, observe, param) is used at most once on every program path through a block.
import type { Span } from '../diag/span.js';
import { report, type Ctx } from './scope.js';
import type { TStmt } from './typed.js';

type Seen = Map<string, Span>;

export function checkSitePaths(ctx: Ctx, body: readonly TStmt[]): void {
  walk(ctx, body, new Map());
}

function walk(ctx: Ctx, body: readonly TStmt[], seen: Seen): void {
  for (const s of body) {
    switch (s.kind) {
      case 'Sample':
      case 'Observe':
      case 'Param': {
        if (s.kind === 'Observe' && !ctx.data.has(s.site.name)) break; // not data: already reported
        const prev = seen.get(s.site.name);
        if (prev) {
          report(ctx, 'E0408', s.site.span, { name: s.site.name, line: prev.start.line });
        } else seen.set(s.site.name, s.site.span);
        break;
      }
      case 'Plate':
      case 'Group':
        walk(ctx, s.body, seen);
        break;
      case 'If': {
        // Each branch starts from the names seen so far; afterwards a name from either branch is on some path.
        const a: Seen = new Map(seen);
        const b: Seen = new Map(seen);
        walk(ctx, s.then, a);
        if (s.else) walk(ctx, s.else, b);
        for (const [k, v] of [...a, ...b]) if (!seen.has(k)) seen.set(k, v);
        break;
      }
      case 'Let':
        break;
    }
  }
}
