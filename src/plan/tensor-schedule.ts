// Loop kernels for programs too wide to unroll (many samples per latent): which values are stored between dispatches,
// and the levels of dispatches that compute them, each thread one element, everything else recomputed in registers.
import type { AxisId, Eqn, ValueId } from '../ir/ir.js';
import { ELEMENTWISE, isElementwise } from '../ir/elementwise.js';
import {
  prod,
  type StoredValue,
  type TensorLevel,
  type TensorPart,
  type TensorSchedule,
} from './types.js';

/** No stored value is larger (a bigger one is recomputed where it is read: a K^3 x U contraction term). */
export const STORE_MAX = 1 << 23;
/** Words of `glob` a schedule aims to stay within (60 MB: with the data and params, a fit stays under 64 MB). */
export const GLOB_BUDGET = 15_000_000;
/** A reduction with fewer outputs than this stores its argument, so that the terms are computed in parallel. */
const PARALLEL_MIN = 8192;
/** Recomputing a value cheaper than this (in rough instruction units) beats a load from storage. */
const STORE_MIN_COST = 6;

/** Values that are only a read or a relabelling: never stored (their arguments carry the cost). */
const FREE: ReadonlySet<string> = new Set(['const', 'param', 'data', 'iota', 'expand', 'rename']);

function ownCost(e: Eqn): number {
  if (isElementwise(e.op)) return ELEMENTWISE[e.op].cost ?? 1;
  switch (e.op) {
    case 'rng_normal':
    case 'rng_uniform':
      return 30;
    case 'rng_gamma':
    case 'rng_gamma_dalpha':
      return 200;
    case 'param':
    case 'data':
    case 'gather':
      return 2;
    default:
      return 1;
  }
}

