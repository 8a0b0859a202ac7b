// Pyro's validate_args for arguments computed at run time: where an argument leaves its constraint (a scale of 0,
// a probability above 1) the log-density is NaN, so that the fit stops there on either backend. On the GPU a driver
// may fold 0 * x to 0 and an undefined density to a finite number, so a bad argument must not rely on IEEE rules.
import type { ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { DistParams } from './record.js';

/** The constraint of each argument, by its (Pyro) name: the same for every family that takes it. */
export type ArgConstraint = 'real' | 'positive' | 'nonnegative' | 'unit';

export const ARG_CONSTRAINTS: Readonly<Record<string, ArgConstraint>> = {
  loc: 'real',
  logits: 'real',
  low: 'real',
  high: 'real',
  scale: 'positive',
  rate: 'positive',
  concentration: 'positive',
  concentration1: 'positive',
  concentration0: 'positive',
  df: 'positive',
  total_count: 'nonnegative',
  probs: 'unit',
};

/** What the constraint asks, for messages ("Normal's scale must be positive"). */
export const CONSTRAINT_WORDS: Readonly<Record<ArgConstraint, string>> = {
  real: 'a number',
  positive: 'positive',
  nonnegative: 'at least 0',
  unit: 'between 0 and 1',
};

/** 1 where the argument meets its constraint, else 0; null where every value does (real). */
function holds(b: Builder, c: ArgConstraint, v: ValueId): ValueId | null {
  switch (c) {
    case 'real':
      return null;
    case 'positive':
      return b.op('gt', [v, b.const(0)]);
    case 'nonnegative':
      return b.op('ge', [v, b.const(0)]);
    case 'unit':
      return b.op('and', [b.op('ge', [v, b.const(0)]), b.op('le', [v, b.const(1)])]);
  }
}

/** One argument's check: its value, 1 where it meets its constraint (else 0), and what the constraint asks. */
export interface ArgCheck {
  readonly arg: string;
  readonly value: ValueId;
  readonly ok: ValueId;
  readonly must: string;
}

/**
 * The checks of a family's scalar arguments, and `ok`: 1 where all hold (null when none is checked). Vector
 * arguments (Categorical's probs, Dirichlet's concentration) are left to their densities.
 */
export function argumentChecks(
  b: Builder,
  params: DistParams,
  vectorParams: readonly string[],
): { ok: ValueId | null; checks: ArgCheck[] } {
  const checks: ArgCheck[] = [];
  for (const [arg, value] of Object.entries(params)) {
    const c = ARG_CONSTRAINTS[arg];
    if (c === undefined || vectorParams.includes(arg)) continue;
    const ok = holds(b, c, value);
    if (ok !== null) checks.push({ arg, value, ok, must: CONSTRAINT_WORDS[c] });
  }
  const ok =
    checks.length === 0 ? null : checks.map((c) => c.ok).reduce((x, y) => b.op('and', [x, y]));
  return { ok, checks };
}

/**
 * `v` where ok holds, NaN elsewhere: v plus a term of constants, so that v's cotangent stays what it was (a
 * select on v would make it a select too, and a sum of the broadcast cotangent would no longer fold away).
 */
export function nanUnless(b: Builder, ok: ValueId, v: ValueId): ValueId {
  return b.add(v, b.op('select', [ok, b.const(0), b.const(NaN)]));
}
