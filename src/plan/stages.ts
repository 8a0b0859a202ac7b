// Stages and reductions: each live value's domain (the wide plates it runs over) and level, the plate sums that
// end a stage, and the loops (one per domain and stage) that compute them.
import type { AxisId, IRFunction, ValueId } from '../ir/ir.js';
import type { Domain, Loop, ParamSlot, Reduction, ValueInfo } from './types.js';
import { prod } from './types.js';
import { PlanUnsupported } from './unsupported.js';

/** Ops that a loop over a wide plate cannot run along that plate (only `sum` reduces a wide plate). */
const NOT_IN_WIDE_LOOP = new Set(['gather', 'scatter_add', 'pack', 'unpack', 'logsumexp']);

/**
 * The most elements of one value a thread unrolls: beyond it the shader grows past what compilers accept
 * (Dawn's parser fails on K = 1000 samples unrolled).
 */
export const MAX_UNROLLED = 1024;

export interface Staged {
  readonly values: Map<ValueId, ValueInfo>;
  readonly domains: readonly Domain[];
  readonly reductions: readonly { readonly out: ValueId; readonly arg: ValueId }[];
  domainOf(axes: readonly AxisId[]): Domain | null;
}

/** Every equation's domain and level; a value that reads a wide value outside its domain must be a sum of it. */
export function stageValues(
  fn: IRFunction,
  live: ReadonlySet<ValueId>,
  konst: ReadonlyMap<ValueId, number>,
  wideSet: ReadonlySet<AxisId>,
  wideAlias: ReadonlyMap<AxisId, AxisId>,
  fullAxes: ReadonlySet<AxisId>,
  size: (a: AxisId) => number,
): Staged {
  const rank = new Map(fn.axes.map((a, i) => [a.id, i]));
  const domains = new Map<string, Domain>();
  const domainOf = (axes: readonly AxisId[]): Domain | null => {
    let w = axes.filter((a) => wideSet.has(a));
    if (w.some((a) => wideAlias.has(a))) {
      w = [...new Set(w.map((a) => wideAlias.get(a) ?? a))].sort(
        (a, b) => rank.get(a)! - rank.get(b)!,
      );
      if (w.length < axes.filter((a) => wideSet.has(a)).length)
        throw new PlanUnsupported(`a value over two copies of the wide plate ${w.join(', ')}`);
    }
    if (w.length === 0) return null;
    const key = w.join(',');
    let d = domains.get(key);
    if (!d) domains.set(key, (d = { key, axes: w, size: prod(w.map(size)) }));
    return d;
  };
  const values = new Map<ValueId, ValueInfo>();
  const reductions: { out: ValueId; arg: ValueId }[] = [];
  for (const e of fn.eqns) {
    const k = konst.get(e.out);
    const domain = domainOf(e.axes);
    const narrow = e.axes.filter((a) => !wideSet.has(a));
    let level = 0;
    if (k === undefined && live.has(e.out)) {
      for (const a of e.args) {
        const ai = values.get(a)!;
        if (ai.konst !== null) continue;
        if (ai.domain && !domain) {
          if (e.op !== 'sum')
            throw new PlanUnsupported(
              `${e.op} over the wide plate ${ai.wide.join(', ')} (only sums reduce a wide plate)`,
            );
          level = Math.max(level, ai.level + 1);
          reductions.push({ out: e.out, arg: a });
        } else if (ai.domain && domain && ai.domain !== domain) {
          throw new PlanUnsupported(
            `${e.op} mixes the wide plates ${ai.domain.key} and ${domain.key}`,
          );
        } else level = Math.max(level, ai.level);
      }
      if (domain && NOT_IN_WIDE_LOOP.has(e.op)) {
        const ax = typeof e.attrs.axis === 'string' ? e.attrs.axis : '';
        const indexed = e.op === 'gather' && fullAxes.has(ax);
        if (!indexed && (wideSet.has(ax) || e.op === 'gather' || e.op === 'scatter_add')) {
          throw new PlanUnsupported(`${e.op} inside the wide plate ${domain.key}`);
        }
      }
    }
    const count = prod(narrow.map(size));
    if (count > MAX_UNROLLED && live.has(e.out) && k === undefined)
      throw new PlanUnsupported(
        `a value of ${count} elements per thread over ${narrow.join(' x ')} (the kernels unroll at most ${MAX_UNROLLED}; larger K is run on the CPU)`,
      );
    values.set(e.out, {
      eqn: e,
      wide: e.axes.filter((a) => wideSet.has(a)),
      narrow,
      count,
      domain,
      level,
      konst: k ?? null,
    });
  }
  return { values, domains: [...domains.values()], reductions, domainOf };
}

/**
 * The loops: one per (domain, stage) with reductions, plus the update loop of each domain with wide params
 * (at the domain's last stage); each reduction's accumulators get an offset in the totals layout.
 */
export function planLoops(
  liveList: readonly ValueId[],
  values: ReadonlyMap<ValueId, ValueInfo>,
  reductions: readonly { readonly out: ValueId; readonly arg: ValueId }[],
  params: readonly ParamSlot[],
): { loops: Loop[]; totalsLength: number } {
  const lastWide = new Map<string, number>();
  for (const v of liveList) {
    const vi = values.get(v)!;
    if (vi.domain)
      lastWide.set(vi.domain.key, Math.max(lastWide.get(vi.domain.key) ?? 0, vi.level));
  }
  const loopMap = new Map<
    string,
    { domain: Domain; k: number; reductions: Reduction[]; updates: ParamSlot[] }
  >();
  const loopAt = (d: Domain, k: number) => {
    const key = `${k}|${d.key}`;
    let l = loopMap.get(key);
    if (!l) loopMap.set(key, (l = { domain: d, k, reductions: [], updates: [] }));
    return l;
  };
  let totalsLength = 0;
  for (const r of reductions) {
    const ai = values.get(r.arg)!;
    const count = values.get(r.out)!.count;
    loopAt(ai.domain!, ai.level).reductions.push({ ...r, count, offset: totalsLength });
    totalsLength += count;
  }
  for (const p of params) {
    if (!p.domain || p.grad === undefined) continue;
    loopAt(p.domain, lastWide.get(p.domain.key) ?? 0).updates.push(p);
  }
  const loops = [...loopMap.values()].sort(
    (a, b) => a.k - b.k || (a.domain.key < b.domain.key ? -1 : 1),
  );
  return { loops, totalsLength };
}

/** The stage that ends a step: after every loop, and at least the level of every global root. */
export function lastStageOf(
  roots: readonly ValueId[],
  values: ReadonlyMap<ValueId, ValueInfo>,
  loops: readonly Loop[],
): number {
  let last = 0;
  for (const r of roots) {
    const vi = values.get(r)!;
    if (!vi.domain && vi.konst === null) last = Math.max(last, vi.level);
  }
  for (const l of loops) last = Math.max(last, l.k + 1);
  return last;
}
