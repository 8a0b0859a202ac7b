// Emits an IR value at an index environment for the loop kernels: a stored value is read, any other recomputed; a
// reduction becomes a loop, and each value is placed in the outermost loop its indices allow (loop-invariant hoisting).
import type { ValueId } from '../ir/ir.js';
import { ELEMENTWISE, isElementwise } from '../ir/elementwise.js';
import { InternalError } from '../diag/diagnostic.js';
import { PlanUnsupported } from '../plan/unsupported.js';
import { f32Literal } from './literals.js';
import { srcComment } from './emit-values.js';
import { TENSOR_WGSL } from './tensor-rules.js';
import {
  flatIndex,
  innermost,
  restrict,
  type Block,
  type Indices,
  type Ref,
  type TensorGen,
} from './tensor-scope.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Value `v` at the indices `idx` (an entry for each of its axes): a name or a literal. */
export function emitAt(g: TensorGen, v: ValueId, idx: Indices): Ref {
  const vi = g.env.plan.values.get(v);
  if (!vi) throw new InternalError(`%${v} is not planned`);
  if (vi.konst !== null) return { expr: f32Literal(vi.konst), at: g.root };
  const e = vi.eqn;
  const refs = e.axes.map((a) => {
    const r = idx.get(a);
    if (!r) throw new InternalError(`%${v} needs an index for ${a}`);
    return r;
  });
  const at = innermost(g.root, refs);
  const key = `${v}|${refs.map((r) => r.expr).join(',')}`;
  for (let b: Block | null = at; b; b = b.parent) {
    const m = b.memo.get(key);
    if (m) return m;
  }
  const own = new Map(e.axes.map((a, i) => [a, refs[i]!]));
  const stored = g.sched.stored.get(v);
  let expr: string;
  if (stored && !g.own.has(v)) expr = `glob[${flatIndex(g.env.plan, stored.offset, e.axes, own)}]`;
  else if (isElementwise(e.op)) {
    const args = e.args.map((a) => emitAt(g, a, restrict(g, a, own)).expr);
    expr = ELEMENTWISE[e.op].wgsl(args);
  } else {
    const rule = TENSOR_WGSL[e.op];
    if ('unsupported' in rule) throw new PlanUnsupported(`${e.op}: ${rule.unsupported}`);
    expr = rule.emit({ g, v, e, idx: own, at, emit: (x, i) => emitAt(g, x, i) });
  }
  let ref: Ref;
  if (IDENT.test(expr) || /^-?[0-9.e+-]+f$/.test(expr)) ref = { expr, at };
  else {
    const name = g.fresh(`v${v}`);
    at.lines.push(`${at.indent}let ${name} = ${expr};${srcComment(e)}`);
    ref = { expr: name, at };
  }
  at.memo.set(key, ref);
  return ref;
}
