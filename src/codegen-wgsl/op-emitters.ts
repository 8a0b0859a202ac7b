// The WGSL of every structural op, one entry each, unrolled over the value's narrow axes (elementwise ops render from
// their records in src/ir/elementwise.ts). An op WGSL cannot do gets an entry saying why.
import type { AxisId, Eqn, ValueId } from '../ir/ir.js';
import type { StructuralOp } from '../ir/ops.js';
import { partAxes, unpackFlatAxes } from '../ir/axes.js';
import { coordsOf, flatOf } from '../ir/tensor.js';
import { streamId } from '../rng/keyed.js';
import { feistelHalfBits } from '../rng/permutation.js';
import { PlanUnsupported } from '../plan/unsupported.js';
import { DATA_BLOCK, blockGroups, prod, type ValueInfo } from '../plan/types.js';
import { dataF, dataV4 } from './data-access.js';
import { f32Literal, valueName } from './literals.js';
import { offsetExpr, type EmitEnv, type Scope } from './emit-scope.js';

/** What an op's emitter sees of the value it emits. */
export interface OpCtx {
  readonly env: EmitEnv;
  readonly scope: Scope;
  readonly v: ValueId;
  readonly e: Eqn;
  readonly vi: ValueInfo;
  /** Unrolled elements of the value (row-major over vi.narrow). */
  readonly n: number;
  size(a: AxisId): number;
  /** The narrow coordinates of element `el`. */
  coords(el: number): Map<AxisId, number>;
  /** The element of argument i at the output's coordinates c (broadcast by axis name). */
  argAt(i: number, c: ReadonlyMap<AxisId, number>): string;
  /** The narrow axes of argument i. */
  argNarrow(i: number): readonly AxisId[];
  /** Binds element `el` to a new `let` holding `expr`. */
  bind(el: number, expr: string): void;
  /** Uses an existing expression as the next element (no `let`). */
  alias(expr: string): void;
}

export type WgslRule = { readonly emit: (c: OpCtx) => void } | { readonly unsupported: string };

const str = (c: OpCtx, k: string): string => c.e.attrs[k] as string;

/** Keyed draws: the element index is row-major over the non-particle axes, the particle its own counter. */
function drawKeys(c: OpCtx): { rest: AxisId[]; particle: AxisId | undefined } {
  const particle = c.e.axes.find(
    (a) => c.env.plan.fn.axes.find((x) => x.id === a)!.role === 'particle',
  );
  return { rest: c.e.axes.filter((a) => a !== particle), particle };
}

/** A draw's particle index as u32 WGSL: the loop's index where the particle axis is wide, else a literal. */
function particleIndex(
  c: OpCtx,
  particle: AxisId | undefined,
  k: ReadonlyMap<AxisId, number>,
): string {
  if (particle === undefined) return '0u';
  return c.scope.wideIndex.get(particle) ?? `${k.get(particle)!}u`;
}

const rngDraw = (fn: 'rng_normal' | 'rng_uniform'): WgslRule => ({
  emit: (c) => {
    const stream = streamId(str(c, 'stream'));
    const { rest, particle } = drawKeys(c);
    for (let el = 0; el < c.n; el++) {
      const k = c.coords(el);
      const elem = offsetExpr(c.env, c.scope, 0, rest, k);
      const part = particleIndex(c, particle, k);
      c.bind(
        el,
        `${fn}(${c.env.seed}, 0x${stream.toString(16)}u, ${c.env.step}, ${elem}, ${part})`,
      );
    }
  },
});

/**
 * The draw and its derivative are separate values; one gamma_draw per element serves both (each call site
 * is a whole rejection loop for the shader compiler).
 */
const gammaDraw = (which: 'x' | 'y'): WgslRule => ({
  emit: (c) => {
    const stream = streamId(str(c, 'stream'));
    const { rest, particle } = drawKeys(c);
    const key = `${stream}|${c.e.args[0]}|${c.e.axes.join(',')}`;
    let pairs = c.scope.draws.get(key);
    if (!pairs) {
      const names: string[] = [];
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        const elem = offsetExpr(c.env, c.scope, 0, rest, k);
        const part = particleIndex(c, particle, k);
        const args = `${c.argAt(0, k)}, ${c.env.seed}, 0x${stream.toString(16)}u, ${c.env.step}, ${elem}, ${part}`;
        const name = `${valueName(c.v, c.n, el)}_gamma`;
        c.scope.lines.push(`${c.scope.indent}let ${name} = gamma_draw(${args});`);
        names.push(name);
      }
      c.scope.draws.set(key, (pairs = names));
    }
    for (let el = 0; el < c.n; el++) c.bind(el, `${pairs[el]!}.${which}`);
  },
});

