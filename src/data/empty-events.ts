// Finds vectors of length 0 where a distribution needs at least one coordinate: a Categorical over 0 categories, a
// Dirichlet site or a simplex param of length 0 (their densities are undefined, and the kernels have nothing to do).
import type { CheckedProgram, TStmt } from '../check/typed.js';
import type { Args } from '../diag/message.js';
import type { Size } from '../ir/ir.js';

/** Sample and observe statements of a block, in program order, through plates, groups and both branches of ifs. */
export function draws(body: readonly TStmt[]): Extract<TStmt, { kind: 'Sample' | 'Observe' }>[] {
  return body.flatMap((s) =>
    s.kind === 'Sample' || s.kind === 'Observe'
      ? [s]
      : s.kind === 'Plate' || s.kind === 'Group'
        ? draws(s.body)
        : s.kind === 'If'
          ? [...draws(s.then), ...draws(s.else ?? [])]
          : [],
  );
}

/**
 * Reports each size that is 0 where a vector over it must not be empty, once per size, with the statement that
 * needs it. `sizeFrom` names the member that gave or implied the size, where the error is shown.
 */
export function checkEmptyEvents(
  checked: CheckedProgram,
  sizes: ReadonlyMap<string, number>,
  report: (size: string, args: Args<'E0615'>) => void,
): void {
  const seen = new Set<string>();
  const check = (size: Size | null | undefined, site: string, dist: string, line: number): void => {
    if (!size || size.kind !== 'data' || sizes.get(size.name) !== 0 || seen.has(size.name)) return;
    seen.add(size.name);
    report(size.name, { size: size.name, site, dist, line });
  };
  const body = [...checked.model, ...(checked.guide.kind === 'custom' ? checked.guide.body : [])];
  for (const s of draws(body)) {
    const line = s.span.start.line;
    if (s.dist.name === 'Categorical') {
      const v = s.dist.args.probs ?? s.dist.args.logits;
      check(v?.ty.dims[0]?.size, s.site.name, s.dist.name, line);
    }
    check(s.site.event, s.site.name, s.dist.name, line);
  }
  for (const site of checked.sites)
    if (site.role === 'param') check(site.event, site.name, 'simplex', site.span.start.line);
}
