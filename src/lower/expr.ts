// Lowers typed expressions to IR values over named axes: plate indices label axes, other indices gather.
import type { AxisId, OpName, ValueId } from '../ir/ir.js';
import type { TExpr } from '../check/typed.js';
import { InternalError } from '../diag/diagnostic.js';
import { builtinOp, operatorOp } from '../ir/elementwise.js';
import { leftSpine } from '../check/left-spine.js';
import { type Ctx, fullAxis, isSubsampled, plateById, subsampleIndex } from './ctx.js';
import { type LVal, scalar } from './values.js';

export function lowerExpr(ctx: Ctx, e: TExpr): LVal {
  return ctx.b.at(e.span, () => lowerInner(ctx, e));
}

function lowerInner(ctx: Ctx, e: TExpr): LVal {
  const b = ctx.b;
  switch (e.kind) {
    case 'Num':
      return scalar(b.const(e.value));
    case 'Name':
      return lowerName(ctx, e);
    case 'Index':
      return lowerIndex(ctx, e);
    case 'Unary': {
      const x = lowerExpr(ctx, e.operand);
      return { v: b.op(syntaxOp(operatorOp(e.op, 1), e.op), [x.v]), dims: x.dims };
    }
    case 'Binary': {
      // A loop down the left-nested chain (`a + b + ... + z`), left to right as written: a 10000-term sum is
      // 9999 adds in the source's order (float sums are not associative), without recursing 10000 deep.
      const { first, nodes } = leftSpine(e, isBinary);
      let l = lowerExpr(ctx, first);
      for (const n of nodes) {
        const r = lowerExpr(ctx, n.right);
        const left = l;
        l = b.at(n.span, () => elementwise(ctx, syntaxOp(operatorOp(n.op, 2), n.op), [left, r]));
      }
      return l;
    }
    case 'Call': {
      if (e.fn === 'dot') {
        const [a, c] = e.args.map((x) => lowerExpr(ctx, x)) as [LVal, LVal];
        return scalarReduce(ctx, elementwise(ctx, 'mul', [a, c]));
      }
      if (e.fn === 'sum') return scalarReduce(ctx, lowerExpr(ctx, e.args[0]!));
      const op = syntaxOp(builtinOp(e.fn), e.fn);
      return elementwise(
        ctx,
        op,
        e.args.map((x) => lowerExpr(ctx, x)),
      );
    }
  }
}

const isBinary = (e: TExpr): e is Extract<TExpr, { kind: 'Binary' }> => e.kind === 'Binary';

/** The op the checker accepted this syntax for (an unknown one is a checker bug). */
function syntaxOp(op: OpName | undefined, syntax: string): OpName {
  if (op === undefined) throw new InternalError(`no op for the syntax '${syntax}'`);
  return op;
}

/** Sums a value over all of its array dims. */
function scalarReduce(ctx: Ctx, x: LVal): LVal {
  let v = x.v;
  for (const d of x.dims) v = ctx.b.sum(v, d);
  return scalar(v);
}

/** An elementwise op; array operands are aligned dim by dim (the later ones renamed to the first's axes). */
export function elementwise(ctx: Ctx, op: OpName, args: readonly LVal[]): LVal {
  const lead = args.find((a) => a.dims.length > 0);
  const vs = args.map((a) => {
    if (!lead || a === lead || a.dims.length === 0) return a.v;
    let v = a.v;
    a.dims.forEach((d, k) => {
      const want = lead.dims[k];
      if (want !== undefined && want !== d) v = ctx.b.rename(v, d, want);
    });
    return v;
  });
  return { v: ctx.b.op(op, vs), dims: lead ? lead.dims : [] };
}

function lowerName(ctx: Ctx, e: Extract<TExpr, { kind: 'Name' }>): LVal {
  const ref = e.ref;
  switch (ref.kind) {
    case 'data':
      return dataAccess(ctx, ref.name, []);
    case 'let': {
      const v = ctx.lets.get(ref.id);
      if (!v) throw new InternalError(`let ${ref.name} used before lowering`);
      return v;
    }
    case 'site':
    case 'param': {
      const v = (ref.kind === 'site' ? ctx.sites : ctx.params).get(ref.name);
      if (!v) throw new InternalError(`${ref.kind} ${ref.name} used before lowering`);
      // A site or param is stored over its plates' axes; outside those plates they are its array dims. A vector's
      // own dim (of no plate) is its event axis.
      return { v: v.v, dims: e.ty.dims.map((d) => d.plate ?? v.dims[0] ?? '?') };
    }
    case 'plateIndex': {
      // A subsampled plate's index is the element's position in the full plate, not in the batch.
      const p = plateById(ctx, ref.plate);
      return scalar(
        isSubsampled(ctx, p) ? subsampleIndex(ctx, p) : ctx.b.op('iota', [], { axis: ref.plate }),
      );
    }
  }
}

/** The index an expression stands for: a plate's own axis, or a value to gather with. */
function indexOf(ctx: Ctx, e: TExpr): { plate: string } | { value: ValueId } {
  if (e.kind === 'Name' && e.ref.kind === 'plateIndex') return { plate: e.ref.plate };
  return { value: lowerExpr(ctx, e).v };
}

function lowerIndex(ctx: Ctx, e: Extract<TExpr, { kind: 'Index' }>): LVal {
  if (e.target.kind === 'Name' && e.target.ref.kind === 'data')
    return dataAccess(ctx, e.target.ref.name, e.indices);
  const t = lowerExpr(ctx, e.target);
  let v = t.v;
  e.indices.forEach((ix, k) => {
    const axis = t.dims[k]!;
    const idx = indexOf(ctx, ix);
    if ('plate' in idx) {
      if (idx.plate !== axis) v = ctx.b.rename(v, axis, idx.plate);
    } else v = ctx.b.gather(v, axis, idx.value);
  });
  return { v, dims: t.dims.slice(e.indices.length) };
}

/** A data array, its indexed dims labelled by plate axes (through the subsample when there is one) or gathered. */
function dataAccess(ctx: Ctx, name: string, indices: readonly TExpr[]): LVal {
  const info = ctx.prog.data.find((d) => d.name === name);
  if (!info) throw new InternalError(`unknown data ${name}`);
  const b = ctx.b;
  const dims: AxisId[] = [];
  const after: ((v: ValueId) => ValueId)[] = [];
  const rest: AxisId[] = [];
  info.dims.forEach((size, k) => {
    const ix = indices[k];
    const fresh = (): AxisId => b.addAxis({ id: ctx.fresh(`${name}.${k}#`), role: 'vector', size });
    if (ix === undefined) {
      const a = fresh();
      dims.push(a);
      rest.push(a);
      return;
    }
    const idx = indexOf(ctx, ix);
    if ('plate' in idx) {
      const p = plateById(ctx, idx.plate);
      if (isSubsampled(ctx, p)) {
        dims.push(fullAxis(p.id));
        after.push((v) => b.gather(v, fullAxis(p.id), subsampleIndex(ctx, p)));
      } else dims.push(p.id);
    } else {
      const a = fresh();
      dims.push(a);
      after.push((v) => b.gather(v, a, idx.value));
    }
  });
  let v = b.data(name, dims);
  for (const f of after) v = f(v);
  return { v, dims: rest };
}
