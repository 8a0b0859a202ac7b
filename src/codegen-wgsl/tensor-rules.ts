// The WGSL of every structural op in the loop kernels, one entry each: the value at a tile of index environments (a
// reduction is one loop for the whole tile; a gather substitutes an index). The unrolled kernels' are op-emitters.ts.
import type { AxisId, Eqn, ValueId } from '../ir/ir.js';
import type { StructuralOp } from '../ir/ops.js';
import { streamId } from '../rng/keyed.js';
import { dataF } from './data-access.js';
import { f32Literal } from './literals.js';
import {
  flatIndex,
  innermost,
  load,
  loopOver,
  restrict,
  type Block,
  type Indices,
  type Ref,
  type TensorGen,
} from './tensor-scope.js';

export interface TensorCtx {
  readonly g: TensorGen;
  readonly v: ValueId;
  readonly e: Eqn;
  /** The tile's elements: an index for each of the value's axes. */
  readonly idxs: readonly Indices[];
  /** The block each element is bound in (the outermost its indices allow). */
  readonly ats: readonly Block[];
  /** Other values at some indices (the emitter, passed in: the rules and the emitter would import each other). */
  emit(v: ValueId, idxs: readonly Indices[]): Ref[];
}

export type TensorRule =
  { readonly emit: (c: TensorCtx) => Ref[] } | { readonly unsupported: string };

/** Sums of more terms than this are blocked (see sum). */
const BLOCKED_SUM_MIN = 32;

const str = (c: TensorCtx, k: string): string => c.e.attrs[k] as string;
const sizeOf = (c: TensorCtx, a: AxisId): number => c.g.env.plan.axisSizes.get(a)!;
const axesOf = (c: TensorCtx, v: ValueId): readonly AxisId[] =>
  c.g.env.plan.values.get(v)!.eqn.axes;

/** Each element on its own: `f` gives its expression. */
const each = (c: TensorCtx, f: (idx: Indices, at: Block) => string): Ref[] =>
  c.idxs.map((idx, j) => ({ expr: f(idx, c.ats[j]!), at: c.ats[j]! }));

/** Argument `i` at the tile's indices, relabelled by `map`. */
const argTile = (c: TensorCtx, i: number, map: (idx: Indices) => Indices = (x) => x): Ref[] => {
  const a = c.e.args[i]!;
  return c.emit(
    a,
    c.idxs.map((idx) => restrict(c.g, a, map(idx))),
  );
};

/** Keyed draws as the CPU's: the element is row-major over the non-particle axes, the particle its own counter. */
function drawKeys(c: TensorCtx, idx: Indices): { elem: string; part: string } {
  const axes = c.g.env.plan.fn.axes;
  const particle = c.e.axes.find((a) => axes.find((x) => x.id === a)!.role === 'particle');
  const rest = c.e.axes.filter((a) => a !== particle);
  return {
    elem: flatIndex(c.g.env.plan, 0, rest, idx),
    part: particle === undefined ? '0u' : idx.get(particle)!.expr,
  };
}

const rngDraw = (fn: 'rng_normal' | 'rng_uniform'): TensorRule => ({
  emit: (c) =>
    each(c, (idx) => {
      const { elem, part } = drawKeys(c, idx);
      return `${fn}(${c.g.env.seed}, 0x${streamId(str(c, 'stream')).toString(16)}u, ${c.g.env.step}, ${elem}, ${part})`;
    }),
});

const gammaDraw = (which: 'x' | 'y'): TensorRule => ({
  emit: (c) => {
    const alpha = argTile(c, 0);
    return each(c, (idx) => {
      const { elem, part } = drawKeys(c, idx);
      const j = c.idxs.indexOf(idx);
      return `gamma_draw(${alpha[j]!.expr}, ${c.g.env.seed}, 0x${streamId(str(c, 'stream')).toString(16)}u, ${c.g.env.step}, ${elem}, ${part}).${which}`;
    });
  },
});

/** The block a reduction's loop runs in: the innermost of the tile's (the accumulators live there). */
const loopHome = (c: TensorCtx): Block =>
  innermost(
    c.g.root,
    c.ats.map((at) => ({ expr: '', at })),
  );

