// Checks an IR function's well-formedness: SSA, ops, arity, attrs, axes (inference, declaration, sizes), params, outputs.
import type { Axis, AxisId, Eqn, IRFunction, ValueId, Size } from './ir.js';
import { isOpName, opInfo } from './ops.js';
import { inferAxes, partAxes, unpackFlatAxes, type AxisContext } from './axes.js';

const sameSize = (a: Axis, b: Axis): boolean => {
  if (a.packedFrom || b.packedFrom)
    return JSON.stringify(a.packedFrom) === JSON.stringify(b.packedFrom);
  const s: Size = a.size;
  const t: Size = b.size;
  return s.kind === 'lit'
    ? t.kind === 'lit' && t.value === s.value
    : t.kind === 'data' && t.name === s.name;
};

const sizeEq = (s: Size | undefined, t: Size): boolean =>
  s !== undefined &&
  (s.kind === 'lit'
    ? t.kind === 'lit' && t.value === s.value
    : t.kind === 'data' && t.name === s.name);

/** Every problem found (empty when the function is valid). */
export function verifyIR(fn: IRFunction): string[] {
  const errs: string[] = [];
  const axes = new Map<AxisId, Axis>();
  for (const a of fn.axes) {
    if (axes.has(a.id)) errs.push(`axis ${a.id} declared twice`);
    axes.set(a.id, a);
  }
  for (const a of fn.axes) {
    for (const id of a.packedFrom?.flat() ?? []) {
      if (!axes.has(id)) errs.push(`packed axis ${a.id} refers to undeclared axis ${id}`);
    }
  }
  const params = new Map<string, readonly AxisId[]>();
  for (const p of fn.params) {
    if (params.has(p.name)) errs.push(`param ${p.name} declared twice`);
    params.set(p.name, p.axes);
    for (const a of p.axes) if (!axes.has(a)) errs.push(`param ${p.name} has undeclared axis ${a}`);
    if (new Set(p.axes).size !== p.axes.length) errs.push(`param ${p.name} repeats an axis`);
  }
  const ctx: AxisContext = { order: fn.axes.map((a) => a.id), paramAxes: (n) => params.get(n) };
  const defined = new Map<ValueId, Eqn>();
  for (const e of fn.eqns) {
    const at = `%${e.out} = ${e.op}`;
    const bad = (m: string): void => void errs.push(`${at}: ${m}`);
    if (defined.has(e.out)) bad(`%${e.out} is defined twice`);
    if (!isOpName(e.op)) {
      bad('unknown op');
      defined.set(e.out, e);
      continue;
    }
    const info = opInfo(e.op);
    if (info.arity >= 0 ? e.args.length !== info.arity : e.args.length === 0) {
      bad(`takes ${info.arity >= 0 ? info.arity : 'at least 1'} arguments, got ${e.args.length}`);
    }
    const missing = e.args.filter((a) => !defined.has(a));
    for (const a of missing) bad(`uses %${a} before it is defined`);
    let attrsOk = true;
    for (const [k, ty] of Object.entries(info.attrs)) {
      const v = e.attrs[k];
      const ok =
        ty === 'number'
          ? typeof v === 'number'
          : ty === 'string'
            ? typeof v === 'string'
            : Array.isArray(v) && v.every((x) => typeof x === 'string');
      if (!ok) {
        bad(`attribute ${k} must be a ${ty === 'strings' ? 'list of strings' : ty}`);
        attrsOk = false;
      }
    }
    for (const a of e.axes) if (!axes.has(a)) bad(`undeclared axis ${a}`);
    if (new Set(e.axes).size !== e.axes.length) bad('repeats an axis');
    if (missing.length === 0 && attrsOk) {
      const argAxes = e.args.map((a) => defined.get(a)!.axes);
      try {
        const want = inferAxes(ctx, e.op, argAxes, e.attrs);
        if (want.join(',') !== e.axes.join(',')) bad(`axes [${e.axes}] should be [${want}]`);
      } catch (err) {
        bad((err as Error).message);
      }
      checkOp(e, argAxes, axes, defined, bad);
    }
    defined.set(e.out, e);
  }
  for (const [k, v] of Object.entries(fn.outputs)) {
    if (!defined.has(v)) errs.push(`output ${k} refers to undefined %${v}`);
  }
  return errs;
}

