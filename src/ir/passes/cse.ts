// Common-subexpression elimination: an equation identical to an earlier one (op, args, attrs, axes) is replaced by it.
import type { Attrs, Eqn, IRFunction, ValueId } from '../ir.js';
import { rebuild } from './rebuild.js';

/** Attrs as text with sorted keys (keys order must not make two equal equations differ). */
export function attrsKey(attrs: Attrs): string {
  return JSON.stringify(
    Object.keys(attrs)
      .sort()
      .map((k) => [k, attrs[k]]),
  );
}

export function cse(fn: IRFunction): IRFunction {
  const seen = new Map<string, ValueId>();
  const subst = new Map<ValueId, ValueId>();
  const kept: Eqn[] = [];
  const resolve = (v: ValueId): ValueId => subst.get(v) ?? v;
  for (const e of fn.eqns) {
    // Keyed draws are functions of their key, so equal draws are the same values too.
    const key = `${e.op}(${e.args.map(resolve).join(',')})${attrsKey(e.attrs)}[${e.axes.join(',')}]`;
    const prior = seen.get(key);
    if (prior !== undefined) subst.set(e.out, prior);
    else {
      seen.set(key, e.out);
      kept.push(e);
    }
  }
  return rebuild(fn, kept, subst);
}
