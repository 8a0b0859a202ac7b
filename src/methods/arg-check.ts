// After a divergence, names the distribution argument that left its constraint at the failing step (as Pyro's
// validate_args would have), by lowering guide and model once more and evaluating them on the CPU at that step.
import type { ValueId } from '../ir/ir.js';
import { evaluate } from '../ir/interp.js';
import { lowerProgram } from '../lower/lower-program.js';
import { dataEnv, withSourceZeros, type PreparedFit } from '../infer/step-input.js';
import type { ParamValue } from '../infer/fit-result.js';
import { unconstrainValues } from '../lower/bijection-of.js';
import { unflatten } from '../ir/tensor.js';

export interface BadArgument {
  readonly site: string;
  readonly line: number;
  readonly message: string;
}

/** A number as messages show it (0, -1.5, 3.2e-45). */
const shown = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/**
 * The first argument (guide first, then model, in program order) outside its constraint at `step` with `params`,
 * (constrained, as a fit reports them) under the fit's particles and seed; null when every argument is within its constraint there.
 */
export function badArgument(
  prep: PreparedFit,
  params: ReadonlyMap<string, ParamValue>,
  particles: number,
  seed: number,
  step: number,
): BadArgument | null {
  const l = lowerProgram(prep.checked, 'arg-check', {
    particles,
    subsample: true,
    reparameterized: true,
    scoreFunction: true,
  });
  const sites = [...l.guide.siteArgs, ...l.model.siteArgs];
  const outs: Record<string, ValueId> = {};
  sites.forEach((s, i) =>
    s.checks.forEach((c, j) => {
      outs[`ok:${i}:${j}`] = c.ok;
      outs[`value:${i}:${j}`] = c.value;
    }),
  );
  if (Object.keys(outs).length === 0) return null;
  const fn = l.ctx.b.finish(outs);
  const given = new Map(
    fn.params.flatMap((d) => {
      const p = params.get(d.name);
      return p ? [[d.name, unconstrainValues(d.constraint, p.values, p.shape)] as const] : [];
    }),
  );
  const env = dataEnv(prep.data, withSourceZeros(fn, prep.sizes, given), seed, step);
  const vals = evaluate(fn, env);
  for (const [i, s] of sites.entries())
    for (const [j, c] of s.checks.entries()) {
      const ok = vals.get(`ok:${i}:${j}`)!;
      const k = ok.data.findIndex((x) => x === 0);
      if (k < 0) continue;
      // The value broadcast to the check's shape: its element at the same coordinates.
      const v = vals.get(`value:${i}:${j}`)!;
      const at = unflatten(ok.shape, k);
      const coord = new Map(ok.axes.map((a, n) => [a, at[n]!]));
      const flat = v.axes.reduce((f, a, n) => f * v.shape[n]! + (coord.get(a) ?? 0), 0);
      const where = v.data.length > 1 ? ' at one of its elements' : '';
      return {
        site: s.site,
        line: s.line,
        message: `${s.dist}'s ${c.arg} for '${s.site}' (line ${s.line}) is ${shown(v.data[flat]!)}${where} at step ${step}, but must be ${c.must}`,
      };
    }
  return null;
}
