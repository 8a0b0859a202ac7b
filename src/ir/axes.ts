// Output-axis inference for every op (shared by Builder and the verifier) and axis-size resolution.
import type { Attrs, Axis, AxisId, IRFunction, OpName } from './ir.js';
import { canonical } from './ops.js';
import { InternalError } from '../diag/diagnostic.js';

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

/** The output axes of `op` applied to arguments with axes `argAxes`; throws InternalError when ill-formed. */
export function inferAxes(
  ctx: AxisContext,
  op: OpName,
  argAxes: readonly (readonly AxisId[])[],
  attrs: Attrs,
): AxisId[] {
  const order = (axes: Iterable<AxisId>): AxisId[] => canonical(ctx.order, axes);
  const str = (k: string): string => attrStr(op, attrs, k);
  const list = (k: string): readonly string[] => attrList(op, attrs, k);
  const arg = (i: number): readonly AxisId[] => {
    const a = argAxes[i];
    if (!a) throw new InternalError(`${op} lacks argument ${i}`);
    return a;
  };
  switch (op) {
    case 'const':
      return [];
    case 'data':
      return order(list('dims'));
    case 'param': {
      const axes = ctx.paramAxes(str('name'));
      if (!axes) throw new InternalError(`param ${str('name')} not declared`);
      return order(axes);
    }
    case 'rng_normal':
    case 'rng_uniform':
      return order(list('axes'));
    case 'rng_gamma':
    case 'rng_gamma_dalpha':
      return order([...arg(0), ...list('axes')]);
    case 'iota':
    case 'subsample_index':
      return [str('axis')];
    case 'sum':
    case 'logsumexp': {
      const ax = str('axis');
      if (!arg(0).includes(ax))
        throw new InternalError(`${op} over ${ax}, which its argument lacks`);
      return arg(0).filter((a) => a !== ax);
    }
    case 'expand':
      return order([...arg(0), str('axis')]);
    case 'rename': {
      const from = str('from');
      const to = str('to');
      if (!arg(0).includes(from))
        throw new InternalError(`rename of ${from}, which its argument lacks`);
      if (from !== to && arg(0).includes(to))
        throw new InternalError(`rename to ${to}, which its argument has`);
      return order(arg(0).map((a) => (a === from ? to : a)));
    }
    case 'gather': {
      const ax = str('axis');
      if (!arg(0).includes(ax))
        throw new InternalError(`gather along ${ax}, which the table lacks`);
      return order([...arg(0).filter((a) => a !== ax), ...arg(1)]);
    }
    case 'scatter_add': {
      const into = list('into');
      if (!into.includes(str('axis')))
        throw new InternalError(`scatter_add into axes lacking ${str('axis')}`);
      return order(into);
    }
    case 'pack': {
      const parts = list('parts');
      if (parts.length !== argAxes.length)
        throw new InternalError(`pack has ${argAxes.length} args but ${parts.length} parts`);
      const batch: AxisId[] = [];
      argAxes.forEach((axes, i) => {
        const flat = new Set(partAxes(parts[i]!));
        for (const a of axes) if (!flat.has(a)) batch.push(a);
      });
      return order([...batch, str('axis')]);
    }
    case 'unpack': {
      const ax = str('axis');
      if (!arg(0).includes(ax))
        throw new InternalError(`unpack of ${ax}, which its argument lacks`);
      return order([...arg(0).filter((a) => a !== ax), ...list('into')]);
    }
    default:
      return order(argAxes.flat());
  }
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
