// Finds the model's latent sample statements with the plates that enclose each (for the autoguides).
import type { PlateInfo, TDist, TStmt, SiteInfo } from '../check/typed.js';

export interface LatentSite {
  readonly site: SiteInfo;
  readonly dist: TDist;
  readonly plates: readonly PlateInfo[];
}

export function modelLatents(stmts: readonly TStmt[]): LatentSite[] {
  const out: LatentSite[] = [];
  const seen = new Set<string>();
  const visit = (ss: readonly TStmt[], plates: readonly PlateInfo[]): void => {
    for (const s of ss) {
      if (s.kind === 'Sample' && !seen.has(s.site.name)) {
        seen.add(s.site.name);
        out.push({ site: s.site, dist: s.dist, plates });
      } else if (s.kind === 'Plate') visit(s.body, [...plates, s.plate]);
      else if (s.kind === 'Group') visit(s.body, plates);
      else if (s.kind === 'If') {
        visit(s.then, plates);
        if (s.else) visit(s.else, plates);
      }
    }
  };
  visit(stmts, []);
  return out;
}
