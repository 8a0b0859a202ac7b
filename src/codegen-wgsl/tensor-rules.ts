// The WGSL of every structural op in the loop kernels, one entry each: the value at given indices (a reduction is a
// loop; a gather substitutes an index). The unrolled kernels' emitters are in op-emitters.ts.
import type { AxisId, Eqn, ValueId } from '../ir/ir.js';
import type { StructuralOp } from '../ir/ops.js';
import { streamId } from '../rng/keyed.js';
import { dataF } from './data-access.js';
import { f32Literal } from './literals.js';
import {
  flatIndex,
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
  /** An index for each of the value's axes. */
  readonly idx: Indices;
  /** The block the value is bound in. */
  readonly at: Block;
  /** Another value at some indices (the emitter, passed in: the rules and the emitter would import each other). */
  emit(v: ValueId, idx: Indices): Ref;
}

export type TensorRule =
  { readonly emit: (c: TensorCtx) => string } | { readonly unsupported: string };

/** Sums of more terms than this are blocked (see sum). */
const BLOCKED_SUM_MIN = 32;

const str = (c: TensorCtx, k: string): string => c.e.attrs[k] as string;
const sizeOf = (c: TensorCtx, a: AxisId): number => c.g.env.plan.axisSizes.get(a)!;
const axesOf = (c: TensorCtx, v: ValueId): readonly AxisId[] =>
  c.g.env.plan.values.get(v)!.eqn.axes;

/** Keyed draws as the CPU's: the element is row-major over the non-particle axes, the particle its own counter. */
const rngDraw = (fn: 'rng_normal' | 'rng_uniform'): TensorRule => ({
  emit: (c) => {
    const { elem, part } = drawKeys(c);
    return `${fn}(${c.g.env.seed}, 0x${streamId(str(c, 'stream')).toString(16)}u, ${c.g.env.step}, ${elem}, ${part})`;
  },
});

function drawKeys(c: TensorCtx): { elem: string; part: string } {
  const axes = c.g.env.plan.fn.axes;
  const particle = c.e.axes.find((a) => axes.find((x) => x.id === a)!.role === 'particle');
  const rest = c.e.axes.filter((a) => a !== particle);
  return {
    elem: flatIndex(c.g.env.plan, 0, rest, c.idx),
    part: particle === undefined ? '0u' : c.idx.get(particle)!.expr,
  };
}

const gammaDraw = (which: 'x' | 'y'): TensorRule => ({
  emit: (c) => {
    const { elem, part } = drawKeys(c);
    const alpha = c.emit(c.e.args[0]!, restrict(c.g, c.e.args[0]!, c.idx)).expr;
    return `gamma_draw(${alpha}, ${c.g.env.seed}, 0x${streamId(str(c, 'stream')).toString(16)}u, ${c.g.env.step}, ${elem}, ${part}).${which}`;
  },
});

/** The indices of `ax`'s loop added to the output's. */
const withIndex = (idx: Indices, ax: AxisId, i: Ref): Map<AxisId, Ref> => new Map(idx).set(ax, i);

