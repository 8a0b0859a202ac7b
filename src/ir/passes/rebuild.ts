// Rebuilds a function from a subset of its equations with values substituted and renumbered densely (0, 1, ...).
import type { Eqn, IRFunction, ValueId } from '../ir.js';
import { InternalError } from '../../diag/diagnostic.js';

/** `eqns` must be in dependency order; `subst` maps a removed value to the value replacing it. */
export function rebuild(
  fn: IRFunction,
  eqns: readonly Eqn[],
  subst: ReadonlyMap<ValueId, ValueId> = new Map(),
): IRFunction {
  const resolve = (v: ValueId): ValueId => {
    let r = v;
    for (let s = subst.get(r); s !== undefined; s = subst.get(r)) r = s;
    return r;
  };
  const fresh = new Map<ValueId, ValueId>();
  const id = (v: ValueId): ValueId => {
    const n = fresh.get(resolve(v));
    if (n === undefined) throw new InternalError(`%${v} is used but not kept`);
    return n;
  };
  const out: Eqn[] = eqns.map((e, i) => {
    const args = e.args.map(id);
    fresh.set(e.out, i);
    return { ...e, out: i, args };
  });
  const outputs: Record<string, ValueId> = {};
  for (const [k, v] of Object.entries(fn.outputs)) outputs[k] = id(v);
  return { ...fn, eqns: out, outputs };
}
