// Types expressions: literals, names, indexing (partial indexing gives the remaining row), operators and built-in calls.
import type { Arg, BinaryOp, Expr } from '../parser/ast.js';
import type { Span } from '../diag/span.js';
import { DISTRIBUTIONS } from '../distributions/table.js';
import { BUILTINS } from './builtins.js';
import { leftSpine } from './left-spine.js';
import { report, type Env } from './scope.js';
import { resolveName } from './names.js';
import type { Dim, TExpr, Ty } from './typed.js';
import { UNKNOWN, isUnknown, scalar, sizeEq, sizeText, tyPhrase } from './ty.js';

export function typeExpr(env: Env, e: Expr): TExpr {
  switch (e.kind) {
    case 'Num':
      return { kind: 'Num', value: e.value, ty: scalar(e.isInt ? 'int' : 'real'), span: e.span };
    case 'Name':
      return resolveName(env, e.name, e.span);
    case 'Index':
      return typeIndex(env, e.target, e.indices, e.span);
    case 'Unary': {
      const operand = typeExpr(env, e.operand);
      const ty = isUnknown(operand.ty)
        ? UNKNOWN
        : e.op === '!'
          ? { base: 'int' as const, dims: operand.ty.dims }
          : operand.ty;
      return { kind: 'Unary', op: e.op, operand, ty, span: e.span };
    }
    case 'Binary': {
      // A loop down the left-nested chain (`a + b + ... + z`), recursing only into right operands.
      const { first, nodes } = leftSpine(e, isBinary);
      let left = typeExpr(env, first);
      for (const n of nodes) {
        const right = typeExpr(env, n.right);
        const dims = broadcast(env, [left, right], { variant: 'operator', op: n.op }, n.span);
        const ty = dims === null ? UNKNOWN : { base: binaryBase(n.op, left.ty, right.ty), dims };
        left = { kind: 'Binary', op: n.op, left, right, ty, span: n.span };
      }
      return left;
    }
    case 'Call':
      return typeCall(env, e.callee.name, e.callee.span, e.args, e.span);
  }
}

const isBinary = (e: Expr): e is Extract<Expr, { kind: 'Binary' }> => e.kind === 'Binary';

function binaryBase(op: BinaryOp, l: Ty, r: Ty): 'int' | 'real' {
  if (op === '+' || op === '-' || op === '*')
    return l.base === 'int' && r.base === 'int' ? 'int' : 'real';
  if (op === '/' || op === '^') return 'real';
  return 'int'; // comparisons and logic give 1 or 0
}

/** What combines the operands, as E0304 names it. */
type Combiner = { variant: 'operator'; op: string } | { variant: 'function'; fn: string };

/** Elementwise combination: at most one operand may be an array; scalars broadcast over it. Null when unknown. */
function broadcast(
  env: Env,
  args: readonly TExpr[],
  what: Combiner,
  span: Span,
): readonly Dim[] | null {
  if (args.some((a) => isUnknown(a.ty))) return null;
  const arrays = args.filter((a) => a.ty.dims.length > 0);
  if (arrays.length > 1) {
    report(
      env.ctx,
      'E0304',
      span,
      { ...what, left: tyPhrase(arrays[0]!.ty), right: tyPhrase(arrays[1]!.ty) },
      'index the arrays inside a plate, or use dot or sum',
    );
    return null;
  }
  return arrays.length === 1 ? arrays[0]!.ty.dims : [];
}

