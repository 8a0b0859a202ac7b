// The contraction's order, chosen at compile time: tensor variable elimination on the plated factor graph (Obermeyer et al. 2019).
import type {
  ContractionFactor,
  ContractionPlan,
  ContractionStep,
  ContractionVar,
} from '../ir/contraction.js';
import type { AxisId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';

/** A factor to contract: a label and the axes of its value. */
export interface FactorAxes {
  readonly label: string;
  readonly axes: readonly AxisId[];
}

interface Live {
  readonly id: number;
  readonly vars: readonly AxisId[];
  readonly plates: readonly AxisId[];
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * Plates are contracted innermost first: at the largest plate set L, the vars with an index per element of
 * exactly L are summed out of the factors over L (greedily, the var whose sum makes the smallest factor first),
 * then each factor over L is multiplied out (summed in log space) over the plates none of its remaining vars
 * needs. What is left is plate-free and summed out last. No factor ever spans more vars than the graph needs.
 */
export function planContraction(
  vars: readonly ContractionVar[],
  input: readonly FactorAxes[],
  plateAxes: ReadonlySet<AxisId>,
): ContractionPlan {
  const home = new Map(vars.map((v) => [v.axis, v.home]));
  const varOrder = vars.map((v) => v.axis);
  const ordered = (xs: Iterable<AxisId>): AxisId[] => {
    const s = new Set(xs);
    return varOrder.filter((v) => s.has(v));
  };
  const factors: ContractionFactor[] = input.map((f, id) => {
    const fv = ordered(f.axes.filter((a) => home.has(a)));
    const needed = new Set(fv.flatMap((v) => home.get(v)!));
    const plates = f.axes.filter((a) => plateAxes.has(a));
    return {
      id,
      label: f.label,
      vars: fv,
      plates: plates.filter((p) => needed.has(p)),
      early: plates.filter((p) => !needed.has(p)),
    };
  });
  let live: Live[] = factors.map((f) => ({ id: f.id, vars: f.vars, plates: f.plates }));
  const steps: ContractionStep[] = [];
  let next = factors.length;
  let widest = Math.max(0, ...live.map((f) => f.vars.length));

  const eliminate = (todo: AxisId[], plates: readonly AxisId[]): void => {
    while (todo.length > 0) {
      const union = (v: AxisId): AxisId[] =>
        ordered(live.filter((f) => f.vars.includes(v)).flatMap((f) => f.vars));
      let best = todo[0]!;
      for (const v of todo) if (union(v).length < union(best).length) best = v;
      const inputs = live.filter((f) => f.vars.includes(best));
      if (inputs.some((f) => !sameSet(f.plates, plates)))
        throw new InternalError(`${best} meets a factor outside its plates`);
      const out: Live = { id: next++, vars: union(best).filter((v) => v !== best), plates };
      widest = Math.max(widest, out.vars.length + 1);
      steps.push({
        kind: 'eliminate',
        axis: best,
        inputs: inputs.map((f) => f.id),
        out: out.id,
        vars: out.vars,
        plates: out.plates,
      });
      live = [...live.filter((f) => !inputs.includes(f)), out];
      todo.splice(todo.indexOf(best), 1);
    }
  };

  for (;;) {
    const plated = live.filter((f) => f.plates.length > 0);
    if (plated.length === 0) break;
    const L = plated.reduce((a, f) => (f.plates.length > a.plates.length ? f : a)).plates;
    const local = varOrder.filter(
      (v) => sameSet(home.get(v)!, L) && live.some((f) => f.vars.includes(v)),
    );
    eliminate(local, L);
    live = live.map((f) => {
      if (!sameSet(f.plates, L)) return f;
      const keep = new Set(f.vars.flatMap((v) => home.get(v)!));
      let cur = f;
      for (const p of [...L].reverse()) {
        if (keep.has(p)) continue;
        const out: Live = {
          id: next++,
          vars: cur.vars,
          plates: cur.plates.filter((q) => q !== p),
        };
        steps.push({
          kind: 'product',
          plate: p,
          input: cur.id,
          out: out.id,
          vars: out.vars,
          plates: out.plates,
        });
        cur = out;
      }
      if (cur === f) throw new InternalError(`no plate of f${f.id} can be multiplied out`);
      return cur;
    });
  }
  eliminate(
    varOrder.filter((v) => live.some((f) => f.vars.includes(v))),
    [],
  );
  return { vars, factors, steps, result: live.map((f) => f.id), widest };
}
