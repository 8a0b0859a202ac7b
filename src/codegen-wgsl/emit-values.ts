// Emits the WGSL of one IR value, unrolled over its narrow axes (one `let` per element; wide axes are loop indices).
import type { AxisId, Eqn, ValueId } from '../ir/ir.js';
import { partAxes, unpackFlatAxes } from '../ir/axes.js';
import { streamId } from '../rng/keyed.js';
import { feistelHalfBits } from '../rng/permutation.js';
import { InternalError } from '../diag/diagnostic.js';
import type { KernelPlan, ParamSlot } from '../plan/plan.js';
import { WGSL_ELEMENTWISE } from './elementwise-wgsl.js';
import { f32Literal, valueName } from './literals.js';
import { PlanUnsupported } from '../plan/unsupported.js';
import { DATA_BLOCK, blockGroups } from '../plan/plan.js';
import { dataF, dataV4 } from './data-access.js';

/** Where the code of one kernel section goes and the element names already bound in it. */
export interface Scope {
  readonly lines: string[];
  readonly indent: string;
  readonly refs: Map<ValueId, readonly string[]>;
  /** WGSL u32 expressions of the wide axes' indices inside a loop (empty outside loops). */
  readonly wideIndex: ReadonlyMap<AxisId, string>;
  /** Bound gamma_draw pairs by draw key: rng_gamma and its rng_gamma_dalpha share one draw. */
  readonly draws: Map<string, readonly string[]>;
}

export interface EmitEnv {
  readonly plan: KernelPlan;
  /** The WGSL f32 expression of element `offset` (row-major over decl.axes) of a global param. */
  globalParam(slot: ParamSlot, offset: number): string;
  /** WGSL expressions for the RNG key and step. */
  readonly seed: string;
  readonly step: string;
}

export const childScope = (
  s: Scope,
  indent: string,
  wideIndex: ReadonlyMap<AxisId, string> = s.wideIndex,
): Scope => ({
  lines: s.lines,
  indent,
  refs: new Map(s.refs),
  wideIndex,
  draws: new Map(s.draws),
});

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Row-major coordinates of element `e` over `axes` with `shape`. */
function coords(axes: readonly AxisId[], shape: readonly number[], e: number): Map<AxisId, number> {
  const m = new Map<AxisId, number>();
  for (let i = axes.length - 1; i >= 0; i--) {
    m.set(axes[i]!, e % shape[i]!);
    e = Math.floor(e / shape[i]!);
  }
  return m;
}

/** Row-major flat index over `axes` of the coordinates `c` (axes missing from c read 0). */
function flat(
  axes: readonly AxisId[],
  shape: readonly number[],
  c: ReadonlyMap<AxisId, number>,
): number {
  let f = 0;
  axes.forEach((a, i) => (f = f * shape[i]! + (c.get(a) ?? 0)));
  return f;
}

/**
 * The u32 offset expression of an array laid out row-major over `dims`: narrow coordinates are folded
 * into a constant, wide ones multiply their loop index.
 */
