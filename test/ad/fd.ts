// Test helper: compares grad() against central finite differences of the scalar output in float64.
import type { IRFunction } from '../../src/ir/ir.js';
import { evaluate, type EvalEnv } from '../../src/ir/interp.js';
import { grad } from '../../src/ad/grad.js';
import { verifyIR } from '../../src/ir/verify.js';

export interface FdResult {
  readonly worst: number; // max |ad - fd| / (atol + rtol * max(|ad|, |fd|)); <= 1 passes
  readonly where: string;
}

function scalar(fn: IRFunction, env: EvalEnv, of: string): number {
  const t = evaluate(fn, env).get(of)!;
  let s = 0;
  for (const x of t.data) s += x;
  return s;
}

/** Params must be declared with their axes in canonical order (grad outputs are canonical). */
export function fdCheck(
  fn: IRFunction,
  env: EvalEnv,
  of = 'loss',
  h = 1e-5,
  rtol = 1e-5,
  atol = 1e-7,
): FdResult {
  const wrt = fn.params.map((p) => p.name);
  const g = grad(fn, of, wrt);
  const errs = verifyIR(g);
  if (errs.length > 0) throw new Error(`grad output fails verification: ${errs.join('; ')}`);
  const out = evaluate(g, env);
  let worst = 0;
  let where = '';
  for (const p of wrt) {
    const ad = out.get(`grad:${p}`)!.data;
    const base = env.params.get(p)!;
    for (let j = 0; j < base.length; j++) {
      const at = (d: number): number => {
        const v = Float64Array.from(base);
        v[j] = v[j]! + d;
        const params = new Map(env.params);
        params.set(p, v);
        return scalar(fn, { ...env, params }, of);
      };
      const fd = (at(h) - at(-h)) / (2 * h);
      const a = ad[j]!;
      const r = Math.abs(a - fd) / (atol + rtol * Math.max(Math.abs(a), Math.abs(fd)));
      if (!(r <= worst)) {
        worst = Number.isNaN(r) ? Infinity : r;
        where = `${p}[${j}]: ad=${a} fd=${fd}`;
      }
    }
  }
  return { worst, where };
}
