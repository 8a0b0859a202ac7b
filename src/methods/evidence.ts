// After a fit by an importance-sampling method: log p(x) and each latent's posterior mean and sd, estimated at the
// fitted params over independent repetitions (where the fit ran: the CPU interpreter, or the WebGPU kernels).
// The functions evaluated come from an EstimateSource (lowered, or a compiled module's): nothing here lowers.
import { resolveAxisSizes } from '../ir/axes.js';
import { unconstrainValues } from '../distributions/constrain-values.js';
import { withSourceZeros, type PreparedFit } from '../infer/step-input.js';
import type { EstimateSource } from '../infer/estimate-functions.js';
import type { Evaluator } from './evaluator.js';
import { applyPermutation, permutation } from '../infer/permute.js';
import type { FitResult, LatentMoments } from '../infer/fit-result.js';
import { importanceSamples } from './importance-samples.js';

export interface EvidenceOptions {
  /** The samples per latent the estimate was built with (reported with it). */
  readonly K: number;
  /** Independent repetitions of the estimate. */
  readonly repeats: number;
  readonly seed: number;
  /** Posterior draws resampled from the combinations, summarised as the latents (0: keep the guide's). */
  readonly importanceSamples?: number;
}

/** The fit with `evidence` and `posterior` filled in (the source-term trick of seed 004 gives the moments). */
export async function withEvidence(
  prep: PreparedFit,
  r: FitResult,
  o: EvidenceOptions,
  evaluate: Evaluator,
  functions: EstimateSource,
): Promise<FitResult> {
  const { fn, sources } = await functions.evidence();
  const sizes = resolveAxisSizes(fn.axes, prep.data.sizes);
  // The fitted params, unconstrained (the objective's own values), then the sources' zeros.
  const fitted = new Map<string, Float64Array>();
  for (const p of fn.params) {
    const v = r.params.get(p.name);
    if (v && p.block !== 'source')
      fitted.set(p.name, unconstrainValues(p.constraint, v.values, v.shape));
  }
  const params = withSourceZeros(fn, prep.data.sizes, fitted);
  const logs: number[] = [];
  const sums = new Map<string, Float64Array>();
  await evaluate(
    fn,
    ['logP', ...sources.map((s) => `grad:${s.param}`)],
    params,
    0x7ffe0000,
    o.repeats,
    (_, vals) => {
      logs.push(vals.get('logP')!.data[0]!);
      for (const s of sources) {
        const t = vals.get(`grad:${s.param}`)!;
        const decl = fn.params.find((p) => p.name === s.param)!;
        const v = applyPermutation(t.data, permutation(t.axes, t.shape, decl.axes));
        const acc = sums.get(s.param) ?? new Float64Array(v.length);
        for (let i = 0; i < v.length; i++) acc[i] = acc[i]! + v[i]! / o.repeats;
        sums.set(s.param, acc);
      }
    },
  );
  const mean = logs.reduce((a, x) => a + x, 0) / logs.length;
  const sd = Math.sqrt(
    logs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, logs.length - 1),
  );
  const posterior = new Map<string, LatentMoments>();
  for (const s of sources) {
    if (s.kind === 'm2') continue;
    const decl = fn.params.find((p) => p.name === s.param)!;
    const v = sums.get(s.param)!;
    if (s.kind === 'm1') {
      const m2 = sums.get(sources.find((x) => x.site === s.site && x.kind === 'm2')!.param)!;
      posterior.set(s.site, {
        shape: decl.axes.map((a) => sizes.get(a)!),
        mean: v,
        sd: v.map((m, i) => Math.sqrt(Math.max(0, m2[i]! - m * m))),
      });
      continue;
    }
    // An enumerated site's marginals over its values (then the particles, summed: under `is` each particle has
    // its own): the mean and sd of the value, P(the site does not exist) counting as the value 0.
    const value = decl.axes.findIndex((a) => a.startsWith('enum:'));
    const shape = decl.axes.slice(0, value).map((a) => sizes.get(a)!);
    const k = sizes.get(decl.axes[value]!)!;
    const reps = decl.axes.slice(value + 1).reduce((a, x) => a * sizes.get(x)!, 1);
    const n = v.length / k / reps;
    const m = new Float64Array(n);
    const sdv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < k; j++)
        for (let r = 0; r < reps; r++) {
          const p = v[(i * k + j) * reps + r]!;
          s1 += j * p;
          s2 += j * j * p;
        }
      m[i] = s1;
      sdv[i] = Math.sqrt(Math.max(0, s2 - s1 * s1));
    }
    posterior.set(s.site, { shape, mean: m, sd: sdv });
  }
  const n = o.importanceSamples ?? 0;
  return {
    ...r,
    ...(n > 0
      ? {
          latentsFrom: 'importance samples' as const,
          latents: await importanceSamples(
            prep,
            fitted,
            evaluate,
            { draws: n, seed: o.seed },
            await functions.importance(),
          ),
        }
      : {}),
    evidence: { mean, se: sd / Math.sqrt(logs.length), repeats: logs.length, K: o.K },
    posterior,
  };
}
