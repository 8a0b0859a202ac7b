// Checks observed data against the support known before run time ({0,1}, non-negative integers, the simplex).
import { unflatten } from '../ir/tensor.js';
import type { CheckedProgram, TExpr, TStmt } from '../check/typed.js';
import type { Args } from '../diag/message.js';
import type { BoundArray } from './bound.js';
import { SUPPORTS } from '../distributions/support-kinds.js';
import { draws } from './empty-events.js';

/** The observe statements of a block, in program order. */
const observes = (body: readonly TStmt[]): Extract<TStmt, { kind: 'Observe' }>[] =>
  draws(body).filter((s): s is Extract<TStmt, { kind: 'Observe' }> => s.kind === 'Observe');

/** A number an argument has before run time: a literal, or a scalar of the data (the runtime loads no checker). */
function known(e: TExpr | undefined, arrays: ReadonlyMap<string, BoundArray>): number | null {
  if (e === undefined) return null;
  if (e.kind === 'Num') return e.value;
  if (e.kind !== 'Name' || e.ref.kind !== 'data') return null;
  const a = arrays.get(e.ref.name);
  return a && a.shape.length === 0 ? (a.values[0] ?? null) : null;
}

/**
 * The largest value an observation may take where its arguments tell before run time: a Categorical's K - 1 (its
 * probs' length), a Binomial's total_count (a constant or a scalar of the data).
 */
function upperBound(
  s: Extract<TStmt, { kind: 'Observe' }>,
  arrays: ReadonlyMap<string, BoundArray>,
  sizes: ReadonlyMap<string, number>,
): { most: number; why: string } | null {
  const args = s.dist.args;
  if (s.dist.name === 'Categorical') {
    const size = (args.probs ?? args.logits)?.ty.dims[0]?.size;
    const k =
      size === undefined ? undefined : size.kind === 'lit' ? size.value : sizes.get(size.name);
    // K = 0 is E0615's to report (no category at all), not an upper bound of -1.
    return k === undefined || k === 0
      ? null
      : { most: k - 1, why: `${k} categories, 0 to ${k - 1}` };
  }
  if (s.dist.name === 'Binomial') {
    const n = known(args.total_count, arrays);
    return n === null ? null : { most: n, why: `total_count ${n}` };
  }
  return null;
}

export function checkObservedSupport(
  checked: CheckedProgram,
  arrays: ReadonlyMap<string, BoundArray>,
  report: (path: string, args: Args<'E0612'>) => void,
  sizes: ReadonlyMap<string, number> = new Map(),
): void {
  for (const s of observes(checked.model)) {
    const bound = upperBound(s, arrays, sizes);
    const a = arrays.get(s.site.name);
    if (!bound || !a) continue;
    const k = a.values.findIndex((v) => v > bound.most);
    if (k < 0) continue;
    const path = s.site.name + indexPath(k, a.shape);
    report(path, {
      variant: 'above',
      path,
      value: a.values[k]!,
      name: s.site.name,
      dist: s.dist.name,
      most: bound.most,
      why: bound.why,
    });
  }
  const seen = new Set<string>();
  for (const s of checked.sites) {
    if (s.role === 'observed' && s.support === 'simplex' && !seen.has(s.name)) {
      seen.add(s.name);
      const a = arrays.get(s.name);
      if (a) checkSimplex(s.name, s.dist ?? '', a, report);
      continue;
    }
    const check = SUPPORTS[s.support].observed;
    if (s.role !== 'observed' || check === null || seen.has(s.name)) continue;
    seen.add(s.name);
    const a = arrays.get(s.name);
    if (!a) continue;
    for (let k = 0; k < a.values.length; k++) {
      const v = a.values[k]!;
      if (check.holds(v)) continue;
      const path = s.name + indexPath(k, a.shape);
      report(path, { variant: check.kind, path, value: v, name: s.name, dist: s.dist ?? '' });
      break;
    }
  }
}

/** Float32 sums of a few coordinates differ from 1 by far less than this; a typo differs by more. */
const SIMPLEX_TOLERANCE = 1e-5;

/** Each vector along the last dim: positive coordinates summing to 1; the first that is not is reported. */
function checkSimplex(
  name: string,
  dist: string,
  a: BoundArray,
  report: (path: string, args: Args<'E0612'>) => void,
): void {
  const k = a.shape[a.shape.length - 1] ?? 1;
  for (let at = 0; at < a.values.length; at += k) {
    let sum = 0;
    let positive = true;
    for (let j = 0; j < k; j++) {
      sum += a.values[at + j]!;
      positive &&= a.values[at + j]! > 0;
    }
    if (positive && Math.abs(sum - 1) <= SIMPLEX_TOLERANCE) continue;
    const path = name + indexPath(at, a.shape).replace(/\[\d+\]$/, '');
    report(path, { variant: 'simplex', path, value: sum, name, dist });
    return;
  }
}

/** The data path of element `flat` of an array (`[1][0]`). */
export function indexPath(flat: number, shape: readonly number[]): string {
  return unflatten(shape, flat)
    .map((i) => `[${i}]`)
    .join('');
}