/** Op-specific constraints beyond axis inference (attr axes declared, sizes agreeing). */
function checkOp(
  e: Eqn,
  argAxes: readonly (readonly AxisId[])[],
  axes: ReadonlyMap<AxisId, Axis>,
  defined: ReadonlyMap<ValueId, Eqn>,
  bad: (m: string) => void,
): void {
  const s = (k: string): string => e.attrs[k] as string;
  const l = (k: string): readonly string[] => e.attrs[k] as readonly string[];
  const declared = (ids: readonly AxisId[]): void => {
    for (const a of ids) if (!axes.has(a)) bad(`undeclared axis ${a}`);
  };
  const distinct = (ids: readonly AxisId[], what: string): void => {
    if (new Set(ids).size !== ids.length) bad(`${what} repeats an axis`);
  };
  switch (e.op) {
    case 'data':
      distinct(l('dims'), 'dims');
      break;
    case 'rng_normal':
    case 'rng_uniform':
    case 'rng_gamma':
    case 'rng_gamma_dalpha':
      declared(l('axes'));
      if (e.axes.filter((a) => axes.get(a)?.role === 'particle').length > 1)
        bad('draws over two particle axes');
      break;
    case 'subsample_index': {
      const a = axes.get(s('axis'));
      if (!a) bad(`undeclared axis ${s('axis')}`);
      else if (!a.full) bad(`axis ${a.id} is not a subsampled plate`);
      break;
    }
    case 'expand':
      if (argAxes[0]!.includes(s('axis')))
        bad(`expands along ${s('axis')}, which its argument has`);
      break;
    case 'rename': {
      const [f, t] = [axes.get(s('from')), axes.get(s('to'))];
      if (f && t && !sameSize(f, t)) bad(`renames ${f.id} to ${t.id} of a different size`);
      break;
    }
    case 'gather':
    case 'scatter_add': {
      // An index drawn by subsample_index ranges over its plate's full size: the table axis must have it.
      const idx = defined.get(e.args[1]!);
      const ax = axes.get(s('axis'));
      if (idx?.op === 'subsample_index' && ax) {
        const plate = axes.get(idx.attrs['axis'] as string);
        if (plate?.full && !sizeEq(plate.full, ax.size))
          bad(`indexes ${ax.id} with a subsample of a plate of another size`);
      }
      if (e.op === 'scatter_add') declared(l('into'));
      break;
    }
    case 'pack':
    case 'unpack': {
      const parts = l('parts').map(partAxes);
      parts.forEach((p) => {
        declared(p);
        distinct(p, 'a part');
      });
      const v = axes.get(s('axis'));
      if (v?.packedFrom && JSON.stringify(v.packedFrom) !== JSON.stringify(parts)) {
        bad(`parts disagree with the packedFrom of axis ${v.id}`);
      }
      if (e.op === 'pack') {
        argAxes.forEach((ax, i) => {
          if (ax.includes(s('axis'))) bad(`argument ${i} already has the vector axis`);
        });
      } else {
        const k = e.attrs['part'] as number;
        if (!Number.isInteger(k) || k < 0 || k >= parts.length) bad(`part ${k} out of range`);
        else {
          declared(l('into'));
          const flat = unpackFlatAxes(e.attrs);
          const batch = argAxes[0]!.filter((a) => a !== s('axis'));
          for (const a of flat)
            if (batch.includes(a)) bad(`flattened axis ${a} is also a batch axis`);
        }
      }
      break;
    }
    default:
      break;
  }
}