/** `a` at each element's indices with `ax` at the loop index `i`. */
const withIndex = (c: TensorCtx, ax: AxisId, i: Ref): Indices[] =>
  c.idxs.map((idx) => new Map(idx).set(ax, i));

/** One loop over `ax` (blocked when long, see sum) adding `term(j)` into `acc[j]` for the tile. */
function sumLoop(c: TensorCtx, home: Block, ax: AxisId, accs: readonly string[]): void {
  const a = c.e.args[0]!;
  const n = sizeOf(c, ax);
  const add = (i: Ref, inner: Block, into: readonly string[]): void => {
    const xs = c.emit(
      a,
      withIndex(c, ax, i).map((idx) => restrict(c.g, a, idx)),
    );
    xs.forEach((x, j) => inner.lines.push(`${inner.indent}${into[j]} += ${x.expr};`));
  };
  if (n <= BLOCKED_SUM_MIN) {
    loopOver(c.g, home, n, (i, inner) => add(i, inner, accs));
    return;
  }
  // Blocks of about sqrt(n) terms summed apart: the rounding error of a float32 sum of n terms then grows as
  // 2 sqrt(n), not n (a plate sum over users of log-likelihoods in the thousands).
  const B = Math.ceil(Math.sqrt(n));
  loopOver(c.g, home, Math.ceil(n / B), (ib, outer) => {
    const parts = accs.map(() => c.g.fresh('part'));
    for (const p of parts) outer.lines.push(`${outer.indent}var ${p} = 0.0;`);
    loopOver(c.g, outer, B, (jb, inner) => {
      const i = c.g.fresh('i');
      inner.lines.push(`${inner.indent}let ${i} = ${ib.expr} * ${B}u + ${jb.expr};`);
      if (n % B !== 0) inner.lines.push(`${inner.indent}if (${i} >= ${n}u) { break; }`);
      add({ expr: i, at: inner }, inner, parts);
    });
    parts.forEach((p, j) => outer.lines.push(`${outer.indent}${accs[j]} += ${p};`));
  });
}

