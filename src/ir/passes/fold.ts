// Constant folding of scalar const-only elementwise equations and algebraic identities (x*1, x+0, x-0, x/1).
import type { Eqn, IRFunction, ValueId } from '../ir.js';
import { BINARY, TERNARY, UNARY } from '../scalar.js';
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
    const f = UNARY[e.op] ?? BINARY[e.op] ?? TERNARY[e.op];
    if (e.op === 'const') consts.set(e.out, e.attrs['value'] as number);
    if (f && e.args.length > 0 && cs.every((c) => c !== undefined) && e.axes.length === 0) {
      const value = (f as (...x: number[]) => number)(...(cs as number[]));
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
    if (to !== undefined) subst.set(e.out, to);
    else kept.push(e);
  }
  return rebuild(fn, kept, subst);
}