export function scheduleTensor(
  eqns: readonly Eqn[],
  live: ReadonlySet<ValueId>,
  konst: ReadonlyMap<ValueId, number>,
  roots: readonly ValueId[],
  size: (a: AxisId) => number,
): TensorSchedule {
  const order = eqns.filter((e) => live.has(e.out));
  const byOut = new Map(order.map((e) => [e.out, e]));
  const count = (v: ValueId): number => prod(byOut.get(v)!.axes.map(size));
  const args = (e: Eqn): ValueId[] => e.args.filter((a) => !konst.has(a) && byOut.has(a));
  /** Terms of argument `a` evaluated per element of `e` (a reduction or scatter reads many). */
  const fanIn = (e: Eqn, a: ValueId): number =>
    e.op === 'sum' || e.op === 'logsumexp' || e.op === 'scatter_add'
      ? Math.max(1, count(a) / Math.max(1, count(e.out)))
      : 1;

  // Nothing wider than the widest product of factors the contraction sums (a log-sum-exp's argument) is stored:
  // a value over every sample axis and an event axis besides (K^3 x U x D) is recomputed where read.
  const widest = Math.max(
    0,
    ...order.filter((e) => e.op === 'logsumexp').map((e) => count(e.args[0]!)),
  );
  const storeMax = widest > 0 ? Math.min(STORE_MAX, widest) : STORE_MAX;
  /** A schedule storing every value the cost model picks, except those in `skip`. */
  const attempt = (skip: ReadonlySet<ValueId>): TensorSchedule => {
    const stored = new Set(roots.filter((r) => byOut.has(r)));
    // Arguments of small reductions are stored so that their terms run one per thread.
    for (const e of order)
      if ((e.op === 'sum' || e.op === 'logsumexp') && count(e.out) < PARALLEL_MIN)
        for (const a of args(e))
          if (!FREE.has(byOut.get(a)!.op) && count(a) <= storeMax && !skip.has(a)) stored.add(a);

    // How often each element would be evaluated if recomputed wherever read (consumers first).
    const rep = new Map<ValueId, number>();
    for (let i = order.length - 1; i >= 0; i--) {
      const e = order[i]!;
      const r = stored.has(e.out) ? 1 : (rep.get(e.out) ?? 1);
      for (const a of args(e)) {
        const per = (r * count(e.out) * fanIn(e, a)) / count(a);
        rep.set(a, (rep.get(a) ?? 0) + per);
      }
    }
    const cost = new Map<ValueId, number>();
    const inline = new Map<ValueId, number>();
    for (const e of order) {
      let c = ownCost(e);
      for (const a of args(e)) c += (stored.has(a) ? 2 : cost.get(a)!) * fanIn(e, a);
      if (
        !stored.has(e.out) &&
        !skip.has(e.out) &&
        !FREE.has(e.op) &&
        count(e.out) <= storeMax &&
        (rep.get(e.out) ?? 1) > 1.5 &&
        c >= STORE_MIN_COST
      )
        stored.add(e.out);
      cost.set(e.out, stored.has(e.out) ? 2 : c);
      inline.set(e.out, c);
    }

    // Levels: a stored value read at its own element through elementwise ops only shares the reader's dispatch.
    const level = new Map<ValueId, number>();
    /** The last level that reads each stored value (its words are free for later levels after it). */
    const lastRead = new Map<ValueId, number>();
    const sameAxes = (a: ValueId, b: ValueId): boolean =>
      byOut.get(a)!.axes.join(',') === byOut.get(b)!.axes.join(',');
    for (const e of order) {
      if (!stored.has(e.out)) continue;
      let lv = 0;
      const deps: ValueId[] = [];
      const seen = new Set<string>();
      const walk = (x: ValueId, aligned: boolean): void => {
        const key = `${x}|${aligned}`;
        if (seen.has(key)) return;
        seen.add(key);
        if (x !== e.out && stored.has(x)) {
          lv = Math.max(lv, level.get(x)! + (aligned && sameAxes(x, e.out) ? 0 : 1));
          deps.push(x);
          return;
        }
        const xe = byOut.get(x)!;
        for (const a of args(xe)) walk(a, aligned && isElementwise(xe.op));
      };
      walk(e.out, true);
      level.set(e.out, lv);
      for (const x of deps) lastRead.set(x, Math.max(lastRead.get(x) ?? 0, lv));
    }

    const storedList = order.filter((e) => stored.has(e.out));
    const nLevels = Math.max(0, ...storedList.map((e) => level.get(e.out)! + 1));
    const levels: TensorLevel[] = [];
    const out = new Map<ValueId, StoredValue>();
    // Words are shared by values whose lives (first level written to last level read; outputs to the end) are disjoint.
    const lives: { from: number; to: number; offset: number; count: number }[] = [];
    const rootSet = new Set(roots);
    const place = (v: ValueId, from: number): number => {
      const to = rootSet.has(v) ? nLevels : Math.max(from, lastRead.get(v) ?? from);
      const n = count(v);
      const busy = lives
        .filter((x) => x.from <= to && from <= x.to)
        .sort((a, b) => a.offset - b.offset);
      let at = 0;
      for (const b of busy) {
        if (at + n <= b.offset) break;
        at = Math.max(at, b.offset + b.count);
      }
      lives.push({ from, to, offset: at, count: n });
      return at;
    };
    for (let l = 0; l < nLevels; l++) {
      const parts = new Map<string, { axes: readonly AxisId[]; values: ValueId[] }>();
      for (const e of storedList) {
        if (level.get(e.out) !== l) continue;
        const key = e.axes.join(',');
        const p = parts.get(key) ?? { axes: e.axes, values: [] };
        p.values.push(e.out);
        parts.set(key, p);
        out.set(e.out, {
          value: e.out,
          axes: e.axes,
          count: count(e.out),
          offset: place(e.out, l),
          until: lives[lives.length - 1]!.to,
          level: l,
          cost: inline.get(e.out)!,
        });
      }
      let elements = 0;
      const list = [...parts.values()].map((p): TensorPart => {
        const n = prod(p.axes.map(size));
        const part = { axes: p.axes, count: n, values: p.values };
        elements += n;
        return part;
      });
      levels.push({ parts: list, elements });
    }
    const words = Math.max(0, ...lives.map((x) => x.offset + x.count));
    return { stored: out, levels, globLength: words + 1, flag: words };
  };
  // Over the memory budget, the cheapest of the large stored values to recompute (the largest of equals) is
  // recomputed instead, until the schedule fits: a contraction keeps its costly factor, not what follows from it.
  const skip = new Set<ValueId>();
  const rootSet = new Set(roots);
  for (;;) {
    const s = attempt(skip);
    if (s.globLength <= GLOB_BUDGET) return s;
    const candidates = [...s.stored.values()].filter((x) => !rootSet.has(x.value));
    if (candidates.length === 0) return s;
    const large = Math.max(...candidates.map((x) => x.count)) / 8;
    const worst = candidates
      .filter((x) => x.count >= large)
      .reduce((m, x) => (x.cost < m.cost || (x.cost === m.cost && x.count > m.count) ? x : m));
    skip.add(worst.value);
  }
}
