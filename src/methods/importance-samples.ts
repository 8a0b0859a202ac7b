// Seed 004's importance_sample: posterior draws of every latent resampled from all K^n combinations of the K samples,
// each summed axis's index drawn given the others by walking the contraction plan backwards (forward filtering,
// backward sampling), so no combination is ever listed.
import { stridesOf, unflatten, type Tensor } from '../ir/tensor.js';
import type { ContractionPlan } from '../ir/contraction.js';
import { streamId, uniform01 } from '../rng/keyed.js';
import type { PreparedFit } from '../infer/step-input.js';
import type { ImportanceFunction } from '../infer/estimate-functions.js';
import { summarise, type SiteSummary } from '../infer/summary.js';
import type { Evaluator } from './evaluator.js';
import { siteValueAxes } from '../ir/axis-names.js';

/** Independent sets of K samples the draws are spread over. */
const SETS = 20;

export interface ImportanceOptions {
  readonly draws: number;
  readonly seed: number;
}

/** Row-major strides of a tensor, by axis. */
function strides(t: Tensor): Map<string, number> {
  const st = stridesOf(t.shape);
  return new Map(t.axes.map((a, i) => [a, st[i]!]));
}

/** Where the plan's axes stand: plates by their canonical copy, sizes, and each summed axis's home plates. */
interface Layout {
  readonly canon: (plate: string) => string;
  readonly size: ReadonlyMap<string, number>;
  readonly home: ReadonlyMap<string, readonly string[]>;
}

/** The flat index over a summed axis's home plates of the element at `coord` (by canonical plate). */
function homeIndex(
  home: readonly string[],
  size: ReadonlyMap<string, number>,
  coord: ReadonlyMap<string, number>,
): number {
  return home.reduce((a, p) => a * size.get(p)! + coord.get(p)!, 0);
}

/** An index drawn with probabilities ∝ exp(logw), by the uniform u. */
function categorical(logw: Float64Array, u: number): number {
  const top = Math.max(...logw);
  const w = logw.map((x) => Math.exp(x - top));
  let rest = u * w.reduce((a, x) => a + x, 0);
  for (let j = 0; j < w.length; j++) if ((rest -= w[j]!) < 0) return j;
  return w.length - 1;
}

/**
 * One draw of every summed axis's index (per element of its home plates, row-major over them), walking the
 * plan's eliminations backwards: each axis given those eliminated after it, from the joint it was summed out of.
 */
function drawIndices(
  plan: ContractionPlan,
  vals: ReadonlyMap<string, Tensor>,
  lay: Layout,
  pick: (logw: Float64Array) => number,
): Map<string, Int32Array> {
  const idx = new Map<string, Int32Array>();
  for (const s of [...plan.steps].reverse()) {
    if (s.kind !== 'eliminate') continue;
    const J = vals.get(`joint:${s.out}`)!;
    const st = strides(J);
    const strideOf = (a: string): number => {
      const x = J.axes.find((y) => lay.canon(y) === a);
      return x === undefined ? 0 : st.get(x)!;
    };
    const Lshape = s.plates.map((p) => lay.size.get(p)!);
    const n = Lshape.reduce((a, x) => a * x, 1);
    const logw = new Float64Array(lay.size.get(s.axis)!);
    const out = new Int32Array(n);
    for (let el = 0; el < n; el++) {
      const coord = new Map(s.plates.map((p, d) => [p, unflatten(Lshape, el)[d]!]));
      let base = 0;
      for (const p of s.plates) base += coord.get(p)! * strideOf(p);
      for (const u of s.vars)
        base += idx.get(u)![homeIndex(lay.home.get(u)!, lay.size, coord)]! * strideOf(u);
      const vStride = strideOf(s.axis);
      for (let j = 0; j < logw.length; j++) logw[j] = J.data[base + j * vStride]!;
      out[el] = pick(logw);
    }
    idx.set(s.axis, out);
  }
  return idx;
}

/**
 * `draws` posterior draws of every model latent (constrained), summarised per element. `params` are the
 * fitted params (unconstrained), by name.
 */
export async function importanceSamples(
  prep: PreparedFit,
  params: ReadonlyMap<string, Float64Array>,
  evaluate: Evaluator,
  o: ImportanceOptions,
  f: ImportanceFunction,
): Promise<Map<string, SiteSummary>> {
  const latents = prep.checked.sites.filter((s) => s.block === 'model' && s.role === 'latent');
  // Draws from one set of K samples take at most K values per element: they are spread over independent sets.
  const sets = Math.min(o.draws, SETS);
  const plan = f.plan;
  const canonical = new Map(f.canon);
  const canon = (a: string): string => canonical.get(a) ?? a;
  const home = new Map(plan.vars.map((v) => [v.axis, v.home]));
  const stream = streamId('importance_sample');
  const size = new Map<string, number>();
  const bySite = new Map<string, Float64Array>();
  let counter = 0;
  await evaluate(f.fn, f.outputs, params, 0x7ffd0000, sets, (set, vals) => {
    for (const t of vals.values()) t.axes.forEach((a, i) => size.set(canon(a), t.shape[i]!));
    const first = Math.floor((set * o.draws) / sets);
    const count = Math.floor(((set + 1) * o.draws) / sets) - first;
    const draws = Array.from({ length: count }, (_, r) =>
      drawIndices(plan, vals, { canon, size, home }, (logw) =>
        categorical(logw, uniform01(o.seed, stream, first + r, counter++, 0)),
      ),
    );
    for (const s of latents) {
      const T = vals.get(`site:${s.name}`);
      if (!T) continue;
      const st = strides(T);
      const axes = siteValueAxes(s);
      const shape = axes.map((p) => size.get(canon(p))!);
      const n = shape.reduce((a, x) => a * x, 1);
      const samples = bySite.get(s.name) ?? new Float64Array(o.draws * n);
      bySite.set(s.name, samples);
      const sampled = T.axes.filter((a) => home.has(a));
      for (let el = 0; el < n; el++) {
        const c = unflatten(shape, el);
        const coord = new Map(axes.map((p, d) => [canon(p), c[d]!]));
        let off = 0;
        for (const a of T.axes) if (coord.has(canon(a))) off += coord.get(canon(a))! * st.get(a)!;
        draws.forEach((idx, r) => {
          let at = off;
          for (const v of sampled)
            at += idx.get(v)![homeIndex(home.get(v)!, size, coord)]! * st.get(v)!;
          samples[(first + r) * n + el] = T.data[at]!;
        });
      }
    }
  });
  const result = new Map<string, SiteSummary>();
  for (const s of latents) {
    const samples = bySite.get(s.name);
    if (samples)
      result.set(
        s.name,
        summarise(
          samples,
          o.draws,
          siteValueAxes(s).map((p) => size.get(canon(p))!),
        ),
      );
  }
  return result;
}
