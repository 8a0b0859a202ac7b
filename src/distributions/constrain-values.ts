// Params' values between unconstrained and constrained space as numbers (no IR): the runtime's side of the bijections.
import type { ConstraintSpec } from '../ir/ir.js';
import { bijectionForConstraint } from './bijections.js';
import { stickBreakingInverse, stickBreakingNumbers } from './simplex.js';

/** Each block of `size` consecutive values through `f` (a simplex's vectors are the last axis, row-major). */
function byVectors(
  values: ArrayLike<number>,
  size: number,
  f: (v: number[]) => number[],
): Float64Array {
  const out = new Float64Array(values.length);
  for (let at = 0; at < values.length; at += size)
    out.set(f(Array.from({ length: size }, (_, k) => values[at + k]!)), at);
  return out;
}

/** Unconstrained values (row-major over `shape`) to constrained ones. */
export function constrainValues(
  spec: ConstraintSpec,
  values: ArrayLike<number>,
  shape: readonly number[],
): Float64Array {
  if (spec.kind === 'simplex')
    return byVectors(values, shape[shape.length - 1] ?? 1, stickBreakingNumbers);
  const { bij, bounds } = bijectionForConstraint(spec);
  return Float64Array.from(values, (u) => bij.forwardNumber(u, bounds));
}

/** Constrained values to unconstrained ones: non-finite where a value lies outside the constraint. */
export function unconstrainValues(
  spec: ConstraintSpec,
  values: ArrayLike<number>,
  shape: readonly number[],
): Float64Array {
  if (spec.kind === 'simplex')
    return byVectors(values, shape[shape.length - 1] ?? 1, stickBreakingInverse);
  const { bij, bounds } = bijectionForConstraint(spec);
  return Float64Array.from(values, (x) => bij.inverse(x, bounds));
}
