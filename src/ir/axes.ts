// Output-axis inference for every op (shared by Builder and the verifier) and axis-size resolution.
import type { Attrs, Axis, AxisId, IRFunction, OpName } from './ir.js';
import { InternalError } from '../diag/diagnostic.js';
import type { StructuralOp } from './ops.js';
import { isElementwise } from './elementwise.js';

export interface AxisContext {
  /** The function's canonical axis order. */
  readonly order: readonly AxisId[];
  /** A declared param's axes, or undefined when it is not declared. */
  paramAxes(name: string): readonly AxisId[] | undefined;
}

export function attrStr(op: OpName, attrs: Attrs, k: string): string {
  const v = attrs[k];
  if (typeof v !== 'string') throw new InternalError(`${op} needs string attribute ${k}`);
  return v;
}

export function attrNum(op: OpName, attrs: Attrs, k: string): number {
  const v = attrs[k];
  if (typeof v !== 'number') throw new InternalError(`${op} needs number attribute ${k}`);
  return v;
}

export function attrList(op: OpName, attrs: Attrs, k: string): readonly string[] {
  const v = attrs[k];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new InternalError(`${op} needs list attribute ${k}`);
  }
  return v as readonly string[];
}

/** The axes of one part of a pack/unpack `parts` attribute (comma-joined; '' is a scalar part). */
export function partAxes(part: string): AxisId[] {
  return part === '' ? [] : part.split(',');
}

/** Sorts axes into the function's canonical order. */
export function canonical(order: readonly AxisId[], axes: Iterable<AxisId>): AxisId[] {
  const set = new Set(axes);
  return order.filter((a) => set.has(a));
}

/** What an axis rule sees: the op's arguments' axes and attributes, and canonical ordering. */
interface AxisArgs {
  readonly ctx: AxisContext;
  readonly op: OpName;
  readonly argAxes: readonly (readonly AxisId[])[];
  order(axes: Iterable<AxisId>): AxisId[];
  str(k: string): string;
  list(k: string): readonly string[];
  arg(i: number): readonly AxisId[];
}

type AxisRule = (a: AxisArgs) => AxisId[];

/** Elementwise ops broadcast by axis name: the union of their arguments' axes. */
const broadcast: AxisRule = (a) => a.order(a.argAxes.flat());
const reduce: AxisRule = (a) => {
  const ax = a.str('axis');
  if (!a.arg(0).includes(ax))
    throw new InternalError(`${a.op} over ${ax}, which its argument lacks`);
  return a.arg(0).filter((x) => x !== ax);
};
const drawWithArg: AxisRule = (a) => a.order([...a.arg(0), ...a.list('axes')]);
const ownAxis: AxisRule = (a) => [a.str('axis')];

/** The output axes of every structural op; elementwise ops broadcast. */
const STRUCTURAL_AXES: { readonly [K in StructuralOp]: AxisRule } = {
  const: () => [],
  data: (a) => a.order(a.list('dims')),
  param: (a) => {
    const axes = a.ctx.paramAxes(a.str('name'));
    if (!axes) throw new InternalError(`param ${a.str('name')} not declared`);
    return a.order(axes);
  },
  rng_normal: (a) => a.order(a.list('axes')),
  rng_uniform: (a) => a.order(a.list('axes')),
  rng_gamma: drawWithArg,
  rng_gamma_dalpha: drawWithArg,
  iota: ownAxis,
  subsample_index: ownAxis,
  sum: reduce,
  logsumexp: reduce,
  expand: (a) => a.order([...a.arg(0), a.str('axis')]),
  rename: (a) => {
    const from = a.str('from');
    const to = a.str('to');
    if (!a.arg(0).includes(from))
      throw new InternalError(`rename of ${from}, which its argument lacks`);
    if (from !== to && a.arg(0).includes(to))
      throw new InternalError(`rename to ${to}, which its argument has`);
    return a.order(a.arg(0).map((x) => (x === from ? to : x)));
  },
  gather: (a) => {
    const ax = a.str('axis');
    if (!a.arg(0).includes(ax))
      throw new InternalError(`gather along ${ax}, which the table lacks`);
    return a.order([...a.arg(0).filter((x) => x !== ax), ...a.arg(1)]);
  },
  scatter_add: (a) => {
    const into = a.list('into');
    if (!into.includes(a.str('axis')))
      throw new InternalError(`scatter_add into axes lacking ${a.str('axis')}`);
    return a.order(into);
  },
  pack: (a) => {
    const parts = a.list('parts');
    if (parts.length !== a.argAxes.length)
      throw new InternalError(`pack has ${a.argAxes.length} args but ${parts.length} parts`);
    const batch: AxisId[] = [];
    a.argAxes.forEach((axes, i) => {
      const flat = new Set(partAxes(parts[i]!));
      for (const x of axes) if (!flat.has(x)) batch.push(x);
    });
    return a.order([...batch, a.str('axis')]);
  },
  unpack: (a) => {
    const ax = a.str('axis');
    if (!a.arg(0).includes(ax))
      throw new InternalError(`unpack of ${ax}, which its argument lacks`);
    return a.order([...a.arg(0).filter((x) => x !== ax), ...a.list('into')]);
  },
};

