// A float32 rewrite before planning: a division by a value broadcast along an axis becomes a multiplication by
// its reciprocal, computed once at the divisor's (smaller) domain. Divisions dominate the hot loops on lavapipe.
import type { Eqn, IRFunction, ValueId } from '../ir/ir.js';
import { rebuild } from '../ir/passes/rebuild.js';

export function hoistReciprocals(fn: IRFunction): IRFunction {
  const axes = new Map<ValueId, readonly string[]>(fn.eqns.map((e) => [e.out, e.axes]));
  let next = Math.max(-1, ...fn.eqns.map((e) => e.out)) + 1;
  const recip = new Map<ValueId, ValueId>();
  const out: Eqn[] = [];
  for (const e of fn.eqns) {
    const d = e.op === 'div' ? e.args[1]! : undefined;
    if (d === undefined || axes.get(d)!.length >= e.axes.length) {
      out.push(e);
      continue;
    }
    let r = recip.get(d);
    if (r === undefined) {
      const one = next++;
      r = next++;
      out.push({ out: one, op: 'const', args: [], attrs: { value: 1 }, axes: [], src: e.src });
      out.push({ out: r, op: 'div', args: [one, d], attrs: {}, axes: axes.get(d)!, src: e.src });
      recip.set(d, r);
    }
    out.push({ ...e, op: 'mul', args: [e.args[0]!, r] });
  }
  return recip.size === 0 ? fn : rebuild(fn, out);
}
