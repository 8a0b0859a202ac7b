// Checks observed data of discrete sites against the support that is known before run time ({0,1}, non-negative integers).
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

/** The data path of element `flat` of an array (`[1][0]`). */
export function indexPath(flat: number, shape: readonly number[]): string {
  return unflatten(shape, flat)
    .map((i) => `[${i}]`)
    .join('');
}