/** sum and logsumexp over a narrow axis: every term written out. */
const narrowReduce = (kind: 'sum' | 'logsumexp'): WgslRule => ({
  emit: (c) => {
    const ax = str(c, 'axis');
    const len = c.size(ax);
    for (let el = 0; el < c.n; el++) {
      const k = new Map(c.coords(el));
      const terms = Array.from({ length: len }, (_, r) => c.argAt(0, k.set(ax, r)));
      // An empty axis (a plate of size 0, K = 0) reduces to the operation's identity.
      if (len === 0) c.bind(el, kind === 'sum' ? '0.0f' : 'neg_inf_f()');
      else if (kind === 'sum') c.bind(el, terms.join(' + '));
      else {
        const m = valueName(c.v, c.n, el) + '_max';
        c.scope.lines.push(
          `${c.scope.indent}let ${m} = ${terms.reduce((a, b) => `max_f(${a}, ${b})`)};`,
        );
        const s = terms.map((t) => `exp(${t} - ${m})`).join(' + ');
        c.bind(el, `select(${m}, ${m} + log(${s}), is_finite_f(${m}))`);
      }
    }
  },
});

export const STRUCTURAL_WGSL: { readonly [K in StructuralOp]: WgslRule } = {
  // Constants are plan-time literals (ValueInfo.konst); this only runs for a const the plan did not fold.
  const: {
    emit: (c) => {
      for (let el = 0; el < c.n; el++) c.alias(f32Literal(c.e.attrs.value as number));
    },
  },

  param: {
    emit: (c) => {
      const plan = c.env.plan;
      const slot = plan.params.find((p) => p.decl.name === c.e.attrs.name)!;
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        if (slot.domain)
          c.bind(el, `state[${offsetExpr(c.env, c.scope, slot.offset, slot.decl.axes, k)}]`);
        else c.alias(c.env.globalParam(slot, flatOf(slot.decl.axes, slot.shape, k)));
      }
    },
  },

  data: {
    emit: (c) => {
      const plan = c.env.plan;
      const slot = plan.data.find((d) => d.name === c.e.attrs.name)!;
      const dims = c.e.attrs.dims as readonly AxisId[];
      // Data over a subsampled plate's full axis is only read by its gathers (see gather below).
      if (dims.some((a) => plan.fullAxes.has(a))) return;
      // See DataSlot.blocked: one vec4 load per group of four columns this value reads.
      const groups = new Map<number, string>();
      const group = (q: number): string => {
        let name = groups.get(q);
        if (name === undefined) {
          const row = c.scope.wideIndex.get(dims[0]!)!;
          const G = blockGroups(slot.shape);
          name = `v${c.v}_q${q}`;
          const idx = `${slot.offset / 4 + q * DATA_BLOCK}u + (${row} / ${DATA_BLOCK}u) * ${DATA_BLOCK * G}u + (${row} % ${DATA_BLOCK}u)`;
          c.scope.lines.push(`${c.scope.indent}let ${name} = ${dataV4(c.env, idx)};`);
          groups.set(q, name);
        }
        return name;
      };
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        if (!slot.blocked)
          c.bind(el, dataF(c.env, offsetExpr(c.env, c.scope, slot.offset, dims, k)));
        else {
          const col = flatOf(dims.slice(1), dims.slice(1).map(c.size), k);
          c.bind(el, `${group(col >> 2)}.${'xyzw'[col & 3]}`);
        }
      }
    },
  },

  rng_normal: rngDraw('rng_normal'),
  rng_uniform: rngDraw('rng_uniform'),
  rng_gamma: gammaDraw('x'),
  rng_gamma_dalpha: gammaDraw('y'),

  iota: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const w = c.scope.wideIndex.get(ax);
      if (w !== undefined) c.bind(0, `f32(${w})`);
      else for (let el = 0; el < c.n; el++) c.alias(f32Literal(c.coords(el).get(ax)!));
    },
  },

  subsample_index: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const stream = streamId(str(c, 'stream'));
      const full = c.env.plan.subsampleFull.get(ax)!;
      const args = `${c.env.seed}, 0x${stream.toString(16)}u, ${c.env.step}, ${full}u, ${feistelHalfBits(full)}u`;
      const w = c.scope.wideIndex.get(ax);
      if (w !== undefined) c.bind(0, `f32(subsample_index(${args}, ${w}))`);
      else for (let el = 0; el < c.n; el++) c.bind(el, `f32(subsample_index(${args}, ${el}u))`);
    },
  },

  sum: narrowReduce('sum'),
  logsumexp: narrowReduce('logsumexp'),

  expand: {
    emit: (c) => {
      for (let el = 0; el < c.n; el++) c.alias(c.argAt(0, c.coords(el)));
    },
  },

  rename: {
    emit: (c) => {
      const plan = c.env.plan;
      const from = str(c, 'from');
      const to = str(c, 'to');
      if (plan.wideAxes.includes(from) !== plan.wideAxes.includes(to)) {
        throw new PlanUnsupported(
          `renaming the plate ${from} to ${to} across wide and narrow axes`,
        );
      }
      const canon = (a: AxisId): AxisId => plan.wideAlias.get(a) ?? a;
      if (plan.wideAxes.includes(from) && canon(from) !== canon(to))
        throw new PlanUnsupported(`renaming the wide plate ${from}`);
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        const ka = new Map(k);
        if (k.has(to)) {
          ka.delete(to);
          ka.set(from, k.get(to)!);
        }
        c.alias(c.argAt(0, ka));
      }
    },
  },

  gather: {
    emit: (c) => {
      const plan = c.env.plan;
      const ax = str(c, 'axis');
      if (plan.fullAxes.has(ax)) {
        // The table is data over the full axis (the planner checks): read the buffer at the subsample index.
        const t = plan.values.get(c.e.args[0]!)!.eqn;
        const slot = plan.data.find((d) => d.name === t.attrs.name)!;
        const dims = t.attrs.dims as readonly AxisId[];
        for (let el = 0; el < c.n; el++) {
          const k = c.coords(el);
          const at = new Map([[ax, `u32(round(${c.argAt(1, k)}))`]]);
          c.bind(el, dataF(c.env, offsetExpr(c.env, c.scope, slot.offset, dims, k, at)));
        }
        return;
      }
      const len = c.size(ax);
      for (let el = 0; el < c.n; el++) {
        const k = new Map(c.coords(el));
        const idx = `round(${c.argAt(1, k)})`;
        let expr = 'nan_f()';
        for (let r = len - 1; r >= 0; r--)
          expr = `select(${expr}, ${c.argAt(0, new Map(k).set(ax, r))}, ${idx} == ${r}.0)`;
        c.bind(el, expr);
      }
    },
  },

  scatter_add: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const values = c.argNarrow(0);
      const iter = [...new Set([...values, ...c.argNarrow(1)])].filter(
        (a) => a !== ax || values.includes(a),
      );
      const iterShape = iter.map(c.size);
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        const terms: string[] = [];
        for (let u = 0; u < prod(iterShape); u++) {
          const ku = coordsOf(iter, iterShape, u);
          // Iteration points that disagree with this output element on a shared (non-scattered) axis add nothing.
          if ([...ku].some(([a, x]) => a !== ax && k.has(a) && k.get(a) !== x)) continue;
          const full = new Map([...k, ...ku]);
          terms.push(
            `select(0.0, ${c.argAt(0, full)}, round(${c.argAt(1, full)}) == ${k.get(ax)}.0)`,
          );
        }
        c.bind(el, terms.length ? terms.join(' + ') : '0.0');
      }
    },
  },

  pack: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const parts = (c.e.attrs.parts as readonly string[]).map(partAxes);
      const counts = parts.map((p) => prod(p.map(c.size)));
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        let idx = k.get(ax)!;
        let part = 0;
        while (idx >= counts[part]!) idx -= counts[part++]!;
        const pk = new Map(k);
        pk.delete(ax);
        for (const [a, x] of coordsOf(parts[part]!, parts[part]!.map(c.size), idx)) pk.set(a, x);
        c.alias(c.argAt(part, pk));
      }
    },
  },

  unpack: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const parts = (c.e.attrs.parts as readonly string[]).map(partAxes);
      const part = c.e.attrs.part as number;
      const fl = unpackFlatAxes(c.e.attrs);
      let offset = 0;
      for (let j = 0; j < part; j++) offset += prod(parts[j]!.map(c.size));
      for (let el = 0; el < c.n; el++) {
        const k = c.coords(el);
        const ak = new Map(k);
        fl.forEach((a) => ak.delete(a));
        ak.set(ax, offset + flatOf(fl, fl.map(c.size), k));
        c.alias(c.argAt(0, ak));
      }
    },
  },
};
