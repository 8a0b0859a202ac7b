// Seed 004's importance_sample: posterior draws of every latent resampled from all K^n combinations of the K samples,
// each summed axis's index drawn given the others by walking the contraction plan backwards (forward filtering,
// backward sampling), so no combination is ever listed.
import { stridesOf, unflatten, type Tensor } from '../ir/tensor.js';
import type { ValueId } from '../ir/ir.js';
import { evaluate } from '../ir/interp.js';
import { simplify } from '../ir/passes/simplify.js';
import { streamId, uniform01 } from '../rng/keyed.js';
import { dataEnv, type PreparedFit } from '../infer/prepare.js';
import { summarise, type SiteSummary } from '../infer/summary.js';
import { lowerEstimate, type Indexing } from './massively-parallel.js';

/** Independent sets of K samples the draws are spread over. */
const SETS = 20;

export interface ImportanceOptions {
  readonly method: string;
  readonly K: number;
  readonly indexing: Indexing;
  readonly draws: number;
  readonly seed: number;
}

/** Row-major strides of a tensor, by axis. */
function strides(t: Tensor): Map<string, number> {
  const st = stridesOf(t.shape);
  return new Map(t.axes.map((a, i) => [a, st[i]!]));
}

/**
 * `draws` posterior draws of every model latent (constrained), summarised per element. `params` are the
 * fitted params (unconstrained), by name.
 */
export function importanceSamples(
  prep: PreparedFit,
  params: ReadonlyMap<string, Float64Array>,
  o: ImportanceOptions,
): Map<string, SiteSummary> {
  const e = lowerEstimate(prep.checked, {
    method: o.method,
    K: o.K,
    indexing: o.indexing,
    full: true,
  });
  const { b, sites: siteValues } = e.l.ctx;
  const outs: Record<string, ValueId> = { logP: e.logP };
  for (const [id, v] of e.c.joints) outs[`joint:${id}`] = v;
  const latents = prep.checked.sites.filter((s) => s.block === 'model' && s.role === 'latent');
  for (const s of latents) {
    const v = siteValues.get(s.name);
    if (v) outs[`site:${s.name}`] = v.v;
  }
  const fn = simplify(b.finish(outs));
  // Draws from one set of K samples take at most K values per element: they are spread over independent sets.
  const sets = Math.min(o.draws, SETS);
  const plan = e.c.plan;
  const canon = e.c.canon;
  const home = new Map(plan.vars.map((v) => [v.axis, v.home]));
  const stream = streamId('importance_sample');
  const size = new Map<string, number>();
  const bySite = new Map<string, Float64Array>();
  let counter = 0;
  for (let set = 0; set < sets; set++) {
    const vals = evaluate(fn, dataEnv(prep.data, params, o.seed, 0x7ffd0000 + set));
    for (const t of vals.values()) t.axes.forEach((a, i) => size.set(canon(a), t.shape[i]!));
    const first = Math.floor((set * o.draws) / sets);
    const count = Math.floor(((set + 1) * o.draws) / sets) - first;
    // Per draw, per var: its index per element of its home plates (row-major over them).
    const draws = Array.from({ length: count }, () => new Map<string, Int32Array>());
    for (let r = 0; r < count; r++) {
      const idx = draws[r]!;
      for (const s of [...plan.steps].reverse()) {
        if (s.kind !== 'eliminate') continue;
        const J = vals.get(`joint:${s.out}`)!;
        const st = strides(J);
        const at = (a: string): number => J.axes.reduce((n, x, i) => (canon(x) === a ? i : n), -1);
        const L = s.plates;
        const Lshape = L.map((p) => size.get(p)!);
        const n = Lshape.reduce((a, x) => a * x, 1);
        const k = size.get(s.axis)!;
        const out = new Int32Array(n);
        const logw = new Float64Array(k);
        const vStride = st.get(J.axes[at(s.axis)]!)!;
        for (let el = 0; el < n; el++) {
          const c = unflatten(Lshape, el);
          let base = 0;
          L.forEach((p, d) => {
            const ai = at(p);
            if (ai >= 0) base += c[d]! * st.get(J.axes[ai]!)!;
          });
          for (const u of s.vars) {
            const ai = at(u);
            if (ai < 0) continue;
            const h = home.get(u)!;
            const hIdx = h.reduce((a, p) => a * size.get(p)! + c[L.indexOf(p)]!, 0);
            base += idx.get(u)![hIdx]! * st.get(J.axes[ai]!)!;
          }
          let top = -Infinity;
          for (let j = 0; j < k; j++) top = Math.max(top, (logw[j] = J.data[base + j * vStride]!));
          let tot = 0;
          for (let j = 0; j < k; j++) tot += logw[j] = Math.exp(logw[j]! - top);
          let u = uniform01(o.seed, stream, first + r, counter++, 0) * tot;
          let pick = k - 1;
          for (let j = 0; j < k; j++)
            if ((u -= logw[j]!) < 0) {
              pick = j;
              break;
            }
          out[el] = pick;
        }
        idx.set(s.axis, out);
      }
    }
    for (const s of latents) {
      const T = vals.get(`site:${s.name}`);
      if (!T) continue;
      const st = strides(T);
      const shape = s.plates.map((p) => size.get(canon(p))!);
      const n = shape.reduce((a, x) => a * x, 1);
      const samples = bySite.get(s.name) ?? new Float64Array(o.draws * n);
      bySite.set(s.name, samples);
      const sampled = T.axes.filter((a) => home.has(a));
      for (let r = 0; r < count; r++)
        for (let el = 0; el < n; el++) {
          const c = unflatten(shape, el);
          const coord = new Map(s.plates.map((p, d) => [canon(p), c[d]!]));
          let off = 0;
          for (const a of T.axes) if (coord.has(canon(a))) off += coord.get(canon(a))! * st.get(a)!;
          for (const v of sampled) {
            const h = home.get(v)!;
            const hIdx = h.reduce((a, p) => a * size.get(p)! + coord.get(p)!, 0);
            off += draws[r]!.get(v)![hIdx]! * st.get(v)!;
          }
          samples[(first + r) * n + el] = T.data[off]!;
        }
    }
  }
  const result = new Map<string, SiteSummary>();
  for (const s of latents) {
    const samples = bySite.get(s.name);
    if (samples)
      result.set(
        s.name,
        summarise(
          samples,
          o.draws,
          s.plates.map((p) => size.get(canon(p))!),
        ),
      );
  }
  return result;
}
