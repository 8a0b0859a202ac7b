// Checks a param's constraint (real | positive | unit | interval(LO, HI) with constant LO < HI) and a constant initialiser against it.
import type { Constraint } from '../parser/ast.js';
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
    report(
      env.ctx,
      'E0410',
      c.name.span,
      `constraint '${name}' is not known; use real, positive, unit or interval(LO, HI)`,
    );
    return { name: 'real', args: [], span: c.span };
  }
  const cn = name as ConstraintName;
  if (cn !== 'interval') {
    if (args.length > 0)
      report(env.ctx, 'E0410', c.span, `constraint '${name}' takes no arguments`);
    return { name: cn, args: [], span: c.span };
  }
  if (args.length !== 2) {
    report(
      env.ctx,
      'E0411',
      c.span,
      `interval takes two bounds, interval(LO, HI), but ${args.length} ${args.length === 1 ? 'is' : 'are'} given`,
    );
    return { name: cn, args, span: c.span };
  }
  const [lo, hi] = args.map(constValue);
  if (lo === null || hi === null || lo === undefined || hi === undefined) {
    const bad = lo === null ? args[0]! : args[1]!;
    report(env.ctx, 'E0411', bad.span, 'interval bounds must be numeric constants');
  } else if (!(lo < hi)) {
    report(
      env.ctx,
      'E0411',
      c.span,
      `interval(${lo}, ${hi}) is empty: its lower bound must be below its upper bound`,
    );
  }
  return { name: cn, args, span: c.span };
}

/** Reports a constant initialiser that its constraint excludes (the unconstrained start would be infinite). */
export function checkConstInit(env: Env, name: string, c: TConstraint, init: TExpr): void {
  const v = constValue(init);
  if (v === null) return;
  let inside = true;
  let where = '';
  if (c.name === 'positive') [inside, where] = [v > 0, 'a positive value'];
  else if (c.name === 'unit') [inside, where] = [v > 0 && v < 1, 'a value in (0, 1)'];
  else if (c.name === 'interval' && c.args.length === 2) {
    const [lo, hi] = c.args.map(constValue);
    if (lo == null || hi == null || !(lo < hi)) return;
    [inside, where] = [v > lo && v < hi, `a value in (${lo}, ${hi})`];
  }
  if (!inside)
    report(
      env.ctx,
      'E0413',
      init.span,
      `param '${name}' starts at ${v}, but its constraint needs ${where}`,
    );
}
