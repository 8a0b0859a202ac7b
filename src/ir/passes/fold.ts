// Constant folding, both kinds side by side in float64 as the CPU computes: the IR pass (scalar constants, x*1, x+0,
// x-0, x/1) and the planner's uniform constants (values equal to one constant at every element).
import type { AxisId, Eqn, IRFunction, ValueId } from '../ir.js';
import { ELEMENTWISE, isElementwise } from '../elementwise.js';
import { attrStr } from '../axes.js';
import { rebuild } from './rebuild.js';

export function fold(fn: IRFunction): IRFunction {
  const consts = new Map<ValueId, number>();
  const axesOf = new Map<ValueId, readonly string[]>();
  const subst = new Map<ValueId, ValueId>();
  const kept: Eqn[] = [];
  const resolve = (v: ValueId): ValueId => subst.get(v) ?? v;
  for (const e0 of fn.eqns) {
    const e: Eqn = { ...e0, args: e0.args.map(resolve) };
    axesOf.set(e.out, e.axes);
    const cs = e.args.map((a) => consts.get(a));
    if (e.op === 'const') consts.set(e.out, e.attrs['value'] as number);
    if (isElementwise(e.op) && e.axes.length === 0 && cs.every((c) => c !== undefined)) {
      const value = ELEMENTWISE[e.op].f64(...(cs as number[]));
      consts.set(e.out, value);
      kept.push({ out: e.out, op: 'const', args: [], attrs: { value }, axes: [], src: e.src });
      continue;
    }
    // An identity only applies when the kept operand already has the result's axes (no broadcast lost).
    const same = (v: ValueId): boolean => axesOf.get(v)!.join(',') === e.axes.join(',');
    const [a, b] = e.args;
    const is = (v: ValueId | undefined, k: number): boolean =>
      v !== undefined && consts.get(v) === k;
    let to: ValueId | undefined;
    if (e.op === 'mul' && is(b, 1) && same(a!)) to = a;
    else if (e.op === 'mul' && is(a, 1) && same(b!)) to = b;
    else if (e.op === 'add' && is(b, 0) && same(a!)) to = a;
    else if (e.op === 'add' && is(a, 0) && same(b!)) to = b;
    else if ((e.op === 'sub' || e.op === 'div') && is(b, e.op === 'sub' ? 0 : 1) && same(a!))
      to = a;
    else if (e.op === 'select' && cs[0] !== undefined) {
      // A condition known at compile time (an argument check on a constant) picks its branch.
      const pick = cs[0] !== 0 ? e.args[1]! : e.args[2]!;
      if (same(pick)) to = pick;
    }
    if (to !== undefined) subst.set(e.out, to);
    else kept.push(e);
  }
  return rebuild(fn, kept, subst);
}

/**
 * Values equal to one constant at every element (folded through elementwise ops, broadcasts, renames and
 * sums), for the kernel planner: they become WGSL literals. Sums add in order, as the interpreter does, so
 * a folded value is the CPU's to the last bit.
 */
export function uniformConstants(
  fn: IRFunction,
  size: (a: AxisId) => number,
): Map<ValueId, number> {
  const k = new Map<ValueId, number>();
  for (const e of fn.eqns) {
    const a = e.args.map((x) => k.get(x));
    const all = a.every((x) => x !== undefined) && a.length > 0;
    let v: number | undefined;
    if (e.op === 'const') v = e.attrs.value as number;
    else if (!all) v = undefined;
    else if (isElementwise(e.op)) v = ELEMENTWISE[e.op].f64(...(a as number[]));
    else if (e.op === 'expand' || e.op === 'rename') v = a[0];
    else if (e.op === 'sum') {
      let s = 0;
      for (let r = 0; r < size(attrStr('sum', e.attrs, 'axis')); r++) s += a[0]!;
      v = s;
    }
    if (v !== undefined) k.set(e.out, v);
  }
  return k;
}
