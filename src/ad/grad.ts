// Reverse-mode AD as an IR-to-IR pass: appends adjoint equations and outputs `grad:<param>` for each named param.
import type { AxisId, Eqn, IRFunction, ValueId } from '../ir/ir.js';
import { Builder } from '../ir/builder.js';
import { attrStr } from '../ir/axes.js';
import { adjointOf } from './rules.js';
import { InternalError } from '../diag/diagnostic.js';

/** Sums out the axes `v` has beyond `axes` and broadcasts along those it lacks. */
export function fitAxes(b: Builder, v: ValueId, axes: readonly AxisId[]): ValueId {
  let r = v;
  for (const a of b.axesOf(v)) if (!axes.includes(a)) r = b.sum(r, a);
  for (const a of axes) if (!b.axesOf(r).includes(a)) r = b.expand(r, a);
  return r;
}

/** Values that depend differentiably on a `param` eqn naming one of `wrt`. */
function activeValues(fn: IRFunction, wrt: ReadonlySet<string>): Set<ValueId> {
  const active = new Set<ValueId>();
  for (const e of fn.eqns) {
    if (e.op === 'param') {
      if (wrt.has(attrStr('param', e.attrs, 'name'))) active.add(e.out);
      continue;
    }
    const info = adjointOf(e.op);
    if (!info.rule) continue;
    if (e.args.some((a, i) => active.has(a) && !info.nondiff.includes(i))) active.add(e.out);
  }
  return active;
}

/** fn plus `grad:<p>` outputs: the gradient of the output `of` (summed if not scalar) w.r.t. each param in `wrt`. */
export function grad(fn: IRFunction, of: string, wrt: readonly string[]): IRFunction {
  const ofId = fn.outputs[of];
  if (ofId === undefined) throw new InternalError(`no output named ${of}`);
  for (const p of wrt) {
    if (!fn.params.some((d) => d.name === p)) throw new InternalError(`no param named ${p}`);
  }
  const wrtSet = new Set(wrt);
  const active = activeValues(fn, wrtSet);
  const b = Builder.from(fn);
  const ct = new Map<ValueId, ValueId>();
  const accumulate = (v: ValueId, c: ValueId): void => {
    const fitted = fitAxes(b, c, b.axesOf(v));
    const prev = ct.get(v);
    ct.set(v, prev === undefined ? fitted : b.add(prev, fitted));
  };
  const byParam = new Map<string, ValueId>();
  if (active.has(ofId)) accumulate(ofId, b.const(1));
  const eqns: readonly Eqn[] = fn.eqns;
  for (let i = eqns.length - 1; i >= 0; i--) {
    const e = eqns[i]!;
    const g = ct.get(e.out);
    if (g === undefined || !active.has(e.out)) continue;
    b.at(e.src, () => {
      if (e.op === 'param') {
        const name = attrStr('param', e.attrs, 'name');
        const prev = byParam.get(name);
        byParam.set(name, prev === undefined ? g : b.add(prev, g));
        return;
      }
      const info = adjointOf(e.op);
      const need = (j: number): boolean => active.has(e.args[j]!) && !info.nondiff.includes(j);
      if (!info.rule) return;
      const contribs = info.rule({ b, eqn: e, g, need });
      contribs.forEach((c, j) => {
        if (c !== null && need(j)) accumulate(e.args[j]!, c);
      });
    });
  }
  const outputs: Record<string, ValueId> = { ...fn.outputs };
  for (const p of wrt) {
    const decl = fn.params.find((d) => d.name === p)!;
    const order = fn.axes.map((a) => a.id).filter((a) => decl.axes.includes(a));
    let g = byParam.get(p) ?? b.const(0);
    g = fitAxes(b, g, order);
    outputs[`grad:${p}`] = g;
  }
  return b.finish(outputs);
}
