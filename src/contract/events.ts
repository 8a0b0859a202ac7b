// Which plates each summed site is combined across (its event) and which it has an index per element of (its home).
import type { AxisId, Eqn } from '../ir/ir.js';
import type { Span } from '../diag/span.js';

/** A site to sum out: its axis and the plates that enclose it in the model. */
export interface SiteAxis {
  readonly axis: AxisId;
  readonly site: string;
  readonly kind: 'ksample' | 'enum';
  readonly plates: readonly AxisId[];
}

export interface EventPlates {
  /** Per site axis: the plates it has an index per element of, and those combined across (its event). */
  readonly home: ReadonlyMap<AxisId, readonly AxisId[]>;
  readonly event: ReadonlyMap<AxisId, readonly AxisId[]>;
  /** Enumerated sites combined across a plate: they cannot be summed element by element. */
  readonly crossed: readonly {
    readonly site: string;
    readonly plate: AxisId;
    readonly src: Span | null;
  }[];
}

/**
 * Plates renamed into one another (movielens reads mu_z[d] of one `plate d` inside another; a custom guide's
 * own plates) are one plate to the contraction: each maps to the first declared of its class.
 */
export function plateClasses(
  eqns: readonly Eqn[],
  plates: readonly AxisId[],
): (p: AxisId) => AxisId {
  const parent = new Map<AxisId, AxisId>();
  const root = (a: AxisId): AxisId => {
    while (parent.has(a)) a = parent.get(a)!;
    return a;
  };
  const rank = new Map(plates.map((p, i) => [p, i]));
  for (const e of eqns) {
    if (e.op !== 'rename') continue;
    const [a, b] = [root(e.attrs.from as AxisId), root(e.attrs.to as AxisId)];
    if (a === b || !rank.has(a) || !rank.has(b)) continue;
    if (rank.get(a)! < rank.get(b)!) parent.set(b, a);
    else parent.set(a, b);
  }
  return root;
}

/** Ops that mix a value's elements along their `axis` attribute. */
const MIXING = new Set(['sum', 'logsumexp', 'gather']);

/**
 * A plate joins a site's event when the site's samples are mixed across its elements: an equation reduces or
 * gathers along the plate a value carrying the site's axis (movielens: dot(z[u], x[u, f]) sums z over d), or a
 * factor holds both this site and another whose event has the plate (z's density reads mu_z[d] inside d, and z
 * is one index over d, so mu_z must be too: else the sum would be over K^D index combinations).
 */
export function eventPlates(
  sites: readonly SiteAxis[],
  eqns: readonly Eqn[],
  factors: readonly (readonly AxisId[])[],
  axesOf: (v: number) => readonly AxisId[],
  canon: (p: AxisId) => AxisId = (p) => p,
): EventPlates {
  const event = new Map(sites.map((s) => [s.axis, new Set<AxisId>()]));
  const plates = new Map(sites.map((s) => [s.axis, s.plates.map(canon)]));
  const crossed: { site: string; plate: AxisId; src: Span | null }[] = [];
  const byAxis = new Map(sites.map((s) => [s.axis, s]));
  const promote = (axis: AxisId, plate: AxisId, src: Span | null): boolean => {
    const ev = event.get(axis)!;
    if (ev.has(plate) || !plates.get(axis)!.includes(plate)) return false;
    ev.add(plate);
    const s = byAxis.get(axis)!;
    if (s.kind === 'enum') crossed.push({ site: s.site, plate, src });
    return true;
  };
  for (const e of eqns) {
    if (!MIXING.has(e.op)) continue;
    const along = canon(e.attrs.axis as AxisId);
    for (const a of axesOf(e.args[0]!)) if (event.has(a)) promote(a, along, e.src);
  }
  // A factor over two copies of one plate pairs up its elements: a mixing of them too.
  for (const f of factors) {
    const seen = new Set<AxisId>();
    for (const p of f) {
      const c = canon(p);
      if (seen.has(c)) for (const v of f) if (event.has(v)) promote(v, c, null);
      seen.add(c);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const f of factors) {
      const vars = f.filter((a) => event.has(a));
      for (const v of vars)
        for (const p of event.get(v)!)
          for (const w of vars) if (w !== v && promote(w, p, null)) changed = true;
    }
  }
  const home = new Map(
    sites.map((s) => [s.axis, s.plates.map(canon).filter((p) => !event.get(s.axis)!.has(p))]),
  );
  const ev = new Map(
    sites.map((s) => [s.axis, s.plates.map(canon).filter((p) => event.get(s.axis)!.has(p))]),
  );
  return { home, event: ev, crossed };
}
