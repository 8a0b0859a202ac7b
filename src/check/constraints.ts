// Checks a param's constraint (real | positive | unit | interval(LO, HI) with constant LO < HI) and a constant initialiser against it.
import type { Constraint, SizeExpr } from '../parser/ast.js';
import type { Size } from '../ir/ir.js';
import { resolveSize } from './sizes.js';
import type { Span } from '../diag/span.js';
import { CONSTRAINTS, type ConstraintName } from './builtins.js';
import { report, type Env } from './scope.js';
import { typeExpr } from './exprs.js';
import type { TConstraint, TExpr } from './typed.js';

/** The value of a numeric constant (`2`, `-1.5`), or null. */
export function constValue(e: TExpr): number | null {
  if (e.kind === 'Num') return e.value;
  if (e.kind === 'Unary' && e.op === '-') {
    const v = constValue(e.operand);
    return v === null ? null : -v;
  }
  return null;
}

export function checkConstraint(env: Env, c: Constraint | null, defaultSpan: Span): TConstraint {
  if (c === null) return { name: 'real', args: [], span: defaultSpan };
  const args = c.args.map((a) => typeExpr(env, a));
  const name = c.name.name;
  if (!(CONSTRAINTS as readonly string[]).includes(name)) {
    report(env.ctx, 'E0410', c.name.span, { variant: 'unknown', name });
    return { name: 'real', args: [], span: c.span };
  }
  const cn = name as ConstraintName;
  if (cn === 'simplex') return { name: cn, args, size: simplexSize(env, c), span: c.span };
  if (cn !== 'interval') {
    if (args.length > 0) report(env.ctx, 'E0410', c.span, { variant: 'arguments', name });
    return { name: cn, args: [], span: c.span };
  }
  if (args.length !== 2) {
    report(env.ctx, 'E0411', c.span, { variant: 'arity', given: args.length });
    return { name: cn, args, span: c.span };
  }
  const [lo, hi] = args.map(constValue);
  if (lo === null || hi === null || lo === undefined || hi === undefined) {
    const bad = lo === null ? args[0]! : args[1]!;
    report(env.ctx, 'E0411', bad.span, { variant: 'notConstant' });
  } else if (!(lo < hi)) {
    report(env.ctx, 'E0411', c.span, { variant: 'empty', lo, hi });
  }
  return { name: cn, args, span: c.span };
}

/** simplex(K)'s K, a size as a plate's is (an int literal, at least 1 here, or a scalar int data name). */
function simplexSize(env: Env, c: Constraint): Size | null {
  const a = c.args.length === 1 ? c.args[0]! : null;
  const size: SizeExpr | null =
    a?.kind === 'Num' && a.isInt && a.value >= 1
      ? { kind: 'SizeLit', value: a.value, span: a.span }
      : a?.kind === 'Name'
        ? { kind: 'SizeName', name: a.name, span: a.span }
        : null;
  if (size === null) {
    report(env.ctx, 'E0410', c.span, { variant: 'simplexSize' });
    return null;
  }
  return resolveSize(env.ctx, size, 'size');
}

/** Reports a constant initialiser that its constraint excludes (the unconstrained start would be infinite). */
export function checkConstInit(env: Env, name: string, c: TConstraint, init: TExpr): void {
  const v = constValue(init);
  if (v === null) return;
  if (c.name === 'positive' && !(v > 0))
    report(env.ctx, 'E0413', init.span, { variant: 'positive', name, value: v });
  else if (c.name === 'simplex' && !(v > 0))
    report(env.ctx, 'E0413', init.span, { variant: 'positive', name, value: v });
  else if (c.name === 'unit' && !(v > 0 && v < 1))
    report(env.ctx, 'E0413', init.span, { variant: 'unit', name, value: v });
  else if (c.name === 'interval' && c.args.length === 2) {
    const [lo, hi] = c.args.map(constValue);
    if (lo == null || hi == null || !(lo < hi)) return;
    if (!(v > lo && v < hi))
      report(env.ctx, 'E0413', init.span, { variant: 'interval', name, value: v, lo, hi });
  }
}
