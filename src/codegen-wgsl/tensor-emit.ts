// Emits IR values at index environments for the loop kernels: a stored value is read, any other recomputed; each
// value is placed in the outermost loop its indices allow (loop-invariant hoisting). A thread computes a tile of
// elements at once: the tile's reductions share one loop, so reads that do not depend on a tiled axis are shared.
import type { ValueId } from '../ir/ir.js';
import { ELEMENTWISE, isElementwise } from '../ir/elementwise.js';
import { InternalError } from '../diag/diagnostic.js';
import { PlanUnsupported } from '../plan/unsupported.js';
import { f32Literal, foldLiterals } from './literals.js';
import { srcComment } from './emit-values.js';
import { TENSOR_WGSL } from './tensor-rules.js';
import {
  flatIndex,
  innermost,
  load,
  restrict,
  type Block,
  type Indices,
  type Ref,
  type TensorGen,
} from './tensor-scope.js';

const TRIVIAL = /^([A-Za-z_][A-Za-z0-9_]*|-?[0-9.e+-]+f)$/;

/** Value `v` at each of the indices `idxs` (an entry for each of its axes): names or literals. */
export function emitTile(g: TensorGen, v: ValueId, idxs: readonly Indices[]): Ref[] {
  const vi = g.env.plan.values.get(v);
  if (!vi) throw new InternalError(`%${v} is not planned`);
  if (vi.konst !== null) return idxs.map(() => ({ expr: f32Literal(vi.konst!), at: g.root }));
  const e = vi.eqn;
  const out: (Ref | null)[] = [];
  // The elements not bound yet, once each (a tile may name one element twice: along an axis it lacks).
  const todo = new Map<string, { idx: Indices; at: Block; slots: number[] }>();
  idxs.forEach((idx, j) => {
    const refs = e.axes.map((a) => {
      const r = idx.get(a);
      if (!r) throw new InternalError(`%${v} needs an index for ${a}`);
      return r;
    });
    const at = innermost(g.root, refs);
    const key = `${v}|${refs.map((r) => r.expr).join(',')}`;
    let hit: Ref | undefined;
    for (let b: Block | null = at; b && !hit; b = b.parent) hit = b.memo.get(key);
    out.push(hit ?? null);
    if (hit) return;
    const t = todo.get(key);
    if (t) t.slots.push(j);
    else todo.set(key, { idx: new Map(e.axes.map((a, i) => [a, refs[i]!])), at, slots: [j] });
  });
  if (todo.size === 0) return out as Ref[];
  const list = [...todo.entries()];
  const own = list.map(([, t]) => t.idx);
  let made: Ref[];
  const stored = g.sched.stored.get(v);
  if (stored && !g.own.has(v))
    made = list.map(([, t]) => ({
      expr: load(g, t.at, `glob[${flatIndex(g.env.plan, stored.offset, e.axes, t.idx)}]`),
      at: t.at,
    }));
  else if (isElementwise(e.op)) {
    const { wgsl: render, f64 } = ELEMENTWISE[e.op];
    const args = e.args.map((a) =>
      emitTile(
        g,
        a,
        own.map((idx) => restrict(g, a, idx)),
      ),
    );
    made = list.map(([, t], j) => {
      const xs = args.map((r) => r[j]!.expr);
      return { expr: foldLiterals(f64, xs) ?? render(xs), at: t.at };
    });
  } else {
    const rule = TENSOR_WGSL[e.op];
    if ('unsupported' in rule) throw new PlanUnsupported(`${e.op}: ${rule.unsupported}`);
    made = rule.emit({
      g,
      v,
      e,
      idxs: own,
      ats: list.map(([, t]) => t.at),
      emit: (x, i) => emitTile(g, x, i),
    });
  }
  list.forEach(([key, t], j) => {
    let ref = made[j]!;
    if (!TRIVIAL.test(ref.expr)) {
      const name = g.fresh(`v${v}`);
      ref.at.lines.push(`${ref.at.indent}let ${name} = ${ref.expr};${srcComment(e)}`);
      ref = { expr: name, at: ref.at };
    }
    ref.at.memo.set(key, ref);
    for (const s of t.slots) out[s] = ref;
  });
  return out as Ref[];
}

/** Value `v` at one index environment. */
export const emitAt = (g: TensorGen, v: ValueId, idx: Indices): Ref => emitTile(g, v, [idx])[0]!;
