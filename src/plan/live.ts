// The values a step computes: everything the declared outputs need, stopping at plan-time constants.
import type { Eqn, IRFunction, ValueId } from '../ir/ir.js';
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
