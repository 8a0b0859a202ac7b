// Checks observed data against the support known before run time ({0,1}, non-negative integers, the simplex).
import { unflatten } from '../ir/tensor.js';
import type { CheckedProgram } from '../check/typed.js';
import type { Args } from '../diag/message.js';
import type { BoundArray } from './bound.js';
import { SUPPORTS } from '../distributions/support-kinds.js';

export function checkObservedSupport(
  checked: CheckedProgram,
  arrays: ReadonlyMap<string, BoundArray>,
  report: (path: string, args: Args<'E0612'>) => void,
): void {
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