function offsetExpr(
  env: EmitEnv,
  scope: Scope,
  base: number,
  dims: readonly AxisId[],
  c: ReadonlyMap<AxisId, number>,
  dynamic: ReadonlyMap<AxisId, string> = new Map(),
): string {
  const sizes = dims.map((a) => env.plan.axisSizes.get(a)!);
  let k = base;
  const terms: string[] = [];
  let stride = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    const a = dims[i]!;
    const w = dynamic.get(a) ?? scope.wideIndex.get(a);
    if (w !== undefined) terms.unshift(stride === 1 ? w : `${w} * ${stride}u`);
    else k += (c.get(a) ?? 0) * stride;
    stride *= sizes[i]!;
  }
  if (terms.length === 0) return `${k}u`;
  return k === 0 ? terms.join(' + ') : `${terms.join(' + ')} + ${k}u`;
}

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
  /** The element of argument i at the output's coordinates c (broadcast by axis name). */
  const argAt = (i: number, c: ReadonlyMap<AxisId, number>): string =>
    argRefs[i]![flat(argNarrow[i]!, argShape[i]!, c)]!;
  const out: string[] = [];
  const bind = (el: number, expr: string): void => {
    const name = valueName(v, n, el);
    scope.lines.push(`${scope.indent}let ${name} = ${expr};`);
    out.push(name);
  };
  const first = scope.lines.length;
  const render = WGSL_ELEMENTWISE[e.op];
  if (render) {
    for (let el = 0; el < n; el++) {
      const c = coords(vi.narrow, shape, el);
      bind(el, render(e.args.map((_, i) => argAt(i, c))));
    }
  } else {
    switch (e.op) {
      case 'param': {
        const slot = plan.params.find((p) => p.decl.name === e.attrs.name)!;
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          if (slot.domain)
            bind(el, `state[${offsetExpr(env, scope, slot.offset, slot.decl.axes, c)}]`);
          else out.push(env.globalParam(slot, flat(slot.decl.axes, slot.shape, c)));
        }
        break;
      }
      case 'data': {
        const slot = plan.data.find((d) => d.name === e.attrs.name)!;
        const dims = e.attrs.dims as readonly AxisId[];
        // Data over a subsampled plate's full axis is only read by its gathers (see gatherIndexed).
        if (dims.some((a) => plan.fullAxes.has(a))) break;
        // See DataSlot.blocked: one vec4 load per group of four columns this value reads.
        const groups = new Map<number, string>();
        const group = (q: number): string => {
          let name = groups.get(q);
          if (name === undefined) {
            const row = scope.wideIndex.get(dims[0]!)!;
            const G = blockGroups(slot.shape);
            name = `v${v}_q${q}`;
            scope.lines.push(
              `${scope.indent}let ${name} = ${dataV4(plan, `${slot.offset / 4 + q * DATA_BLOCK}u + (${row} / ${DATA_BLOCK}u) * ${DATA_BLOCK * G}u + (${row} % ${DATA_BLOCK}u)`)};`,
            );
            groups.set(q, name);
          }
          return name;
        };
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          if (!slot.blocked) bind(el, dataF(plan, offsetExpr(env, scope, slot.offset, dims, c)));
          else {
            const col = Number(offsetExpr(env, scope, 0, dims.slice(1), c).replace(/u$/, ''));
            bind(el, `${group(col >> 2)}.${'xyzw'[col & 3]}`);
          }
        }
        break;
      }
      case 'rng_normal':
      case 'rng_uniform': {
        const stream = streamId(e.attrs.stream as string);
        const pAxis = e.axes.find((a) => plan.fn.axes.find((x) => x.id === a)!.role === 'particle');
        const rest = e.axes.filter((a) => a !== pAxis);
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          const elem = offsetExpr(env, scope, 0, rest, c);
          const part = pAxis === undefined ? 0 : c.get(pAxis)!;
          const f = e.op === 'rng_normal' ? 'rng_normal' : 'rng_uniform';
          bind(el, `${f}(${env.seed}, 0x${stream.toString(16)}u, ${env.step}, ${elem}, ${part}u)`);
        }
        break;
      }
      case 'rng_gamma':
      case 'rng_gamma_dalpha': {
        const stream = streamId(e.attrs.stream as string);
        const pAxis = e.axes.find((a) => plan.fn.axes.find((x) => x.id === a)!.role === 'particle');
        const rest = e.axes.filter((a) => a !== pAxis);
        const which = e.op === 'rng_gamma' ? 'x' : 'y';
        // The draw and its derivative are separate values; one gamma_draw per element serves both
        // (each call site is a whole rejection loop for the shader compiler).
        const key = `${stream}|${e.args[0]}|${e.axes.join(',')}`;
        let pairs = scope.draws.get(key);
        if (!pairs) {
          const names: string[] = [];
          for (let el = 0; el < n; el++) {
            const c = coords(vi.narrow, shape, el);
            const elem = offsetExpr(env, scope, 0, rest, c);
            const part = pAxis === undefined ? 0 : c.get(pAxis)!;
            const args = `${argAt(0, c)}, ${env.seed}, 0x${stream.toString(16)}u, ${env.step}, ${elem}, ${part}u`;
            const name = `${valueName(v, n, el)}_gamma`;
            scope.lines.push(`${scope.indent}let ${name} = gamma_draw(${args});`);
            names.push(name);
          }
          scope.draws.set(key, (pairs = names));
        }
        for (let el = 0; el < n; el++) bind(el, `${pairs[el]!}.${which}`);
        break;
      }
      case 'iota': {
        const ax = e.attrs.axis as string;
        const w = scope.wideIndex.get(ax);
        if (w !== undefined) bind(0, `f32(${w})`);
        else
          for (let el = 0; el < n; el++)
            out.push(f32Literal(coords(vi.narrow, shape, el).get(ax)!));
        break;
      }
      case 'expand':
        for (let el = 0; el < n; el++) out.push(argAt(0, coords(vi.narrow, shape, el)));
        break;
      case 'rename': {
        const from = e.attrs.from as string;
        const to = e.attrs.to as string;
        if (plan.wideAxes.includes(from) !== plan.wideAxes.includes(to)) {
          throw new PlanUnsupported(
            `renaming the plate ${from} to ${to} across wide and narrow axes`,
          );
        }
        const canon = (a: AxisId): AxisId => plan.wideAlias.get(a) ?? a;
        if (plan.wideAxes.includes(from) && canon(from) !== canon(to))
          throw new PlanUnsupported(`renaming the wide plate ${from}`);
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          const ca = new Map(c);
          if (c.has(to)) {
            ca.delete(to);
            ca.set(from, c.get(to)!);
          }
          out.push(argAt(0, ca));
        }
        break;
      }
      case 'sum':
      case 'logsumexp': {
        const ax = e.attrs.axis as string;
        const len = size(ax);
        for (let el = 0; el < n; el++) {
          const c = new Map(coords(vi.narrow, shape, el));
          const terms = Array.from({ length: len }, (_, r) => argAt(0, c.set(ax, r)));
          if (e.op === 'sum') bind(el, terms.join(' + '));
          else {
            const m = valueName(v, n, el) + '_max';
            scope.lines.push(
              `${scope.indent}let ${m} = ${terms.reduce((a, b) => `max(${a}, ${b})`)};`,
            );
            const s = terms.map((t) => `exp(${t} - ${m})`).join(' + ');
            bind(el, `select(${m}, ${m} + log(${s}), is_finite_f(${m}))`);
          }
        }
        break;
      }
      case 'subsample_index': {
        const ax = e.attrs.axis as string;
        const stream = streamId(e.attrs.stream as string);
        const full = plan.subsampleFull.get(ax)!;
        const args = `${env.seed}, 0x${stream.toString(16)}u, ${env.step}, ${full}u, ${feistelHalfBits(full)}u`;
        const w = scope.wideIndex.get(ax);
        if (w !== undefined) bind(0, `f32(subsample_index(${args}, ${w}))`);
        else for (let el = 0; el < n; el++) bind(el, `f32(subsample_index(${args}, ${el}u))`);
        break;
      }
      case 'gather': {
        const ax = e.attrs.axis as string;
        if (plan.fullAxes.has(ax)) {
          // The table is data over the full axis (plan.ts checks): read the buffer at the subsample index.
          const t = plan.values.get(e.args[0]!)!.eqn;
          const slot = plan.data.find((d) => d.name === t.attrs.name)!;
          const dims = t.attrs.dims as readonly AxisId[];
          for (let el = 0; el < n; el++) {
            const c = coords(vi.narrow, shape, el);
            const k = new Map([[ax, `u32(round(${argAt(1, c)}))`]]);
            bind(el, dataF(plan, offsetExpr(env, scope, slot.offset, dims, c, k)));
          }
          break;
        }
        const len = size(ax);
        for (let el = 0; el < n; el++) {
          const c = new Map(coords(vi.narrow, shape, el));
          const k = `round(${argAt(1, c)})`;
          let expr = 'nan_f()';
          for (let r = len - 1; r >= 0; r--)
            expr = `select(${expr}, ${argAt(0, new Map(c).set(ax, r))}, ${k} == ${r}.0)`;
          bind(el, expr);
        }
        break;
      }
      case 'scatter_add': {
        const ax = e.attrs.axis as string;
        const iter = [...new Set([...argNarrow[0]!, ...argNarrow[1]!])].filter(
          (a) => a !== ax || argNarrow[0]!.includes(a),
        );
        const iterShape = iter.map(size);
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          const terms: string[] = [];
          for (let u = 0; u < prod(iterShape); u++) {
            const cu = coords(iter, iterShape, u);
            // Iteration points that disagree with this output element on a shared (non-scattered) axis add nothing.
            if ([...cu].some(([a, x]) => a !== ax && c.has(a) && c.get(a) !== x)) continue;
            const full = new Map([...c, ...cu]);
            terms.push(
              `select(0.0, ${argAt(0, full)}, round(${argAt(1, full)}) == ${c.get(ax)}.0)`,
            );
          }
          bind(el, terms.length ? terms.join(' + ') : '0.0');
        }
        break;
      }
      case 'pack': {
        const ax = e.attrs.axis as string;
        const parts = (e.attrs.parts as readonly string[]).map(partAxes);
        const counts = parts.map((p) => prod(p.map(size)));
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          let idx = c.get(ax)!;
          let k = 0;
          while (idx >= counts[k]!) idx -= counts[k++]!;
          const pc = new Map(c);
          pc.delete(ax);
          for (const [a, x] of coords(parts[k]!, parts[k]!.map(size), idx)) pc.set(a, x);
          out.push(argAt(k, pc));
        }
        break;
      }
      case 'unpack': {
        const ax = e.attrs.axis as string;
        const parts = (e.attrs.parts as readonly string[]).map(partAxes);
        const k = e.attrs.part as number;
        const fl = unpackFlatAxes(e.attrs);
        let offset = 0;
        for (let j = 0; j < k; j++) offset += prod(parts[j]!.map(size));
        for (let el = 0; el < n; el++) {
          const c = coords(vi.narrow, shape, el);
          const ac = new Map(c);
          fl.forEach((a) => ac.delete(a));
          ac.set(ax, offset + flat(fl, fl.map(size), c));
          out.push(argAt(0, ac));
        }
        break;
      }
      default:
        throw new PlanUnsupported(`the op ${e.op} has no WGSL rendering`);
    }
  }
  if (scope.lines.length > first) scope.lines[first] += srcComment(e);
  scope.refs.set(v, out);
}
