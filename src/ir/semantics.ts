// The CPU semantics of every IR op: elementwise ops from their records, one entry per structural op; each compiles an equation (sizes known) to a kernel.
import type { Axis, AxisId, Eqn, OpName, ParamDecl } from './ir.js';
import type { StructuralOp } from './ops.js';
import { ELEMENTWISE, isElementwise } from './elementwise.js';
import { attrList, attrNum, attrStr, partAxes, unpackFlatAxes } from './axes.js';
import { indexMap, numel, strideMap, stridesOf } from './tensor.js';
import { standardNormal, streamId, uniform01 } from '../rng/keyed.js';
import { gammaDraw } from '../rng/gamma-draw.js';
import { subsampleIndices } from '../rng/permutation.js';
import { InternalError } from '../diag/diagnostic.js';

export interface EvalEnv {
  /** Integer data sizes by name (plate sizes given by a data name, subsample sizes, ...). */
  readonly sizes: ReadonlyMap<string, number>;
  /** Data arrays, row-major over their own dimensions. */
  readonly data: ReadonlyMap<
    string,
    { readonly shape: readonly number[]; readonly values: Float64Array }
  >;
  /** Unconstrained params, row-major over the param's declared axes. */
  readonly params: ReadonlyMap<string, Float64Array>;
  readonly seed: number;
  readonly step: number;
}

/** What a kernel compiler knows about one equation once sizes are resolved. */
export interface EqnCtx {
  readonly eqn: Eqn;
  readonly argAxes: readonly (readonly AxisId[])[];
  readonly outShape: readonly number[];
  readonly outSize: number;
  size(a: AxisId): number;
  axis(a: AxisId): Axis;
  param(name: string): ParamDecl;
}

/** Computes the equation's output (row-major over its axes) from its arguments' values. */
export type Kernel = (args: readonly Float64Array[], env: EvalEnv) => Float64Array;

const shapeOf = (c: EqnCtx, axes: readonly AxisId[]): number[] => axes.map((a) => c.size(a));

