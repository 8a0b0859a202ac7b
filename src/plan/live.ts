// The values a step computes: everything the declared outputs need, stopping at plan-time constants.
import type { AxisId, Eqn, IRFunction, ValueId } from '../ir/ir.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { uniformConstants } from '../ir/passes/fold.js';
import { stepRoles, type StepRoles } from '../ir/objective.js';
import type { PlanInput } from './types.js';
import { PlanUnsupported } from './unsupported.js';

/** A string attribute the planner relies on (a malformed equation cannot be planned). */
export function attrOf(e: Eqn, k: string): string {
  const v = e.attrs[k];
  if (typeof v !== 'string') throw new PlanUnsupported(`${e.op} without attribute ${k}`);
  return v;
}

export function liveSet(
  fn: IRFunction,
  konst: ReadonlyMap<ValueId, number>,
  roots: readonly ValueId[],
): Set<ValueId> {
  const byOut = new Map(fn.eqns.map((e) => [e.out, e]));
  const live = new Set<ValueId>();
  const stack = roots.filter((r) => !konst.has(r));
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (live.has(v)) continue;
    live.add(v);
    for (const a of byOut.get(v)!.args) if (!konst.has(a)) stack.push(a);
  }
  return live;
}

/** What every plan starts from: axis sizes, plan-time constants, the outputs by role, and the live values. */
export interface StepValues extends StepRoles {
  readonly axisSizes: ReadonlyMap<AxisId, number>;
  size(a: AxisId): number;
  readonly konst: ReadonlyMap<ValueId, number>;
  /** The loss, the gradients and the estimates: what a step must compute. */
  readonly roots: readonly ValueId[];
  readonly live: Set<ValueId>;
}

export function stepValues(inp: PlanInput): StepValues {
  const { fn } = inp;
  const axisSizes = resolveAxisSizes(fn.axes, inp.sizes);
  const size = (a: AxisId): number => axisSizes.get(a)!;
  const konst = uniformConstants(fn, size);
  const roles = stepRoles({ fn, outputs: inp.outputs });
  const roots = [roles.loss, ...roles.gradOf.values(), ...roles.estimates.map((e) => e.value)];
  return { ...roles, axisSizes, size, konst, roots, live: liveSet(fn, konst, roots) };
}