/** The output axes of `op` applied to arguments with axes `argAxes`; throws InternalError when ill-formed. */
export function inferAxes(
  ctx: AxisContext,
  op: OpName,
  argAxes: readonly (readonly AxisId[])[],
  attrs: Attrs,
): AxisId[] {
  const args: AxisArgs = {
    ctx,
    op,
    argAxes,
    order: (axes) => canonical(ctx.order, axes),
    str: (k) => attrStr(op, attrs, k),
    list: (k) => attrList(op, attrs, k),
    arg: (i) => {
      const a = argAxes[i];
      if (!a) throw new InternalError(`${op} lacks argument ${i}`);
      return a;
    },
  };
  return isElementwise(op) ? broadcast(args) : STRUCTURAL_AXES[op](args);
}

/** The flattened axes of an unpack's part (`into` may also list batch axes: they are not flattened). */
export function unpackFlatAxes(attrs: Attrs): AxisId[] {
  const parts = attrList('unpack', attrs, 'parts');
  const k = attrNum('unpack', attrs, 'part');
  const p = parts[k];
  if (p === undefined) throw new InternalError(`unpack part ${k} out of range`);
  return partAxes(p);
}

/** Every axis's size given the data sizes; packed axes get the sum of their parts' element counts. */
export function resolveAxisSizes(
  axes: readonly Axis[],
  sizes: ReadonlyMap<string, number>,
): Map<AxisId, number> {
  const out = new Map<AxisId, number>();
  const byId = new Map(axes.map((a) => [a.id, a]));
  const resolve = (a: Axis, seen: Set<AxisId>): number => {
    const known = out.get(a.id);
    if (known !== undefined) return known;
    if (seen.has(a.id)) throw new InternalError(`axis ${a.id} is packed from itself`);
    seen.add(a.id);
    let n: number;
    if (a.packedFrom) {
      n = 0;
      for (const part of a.packedFrom) {
        let m = 1;
        for (const id of part) {
          const b = byId.get(id);
          if (!b) throw new InternalError(`packed axis ${a.id} refers to unknown axis ${id}`);
          m *= resolve(b, seen);
        }
        n += m;
      }
    } else if (a.size.kind === 'lit') n = a.size.value;
    else {
      const v = sizes.get(a.size.name);
      if (v === undefined)
        throw new InternalError(`no value for size ${a.size.name} of axis ${a.id}`);
      n = v;
    }
    // Pyro's plate: a subsample size at or above the plate's size takes the whole plate (its scale N/B is then 1).
    if (a.full !== undefined) {
      const full = a.full.kind === 'lit' ? a.full.value : sizes.get(a.full.name);
      if (full !== undefined) n = Math.min(n, full);
    }
    out.set(a.id, n);
    return n;
  };
  for (const a of axes) resolve(a, new Set());
  return out;
}

export function fnAxisContext(fn: IRFunction): AxisContext {
  const params = new Map(fn.params.map((p) => [p.name, p.axes]));
  return { order: fn.axes.map((a) => a.id), paramAxes: (n) => params.get(n) };
}