export const TENSOR_WGSL: { readonly [K in StructuralOp]: TensorRule } = {
  const: { emit: (c) => f32Literal(c.e.attrs.value as number) },

  param: {
    emit: (c) => {
      const slot = c.g.env.plan.params.find((p) => p.decl.name === c.e.attrs.name)!;
      return `state[${flatIndex(c.g.env.plan, slot.offset, slot.decl.axes, c.idx)}]`;
    },
  },

  data: {
    emit: (c) => {
      const slot = c.g.env.plan.data.find((d) => d.name === c.e.attrs.name)!;
      const dims = c.e.attrs.dims as readonly AxisId[];
      return dataF(c.g.env, flatIndex(c.g.env.plan, slot.offset, dims, c.idx));
    },
  },

  rng_normal: rngDraw('rng_normal'),
  rng_uniform: rngDraw('rng_uniform'),
  rng_gamma: gammaDraw('x'),
  rng_gamma_dalpha: gammaDraw('y'),

  iota: { emit: (c) => `f32(${c.idx.get(str(c, 'axis'))!.expr})` },

  subsample_index: { unsupported: 'the loop kernels do not subsample plates yet' },

  sum: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const acc = c.g.fresh('acc');
      const n = sizeOf(c, ax);
      const a = c.e.args[0]!;
      c.at.lines.push(`${c.at.indent}var ${acc} = 0.0;`);
      if (n <= BLOCKED_SUM_MIN) {
        loopOver(c.g, c.at, n, (i, inner) => {
          const x = c.emit(a, restrict(c.g, a, withIndex(c.idx, ax, i)));
          inner.lines.push(`${inner.indent}${acc} += ${x.expr};`);
        });
        return acc;
      }
      // Blocks of about sqrt(n) terms summed apart: the rounding error of a float32 sum of n terms then grows as
      // 2 sqrt(n), not n (a plate sum over users of log-likelihoods in the thousands).
      const B = Math.ceil(Math.sqrt(n));
      loopOver(c.g, c.at, Math.ceil(n / B), (ib, outer) => {
        const part = c.g.fresh('part');
        outer.lines.push(`${outer.indent}var ${part} = 0.0;`);
        loopOver(c.g, outer, B, (j, inner) => {
          const i = c.g.fresh('i');
          inner.lines.push(`${inner.indent}let ${i} = ${ib.expr} * ${B}u + ${j.expr};`);
          if (n % B !== 0) inner.lines.push(`${inner.indent}if (${i} >= ${n}u) { break; }`);
          const x = c.emit(a, restrict(c.g, a, withIndex(c.idx, ax, { expr: i, at: inner })));
          inner.lines.push(`${inner.indent}${part} += ${x.expr};`);
        });
        outer.lines.push(`${outer.indent}${acc} += ${part};`);
      });
      return acc;
    },
  },

  // One pass (a running maximum rescales the sum): every term is computed once.
  logsumexp: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const m = c.g.fresh('mx');
      const s = c.g.fresh('se');
      c.at.lines.push(`${c.at.indent}var ${m} = neg_inf_f();`);
      c.at.lines.push(`${c.at.indent}var ${s} = 0.0;`);
      loopOver(c.g, c.at, sizeOf(c, ax), (i, inner) => {
        const a = c.e.args[0]!;
        const x = c.emit(a, restrict(c.g, a, withIndex(c.idx, ax, i))).expr;
        const ind = inner.indent;
        inner.lines.push(
          `${ind}if (${x} > ${m}) { ${s} = ${s} * exp(${m} - ${x}) + 1.0; ${m} = ${x}; } else { ${s} += exp(${x} - ${m}); }`,
        );
      });
      return `select(${m}, ${m} + log(${s}), is_finite_f(${m}))`;
    },
  },

  expand: {
    emit: (c) => c.emit(c.e.args[0]!, restrict(c.g, c.e.args[0]!, c.idx)).expr,
  },

  rename: {
    emit: (c) => {
      const from = str(c, 'from');
      const to = str(c, 'to');
      const idx = new Map(c.idx);
      idx.delete(to);
      idx.set(from, c.idx.get(to)!);
      return c.emit(c.e.args[0]!, restrict(c.g, c.e.args[0]!, idx)).expr;
    },
  },

  // NaN where the index is out of range, as the CPU.
  gather: {
    emit: (c) => {
      const ax = str(c, 'axis');
      const [t, ix] = [c.e.args[0]!, c.e.args[1]!];
      const k = c.emit(ix, restrict(c.g, ix, c.idx));
      const n = sizeOf(c, ax);
      const r = c.g.fresh('k');
      k.at.lines.push(`${k.at.indent}let ${r} = round(${k.expr});`);
      const u = c.g.fresh('ku');
      k.at.lines.push(`${k.at.indent}let ${u} = u32(clamp(${r}, 0.0, ${n - 1}.0));`);
      const idx = new Map(c.idx);
      idx.set(ax, { expr: u, at: k.at });
      const x = c.emit(t, restrict(c.g, t, idx)).expr;
      return `select(nan_f(), ${x}, ${r} >= 0.0 && ${r} < ${n}.0)`;
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
      const acc = c.g.fresh('acc');
      c.at.lines.push(`${c.at.indent}var ${acc} = 0.0;`);
      const target = c.idx.get(ax)!;
      const nest = (j: number, idx: Map<AxisId, Ref>, block: Block): void => {
        if (j === iter.length) {
          const k = c.emit(ix, restrict(c.g, ix, idx)).expr;
          const x = c.emit(vals, restrict(c.g, vals, idx)).expr;
          block.lines.push(
            `${block.indent}if (round(${k}) == f32(${target.expr})) { ${acc} += ${x}; }`,
          );
          return;
        }
        loopOver(c.g, block, sizeOf(c, iter[j]!), (i, inner) =>
          nest(j + 1, new Map(idx).set(iter[j]!, i), inner),
        );
      };
      const base = new Map([...c.idx].filter(([a]) => a !== ax));
      nest(0, base, c.at);
      return acc;
    },
  },

  pack: { unsupported: 'the loop kernels do not pack vectors yet (a joint Normal guide)' },
  unpack: { unsupported: 'the loop kernels do not unpack vectors yet (a joint Normal guide)' },
};
