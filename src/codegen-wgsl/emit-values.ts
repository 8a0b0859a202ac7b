// Emits the WGSL of one IR value, unrolled over its narrow axes (one `let` per element; wide axes are loop indices).
import type { AxisId, Eqn, ValueId } from '../ir/ir.js';
import { ELEMENTWISE, isElementwise } from '../ir/elementwise.js';
import { coordsOf, flatOf } from '../ir/tensor.js';
import { InternalError } from '../diag/diagnostic.js';
import { PlanUnsupported } from '../plan/unsupported.js';
import { f32Literal, foldLiterals, valueName } from './literals.js';
import { STRUCTURAL_WGSL, type OpCtx } from './op-emitters.js';
import type { EmitEnv, Scope } from './emit-scope.js';

export function srcComment(eqn: Eqn): string {
  return eqn.src ? ` // line ${eqn.src.start.line}` : '';
}

/** Emits value `v` into `scope` (its arguments must already be bound). */
export function emitValue(env: EmitEnv, scope: Scope, v: ValueId): void {
  const { plan } = env;
  const vi = plan.values.get(v)!;
  const e = vi.eqn;
  const size = (a: AxisId): number => plan.axisSizes.get(a)!;
  const shape = vi.narrow.map(size);
  const n = vi.count;
  if (vi.konst !== null) {
    scope.refs.set(v, new Array<string>(n).fill(f32Literal(vi.konst)));
    return;
  }
  const argRefs = e.args.map((a) => {
    const r = scope.refs.get(a);
    if (r) return r;
    const ai = plan.values.get(a)!;
    if (ai.konst !== null) return new Array<string>(ai.count).fill(f32Literal(ai.konst));
    throw new InternalError(`%${a} is not bound before %${v}`);
  });
  const argNarrow = e.args.map((a) => plan.values.get(a)!.narrow);
  const argShape = argNarrow.map((ax) => ax.map(size));
  const out: string[] = [];
  const c: OpCtx = {
    env,
    scope,
    v,
    e,
    vi,
    n,
    size,
    coords: (el) => coordsOf(vi.narrow, shape, el),
    argAt: (i, k) => argRefs[i]![flatOf(argNarrow[i]!, argShape[i]!, k)]!,
    argNarrow: (i) => argNarrow[i]!,
    bind: (el, expr) => {
      const name = valueName(v, n, el);
      scope.lines.push(`${scope.indent}let ${name} = ${expr};`);
      out.push(name);
    },
    alias: (expr) => void out.push(expr),
  };
  const first = scope.lines.length;
  if (isElementwise(e.op)) {
    const { wgsl: render, f64 } = ELEMENTWISE[e.op];
    for (let el = 0; el < n; el++) {
      const k = c.coords(el);
      const args = e.args.map((_, i) => c.argAt(i, k));
      const folded = foldLiterals(f64, args);
      if (folded !== null) c.alias(folded);
      else c.bind(el, render(args));
    }
  } else {
    const rule = STRUCTURAL_WGSL[e.op];
    if ('unsupported' in rule) throw new PlanUnsupported(`${e.op}: ${rule.unsupported}`);
    rule.emit(c);
  }
  if (scope.lines.length > first) scope.lines[first] += srcComment(e);
  scope.refs.set(v, out);
}