const sameAxes = (a: readonly AxisId[], b: readonly AxisId[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Out flat index -> argument flat index (null: the identity). */
function argMap(c: EqnCtx, i: number): Int32Array | null {
  const ax = c.argAxes[i]!;
  if (sameAxes(ax, c.eqn.axes)) return null;
  return indexMap(c.eqn.axes, c.outShape, strideMap(ax, shapeOf(c, ax)));
}

type Access = 'id' | 'scalar' | 'map';

function access(c: EqnCtx, i: number): { kind: Access; map: Int32Array | null } {
  const ax = c.argAxes[i]!;
  if (sameAxes(ax, c.eqn.axes)) return { kind: 'id', map: null };
  if (ax.length === 0) return { kind: 'scalar', map: null };
  return { kind: 'map', map: argMap(c, i) };
}

/**
 * An elementwise kernel writing into a buffer reused across runs. The loop is generated per equation
 * (new Function, the op named in the source so V8's eval cache does not share feedback across ops) so
 * that the call of `f` stays monomorphic and is inlined: several times faster than one shared loop.
 */
function elementwiseKernel(arity: number, f: (...x: number[]) => number): (c: EqnCtx) => Kernel {
  return (c) => {
    const acc = Array.from({ length: arity }, (_, i) => access(c, i));
    const pre = acc.map((x, i) => (x.kind === 'scalar' ? `const s${i} = a${i}[0];` : '')).join(' ');
    const read = acc.map((x, i) =>
      x.kind === 'id' ? `a${i}[i]` : x.kind === 'scalar' ? `s${i}` : `a${i}[m${i}[i]]`,
    );
    const params = acc.map((_, i) => `a${i}, m${i}`).join(', ');
    const src = `/* ${c.eqn.op} */ return function (o, n, ${params}) { ${pre} for (let i = 0; i < n; i++) o[i] = f(${read.join(', ')}); return o; };`;
    const loop = new Function('f', src)(f) as (...x: unknown[]) => Float64Array;
    const o = new Float64Array(c.outSize);
    const n = c.outSize;
    return (args) => {
      const xs: unknown[] = [o, n];
      acc.forEach((x, i) => xs.push(args[i], x.map));
      return loop(...xs);
    };
  };
}

const identity = elementwiseKernel(1, (x) => x!);

/**
 * A reduction's argument is laid out [outer, axis, inner] and its output [outer, inner] (removing one
 * axis keeps the canonical order of the others), so no index map is needed.
 */
function reduceShape(c: EqnCtx): { outer: number; len: number; inner: number } {
  const ax = c.argAxes[0]!;
  const k = ax.indexOf(attrStr(c.eqn.op, c.eqn.attrs, 'axis'));
  const sh = shapeOf(c, ax);
  return { outer: numel(sh.slice(0, k)), len: sh[k]!, inner: numel(sh.slice(k + 1)) };
}

/** The key coordinates of a keyed draw: element = row-major index over non-particle axes, particle = particle index. */
function drawKeys(c: EqnCtx): { elem: Int32Array; part: Int32Array } {
  const axes = c.eqn.axes;
  const pAxis = axes.find((a) => c.axis(a).role === 'particle');
  const rest = axes.filter((a) => a !== pAxis);
  const elem = indexMap(axes, c.outShape, strideMap(rest, shapeOf(c, rest)));
  const part = indexMap(axes, c.outShape, new Map(pAxis === undefined ? [] : [[pAxis, 1]]));
  return { elem, part };
}

/** Reads a row-major array over `srcAxes` (in that physical order) into the equation's canonical layout. */
function relayout(
  c: EqnCtx,
  srcAxes: readonly AxisId[],
): ((v: Float64Array) => Float64Array) | null {
  if (sameAxes(srcAxes, c.eqn.axes)) return null;
  const m = indexMap(c.eqn.axes, c.outShape, strideMap(srcAxes, shapeOf(c, srcAxes)));
  const o = new Float64Array(m.length);
  return (v) => {
    for (let i = 0; i < m.length; i++) o[i] = v[m[i]!]!;
    return o;
  };
}

function gammaKernel(c: EqnCtx, which: 0 | 1): Kernel {
  const { elem, part } = drawKeys(c);
  const m = argMap(c, 0) ?? new Int32Array(c.outSize).map((_, i) => i);
  const stream = streamId(attrStr(c.eqn.op, c.eqn.attrs, 'stream'));
  const o = new Float64Array(c.outSize);
  return ([alpha], env) => {
    for (let i = 0; i < o.length; i++) {
      o[i] = gammaDraw(alpha![m[i]!]!, env.seed, stream, env.step, elem[i]!, part[i]!)[which];
    }
    return o;
  };
}

function rngKernel(c: EqnCtx, draw: typeof uniform01): Kernel {
  const { elem, part } = drawKeys(c);
  const stream = streamId(attrStr(c.eqn.op, c.eqn.attrs, 'stream'));
  const o = new Float64Array(c.outSize);
  return (_args, env) => {
    for (let i = 0; i < o.length; i++) o[i] = draw(env.seed, stream, env.step, elem[i]!, part[i]!);
    return o;
  };
}

/** Compiles an equation of op `op` to its kernel. */
export function semanticsOf(op: OpName): (c: EqnCtx) => Kernel {
  if (!isElementwise(op)) return STRUCTURAL_SEMANTICS[op];
  const r = ELEMENTWISE[op];
  return elementwiseKernel(r.arity, r.f64);
}

const STRUCTURAL_SEMANTICS: { readonly [K in StructuralOp]: (c: EqnCtx) => Kernel } = {
  const: (c) => {
    const v = attrNum('const', c.eqn.attrs, 'value');
    return () => Float64Array.of(v);
  },

  // A data array, its dimensions labelled by `dims`; transposed when that is not the canonical order.
  data: (c) => {
    const name = attrStr('data', c.eqn.attrs, 'name');
    const dims = attrList('data', c.eqn.attrs, 'dims');
    const want = shapeOf(c, dims);
    const re = relayout(c, dims);
    return (_args, env) => {
      const d = env.data.get(name);
      if (!d) throw new InternalError(`no data named ${name}`);
      if (d.shape.length !== want.length || d.shape.some((s, i) => s !== want[i])) {
        throw new InternalError(`data ${name} has shape [${d.shape}], expected [${want}]`);
      }
      return re ? re(d.values) : d.values;
    };
  },

  param: (c) => {
    const p = c.param(attrStr('param', c.eqn.attrs, 'name'));
    const re = relayout(c, p.axes);
    return (_args, env) => {
      const v = env.params.get(p.name);
      if (!v) throw new InternalError(`no value for param ${p.name}`);
      if (v.length !== c.outSize)
        throw new InternalError(`param ${p.name} has ${v.length} values, expected ${c.outSize}`);
      return re ? re(v) : v;
    };
  },

  rng_normal: (c) => rngKernel(c, standardNormal),
  rng_uniform: (c) => rngKernel(c, uniform01),
  rng_gamma: (c) => gammaKernel(c, 0),
  rng_gamma_dalpha: (c) => gammaKernel(c, 1),

  iota: (c) => {
    const out = Float64Array.from({ length: c.outSize }, (_, i) => i);
    return () => out;
  },

  subsample_index: (c) => {
    const ax = c.axis(attrStr('subsample_index', c.eqn.attrs, 'axis'));
    const stream = streamId(attrStr('subsample_index', c.eqn.attrs, 'stream'));
    const b = c.size(ax.id);
    return (_args, env) => {
      const full =
        ax.full === undefined
          ? b
          : ax.full.kind === 'lit'
            ? ax.full.value
            : env.sizes.get(ax.full.name);
      if (full === undefined) throw new InternalError(`no size for the full plate of ${ax.id}`);
      return subsampleIndices(env.seed, stream, env.step, full, b);
    };
  },

  sum: (c) => {
    const { outer, len, inner } = reduceShape(c);
    const o = new Float64Array(c.outSize);
    return ([a]) => {
      o.fill(0);
      for (let p = 0; p < outer; p++) {
        for (let r = 0; r < len; r++) {
          const src = (p * len + r) * inner;
          const dst = p * inner;
          for (let q = 0; q < inner; q++) o[dst + q]! += a![src + q]!;
        }
      }
      return o;
    };
  },

  // max + log sum exp(x - max); an infinite max is the result itself (all -inf gives -inf).
  logsumexp: (c) => {
    const { outer, len, inner } = reduceShape(c);
    const o = new Float64Array(c.outSize);
    return ([a]) => {
      for (let p = 0; p < outer; p++) {
        for (let q = 0; q < inner; q++) {
          let mx = -Infinity;
          for (let r = 0; r < len; r++) mx = Math.max(mx, a![(p * len + r) * inner + q]!);
          let s = 0;
          if (Number.isFinite(mx))
            for (let r = 0; r < len; r++) s += Math.exp(a![(p * len + r) * inner + q]! - mx);
          o[p * inner + q] = Number.isFinite(mx) ? mx + Math.log(s) : mx;
        }
      }
      return o;
    };
  },

  expand: identity,

  // Same elements, one axis relabelled (same size); the canonical position of the label may move.
  rename: (c) => {
    const from = attrStr('rename', c.eqn.attrs, 'from');
    const to = attrStr('rename', c.eqn.attrs, 'to');
    const src = c.argAxes[0]!;
    const st = stridesOf(shapeOf(c, src));
    const m = indexMap(
      c.eqn.axes,
      c.outShape,
      new Map(src.map((a, i) => [a === from ? to : a, st[i]!])),
    );
    const o = new Float64Array(m.length);
    return ([a]) => {
      for (let i = 0; i < m.length; i++) o[i] = a![m[i]!]!;
      return o;
    };
  },

  // out[..] = table[.., axis = round(index[..]), ..]; NaN where the index is out of range.
  gather: (c) => {
    const ax = attrStr('gather', c.eqn.attrs, 'axis');
    const tAxes = c.argAxes[0]!;
    const tStride = strideMap(tAxes, shapeOf(c, tAxes));
    const axStride = tStride.get(ax)!;
    tStride.delete(ax);
    const base = indexMap(c.eqn.axes, c.outShape, tStride);
    const im = indexMap(
      c.eqn.axes,
      c.outShape,
      strideMap(c.argAxes[1]!, shapeOf(c, c.argAxes[1]!)),
    );
    const len = c.size(ax);
    const o = new Float64Array(c.outSize);
    return ([t, idx]) => {
      for (let i = 0; i < o.length; i++) {
        const k = Math.round(idx![im[i]!]!);
        o[i] = k >= 0 && k < len ? t![base[i]! + k * axStride]! : NaN;
      }
      return o;
    };
  },

  // zeros over `into`; values[u] added at (into less axis = u's coordinates, axis = index[u]); out-of-range dropped.
  scatter_add: (c) => {
    const ax = attrStr('scatter_add', c.eqn.attrs, 'axis');
    const [gAxes, iAxes] = [c.argAxes[0]!, c.argAxes[1]!];
    const outAxes = c.eqn.axes;
    const order = [...gAxes, ...iAxes, ...outAxes.filter((a) => a !== ax)];
    const iter = [...new Set(order)];
    const iterShape = shapeOf(c, iter);
    const oStride = strideMap(outAxes, c.outShape);
    const axStride = oStride.get(ax)!;
    oStride.delete(ax);
    const base = indexMap(iter, iterShape, oStride);
    const gm = indexMap(iter, iterShape, strideMap(gAxes, shapeOf(c, gAxes)));
    const im = indexMap(iter, iterShape, strideMap(iAxes, shapeOf(c, iAxes)));
    const len = c.size(ax);
    const o = new Float64Array(c.outSize);
    return ([g, idx]) => {
      o.fill(0);
      for (let u = 0; u < base.length; u++) {
        const k = Math.round(idx![im[u]!]!);
        if (k >= 0 && k < len) o[base[u]! + k * axStride]! += g![gm[u]!]!;
      }
      return o;
    };
  },

  // Part k occupies [offset_k, offset_k + count_k) of the vector axis, row-major over its listed axes.
  pack: (c) => {
    const ax = attrStr('pack', c.eqn.attrs, 'axis');
    const parts = attrList('pack', c.eqn.attrs, 'parts').map(partAxes);
    const oStride = strideMap(c.eqn.axes, c.outShape);
    const vStride = oStride.get(ax)!;
    const batch = c.eqn.axes.filter((a) => a !== ax);
    let offset = 0;
    const moves = parts.map((flat, k) => {
      const iter = [...batch, ...flat];
      const iterShape = shapeOf(c, iter);
      const st = new Map(batch.map((a) => [a, oStride.get(a)!]));
      const fst = stridesOf(shapeOf(c, flat));
      flat.forEach((a, j) => st.set(a, vStride * fst[j]!));
      const to = indexMap(iter, iterShape, st, offset * vStride);
      const from = indexMap(iter, iterShape, strideMap(c.argAxes[k]!, shapeOf(c, c.argAxes[k]!)));
      offset += numel(shapeOf(c, flat));
      return { to, from };
    });
    if (offset !== c.size(ax))
      throw new InternalError(`pack into ${ax} of size ${c.size(ax)} fills ${offset}`);
    const o = new Float64Array(c.outSize);
    return (args) => {
      moves.forEach(({ to, from }, k) => {
        const a = args[k]!;
        for (let i = 0; i < to.length; i++) o[to[i]!] = a[from[i]!]!;
      });
      return o;
    };
  },

  unpack: (c) => {
    const ax = attrStr('unpack', c.eqn.attrs, 'axis');
    const parts = attrList('unpack', c.eqn.attrs, 'parts').map(partAxes);
    const k = attrNum('unpack', c.eqn.attrs, 'part');
    const flat = unpackFlatAxes(c.eqn.attrs);
    let offset = 0;
    for (let j = 0; j < k; j++) offset += numel(shapeOf(c, parts[j]!));
    const src = c.argAxes[0]!;
    const sStride = strideMap(src, shapeOf(c, src));
    const vStride = sStride.get(ax)!;
    sStride.delete(ax);
    const fst = stridesOf(shapeOf(c, flat));
    flat.forEach((a, j) => sStride.set(a, vStride * fst[j]!));
    const m = indexMap(c.eqn.axes, c.outShape, sStride, offset * vStride);
    const o = new Float64Array(m.length);
    return ([a]) => {
      for (let i = 0; i < m.length; i++) o[i] = a![m[i]!]!;
      return o;
    };
  },
};