export const TENSOR_WGSL: { readonly [K in StructuralOp]: TensorRule } = {
  const: { emit: (c) => each(c, () => f32Literal(c.e.attrs.value as number)) },

  param: {
    emit: (c) => {
      const slot = c.g.env.plan.params.find((p) => p.decl.name === c.e.attrs.name)!;
      return each(c, (idx, at) =>
        load(c.g, at, `state[${flatIndex(c.g.env.plan, slot.offset, slot.decl.axes, idx)}]`),
      );
    },
  },

  data: {
    emit: (c) => {
      const slot = c.g.env.plan.data.find((d) => d.name === c.e.attrs.name)!;
      const dims = c.e.attrs.dims as readonly AxisId[];
      return each(c, (idx, at) =>
        load(c.g, at, dataF(c.g.env, flatIndex(c.g.env.plan, slot.offset, dims, idx))),
      );
    },
  },

  rng_normal: rngDraw('rng_normal'),
  rng_uniform: rngDraw('rng_uniform'),
  rng_gamma: gammaDraw('x'),
  rng_gamma_dalpha: gammaDraw('y'),

  iota: { emit: (c) => each(c, (idx) => `f32(${idx.get(str(c, 'axis'))!.expr})`) },

  subsample_index: { unsupported: 'the loop kernels do not subsample plates yet' },

  sum: {
    emit: (c) => {
      const home = loopHome(c);
      const accs = c.idxs.map(() => c.g.fresh('acc'));
      for (const a of accs) home.lines.push(`${home.indent}var ${a} = 0.0;`);
      sumLoop(c, home, str(c, 'axis'), accs);
      return accs.map((expr) => ({ expr, at: home }));
    },
  },

  // One pass (a running maximum rescales the sum): every term is computed once.
  logsumexp: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const home = loopHome(c);
      const ms = c.idxs.map(() => c.g.fresh('mx'));
      const ss = c.idxs.map(() => c.g.fresh('se'));
      ms.forEach((m, j) => {
        home.lines.push(`${home.indent}var ${m} = neg_inf_f();`);
        home.lines.push(`${home.indent}var ${ss[j]} = 0.0;`);
      });
      const a = c.e.args[0]!;
      loopOver(c.g, home, sizeOf(c, ax), (i, inner) => {
        const xs = c.emit(
          a,
          withIndex(c, ax, i).map((idx) => restrict(c.g, a, idx)),
        );
        xs.forEach(({ expr: x }, j) => {
          const [m, s] = [ms[j]!, ss[j]!];
          inner.lines.push(
            `${inner.indent}if (${x} > ${m}) { ${s} = ${s} * exp(${m} - ${x}) + 1.0; ${m} = ${x}; } else { ${s} += exp(${x} - ${m}); }`,
          );
        });
      });
      return ms.map((m, j) => ({
        expr: `select(${m}, ${m} + log(${ss[j]}), is_finite_f(${m}))`,
        at: home,
      }));
    },
  },

  expand: { emit: (c) => argTile(c, 0) },

  rename: {
    emit: (c) => {
      const from = str(c, 'from');
      const to = str(c, 'to');
      return argTile(c, 0, (idx) => {
        const m = new Map(idx);
        m.delete(to);
        return m.set(from, idx.get(to)!);
      });
    },
  },

  // NaN where the index is out of range, as the CPU.
  gather: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const n = sizeOf(c, ax);
      const ks = argTile(c, 1);
      const rounded = ks.map((k) => {
        const r = c.g.fresh('k');
        const u = c.g.fresh('ku');
        k.at.lines.push(`${k.at.indent}let ${r} = round(${k.expr});`);
        k.at.lines.push(`${k.at.indent}let ${u} = u32(clamp(${r}, 0.0, ${n - 1}.0));`);
        return { r, u: { expr: u, at: k.at } };
      });
      const t = c.e.args[0]!;
      const xs = c.emit(
        t,
        c.idxs.map((idx, j) => restrict(c.g, t, new Map(idx).set(ax, rounded[j]!.u))),
      );
      return xs.map((x, j) => {
        const r = rounded[j]!;
        return {
          expr: `select(nan_f(), ${x.expr}, ${r.r} >= 0.0 && ${r.r} < ${n}.0)`,
          at: innermost(c.g.root, [{ expr: '', at: c.ats[j]! }, x, r.u]),
        };
      });
    },
  },

  // Every term whose index names this output element along `axis`: a loop over the scattered axes.
  scatter_add: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const [vals, ix] = [c.e.args[0]!, c.e.args[1]!];
      const fixed = c.e.axes.filter((a) => a !== ax);
      const iter = [...new Set([...axesOf(c, vals), ...axesOf(c, ix)])].filter(
        (a) => !fixed.includes(a),
      );
      const home = loopHome(c);
      const accs = c.idxs.map(() => c.g.fresh('acc'));
      for (const a of accs) home.lines.push(`${home.indent}var ${a} = 0.0;`);
      const nest = (j: number, idxs: readonly Map<AxisId, Ref>[], block: Block): void => {
        if (j === iter.length) {
          const ks = c.emit(
            ix,
            idxs.map((idx) => restrict(c.g, ix, idx)),
          );
          const xs = c.emit(
            vals,
            idxs.map((idx) => restrict(c.g, vals, idx)),
          );
          c.idxs.forEach((o, t) =>
            block.lines.push(
              `${block.indent}if (round(${ks[t]!.expr}) == f32(${o.get(ax)!.expr})) { ${accs[t]} += ${xs[t]!.expr}; }`,
            ),
          );
          return;
        }
        loopOver(c.g, block, sizeOf(c, iter[j]!), (i, inner) =>
          nest(
            j + 1,
            idxs.map((idx) => new Map(idx).set(iter[j]!, i)),
            inner,
          ),
        );
      };
      nest(
        0,
        c.idxs.map((idx) => new Map([...idx].filter(([a]) => a !== ax))),
        home,
      );
      return accs.map((expr) => ({ expr, at: home }));
    },
  },

  pack: { unsupported: 'the loop kernels do not pack vectors yet (a joint Normal guide)' },
  unpack: { unsupported: 'the loop kernels do not unpack vectors yet (a joint Normal guide)' },
};
