// Checks a distribution call: a known name, arguments mapped to exactly one of its forms (Pyro's names), argument shapes.
import type { DistCall } from '../parser/ast.js';
import { DISTRIBUTIONS } from '../distributions/table.js';
import type { Distribution } from '../distributions/record.js';
import { report, type Env } from './scope.js';
import { typeExpr } from './exprs.js';
import type { TDist, TExpr } from './typed.js';
import { isUnknown, tyPhrase } from './ty.js';

export interface CheckedDist {
  readonly dist: TDist;
  readonly family: Distribution | null; // null when unknown
}

const formsText = (s: Distribution): string => s.forms.map((f) => `(${f.join(', ')})`).join(' or ');

export function checkDist(env: Env, d: DistCall): CheckedDist {
  const typed = d.args.map((a) => typeExpr(env, a.value));
  const family = DISTRIBUTIONS.get(d.name.name) ?? null;
  const fail = (): CheckedDist => ({
    dist: { name: d.name.name, args: {}, span: d.span },
    family,
  });
  if (!family) {
    report(
      env.ctx,
      'E0451',
      d.name.span,
      { name: d.name.name },
      `known: ${[...DISTRIBUTIONS.keys()].join(', ')}`,
    );
    return fail();
  }
  const ctx = env.ctx;
  const name = family.name;
  const positional: TExpr[] = [];
  const named = new Map<string, TExpr>();
  let ok = true;
  d.args.forEach((a, k) => {
    if (a.name === null) {
      if (named.size > 0) {
        report(ctx, 'E0456', a.span, { dist: name });
        ok = false;
      } else positional.push(typed[k]!);
      return;
    }
    const n = a.name.name;
    if (!family.forms.some((f) => f.includes(n))) {
      report(ctx, 'E0452', a.name.span, { dist: name, arg: n, forms: formsText(family) });
      ok = false;
    } else if (named.has(n)) {
      report(ctx, 'E0453', a.name.span, { variant: 'byName', arg: n, dist: name });
      ok = false;
    } else named.set(n, typed[k]!);
  });
  if (!ok) return fail();
  const fits = family.forms.filter(
    (f) =>
      positional.length <= f.length &&
      [...named.keys()].every((n) => f.indexOf(n) >= positional.length),
  );
  // Positional arguments alone take the first form (Bernoulli(p) is probs, as in Pyro).
  const complete = fits.filter((f) => f.length === positional.length + named.size);
  if (complete.length === 0) {
    const names = [...named.keys()];
    const clash =
      family.forms.length > 1 &&
      names.length > 1 &&
      !family.forms.some((f) => names.every((n) => f.includes(n)));
    const maxLen = Math.max(...family.forms.map((f) => f.length));
    if (clash) {
      report(ctx, 'E0455', d.span, {
        dist: name,
        forms: formsText(family),
        names: names.join(' and '),
      });
    } else if (positional.length > maxLen) {
      report(ctx, 'E0454', d.span, {
        variant: 'tooMany',
        dist: name,
        max: maxLen,
        forms: formsText(family),
        given: positional.length,
      });
    } else if (fits.length > 0) {
      const f = fits[0]!;
      const missing = f.slice(positional.length).filter((n) => !named.has(n));
      report(ctx, 'E0454', d.span, {
        variant: 'missing',
        dist: name,
        count: missing.length,
        names: missing.map((m) => `'${m}'`).join(', '),
      });
    } else {
      const twice = names.find((n) =>
        family.forms.some((f) => f.indexOf(n) >= 0 && f.indexOf(n) < positional.length),
      );
      if (twice)
        report(ctx, 'E0453', d.span, { variant: 'byPositionAndName', arg: twice, dist: name });
      else
        report(ctx, 'E0454', d.span, { variant: 'noForm', dist: name, forms: formsText(family) });
    }
    return fail();
  }
  const form = complete[0]!;
  const args: Record<string, TExpr> = {};
  form.forEach((p, k) => (args[p] = k < positional.length ? positional[k]! : named.get(p)!));
  for (const p of form) {
    const a = args[p]!;
    if (isUnknown(a.ty)) continue;
    const vector = family.vectorParams.includes(p);
    if (vector && a.ty.dims.length !== 1) {
      report(ctx, 'E0309', a.span, { arg: p, dist: name, type: tyPhrase(a.ty) });
    } else if (!vector && a.ty.dims.length !== 0) {
      report(
        ctx,
        'E0308',
        a.span,
        { variant: 'distArg', arg: p, dist: name, type: tyPhrase(a.ty) },
        'index the array inside a plate',
      );
    }
  }
  return { dist: { name, args, span: d.span }, family };
}
