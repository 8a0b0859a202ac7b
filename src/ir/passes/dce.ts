// Dead-code elimination: keeps the equations the outputs depend on (params stay declared).
import type { IRFunction, ValueId } from '../ir.js';
import { rebuild } from './rebuild.js';

export function dce(fn: IRFunction): IRFunction {
  const live = new Set<ValueId>(Object.values(fn.outputs));
  for (let i = fn.eqns.length - 1; i >= 0; i--) {
    const e = fn.eqns[i]!;
    if (live.has(e.out)) for (const a of e.args) live.add(a);
  }
  return rebuild(
    fn,
    fn.eqns.filter((e) => live.has(e.out)),
  );
}