function typeIndex(env: Env, targetE: Expr, indexEs: readonly Expr[], span: Span): TExpr {
  const target = typeExpr(env, targetE);
  const indices = indexEs.map((i) => typeExpr(env, i));
  const node = (ty: Ty): TExpr => ({ kind: 'Index', target, indices, ty, span });
  // Messages name the indexed value when it is a name, else say "this value".
  const name = target.kind === 'Name' ? target.name : null;
  let ok = true;
  for (const ix of indices) {
    if (isUnknown(ix.ty)) ok = false;
    else if (ix.ty.base !== 'int' || ix.ty.dims.length > 0) {
      report(env.ctx, 'E0302', ix.span, { type: tyPhrase(ix.ty) });
      ok = false;
    }
  }
  if (isUnknown(target.ty)) return node(UNKNOWN);
  const dims = target.ty.dims;
  if (indices.length > dims.length) {
    const counts = { dims: dims.length, indices: indices.length };
    if (dims.length === 0)
      report(
        env.ctx,
        'E0301',
        span,
        name === null ? { variant: 'scalarValue' } : { variant: 'scalarName', name },
      );
    else
      report(
        env.ctx,
        'E0301',
        span,
        name === null
          ? { variant: 'tooManyValue', ...counts }
          : { variant: 'tooManyName', name, ...counts },
      );
    return node(UNKNOWN);
  }
  indices.forEach((ix, k) => {
    const dim = dims[k]!;
    if (ix.kind === 'Name' && ix.ref.kind === 'plateIndex') {
      const plate = env.ctx.plates.get(ix.ref.plate);
      if (plate && !env.ctx.badPlates.has(plate.id) && !sizeEq(plate.size, dim.size)) {
        const sizes = {
          index: ix.name,
          plateSize: sizeText(plate.size),
          dim: k + 1,
          size: sizeText(dim.size),
        };
        report(
          env.ctx,
          'E0303',
          ix.span,
          name === null ? { variant: 'value', ...sizes } : { variant: 'name', name, ...sizes },
        );
        ok = false;
      }
    }
    const lit = literalInt(ix);
    if (lit !== null && dim.size.kind === 'lit' && (lit < 0 || lit >= dim.size.value)) {
      const where = { index: lit, dim: k + 1, size: dim.size.value };
      report(
        env.ctx,
        'E0310',
        ix.span,
        name === null
          ? { variant: 'outsideValue', ...where }
          : { variant: 'outsideName', name, ...where },
      );
      ok = false;
    } else if (lit !== null && lit < 0) {
      report(env.ctx, 'E0310', ix.span, { variant: 'negative', index: lit });
      ok = false;
    }
  });
  if (!ok) return node(UNKNOWN);
  return node({ base: target.ty.base, dims: dims.slice(indices.length) });
}

function literalInt(e: TExpr): number | null {
  if (e.kind === 'Num' && Number.isInteger(e.value)) return e.value;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Num') return -e.operand.value;
  return null;
}

function typeCall(env: Env, fn: string, fnSpan: Span, argEs: readonly Arg[], span: Span): TExpr {
  const args = argEs.map((a) => typeExpr(env, a.value));
  const node = (ty: Ty): TExpr => ({ kind: 'Call', fn, args, ty, span });
  const b = BUILTINS.get(fn);
  if (!b) {
    const note = DISTRIBUTIONS.has(fn)
      ? `${fn} is a distribution; it can only follow '~'`
      : undefined;
    report(env.ctx, 'E0211', fnSpan, { fn }, note);
    return node(UNKNOWN);
  }
  const named = argEs.find((a) => a.name !== null);
  if (named) {
    report(env.ctx, 'E0311', named.span, { fn });
    return node(UNKNOWN);
  }
  if (args.length !== b.arity) {
    report(env.ctx, 'E0305', span, { fn, arity: b.arity, given: args.length });
    return node(UNKNOWN);
  }
  if (b.kind === 'elementwise') {
    const dims = broadcast(env, args, { variant: 'function', fn }, span);
    return node(dims === null ? UNKNOWN : { base: 'real', dims });
  }
  if (args.some((a) => isUnknown(a.ty))) return node(UNKNOWN);
  if (b.kind === 'sum') {
    const v = args[0]!;
    if (v.ty.dims.length !== 1) {
      report(env.ctx, 'E0307', v.span, { type: tyPhrase(v.ty) });
      return node(UNKNOWN);
    }
    return node(scalar(v.ty.base));
  }
  const [a, c] = [args[0]!, args[1]!];
  for (const v of [a, c]) {
    if (v.ty.dims.length !== 1) {
      report(env.ctx, 'E0306', v.span, { variant: 'notVector', type: tyPhrase(v.ty) });
      return node(UNKNOWN);
    }
  }
  if (!sizeEq(a.ty.dims[0]!.size, c.ty.dims[0]!.size)) {
    report(env.ctx, 'E0306', span, {
      variant: 'sizes',
      left: sizeText(a.ty.dims[0]!.size),
      right: sizeText(c.ty.dims[0]!.size),
    });
    return node(UNKNOWN);
  }
  return node(scalar('real'));
}
