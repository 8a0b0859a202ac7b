// The standard cleanup pipeline: CSE, constant folding, CSE again (folding exposes equal consts), DCE.
import type { IRFunction } from '../ir.js';
import { cse } from './cse.js';
import { dce } from './dce.js';
import { fold } from './fold.js';

export function simplify(fn: IRFunction): IRFunction {
  return dce(cse(fold(cse(fn))));
}
