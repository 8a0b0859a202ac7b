// Known-open failures: classes the fuzzer finds in code other helpers own (lowering, the WGSL generator, the GPU
// driver), each with a minimal reproduction and the reason. The suite reports a failure matching an entry separately
// instead of failing; fix the class, delete its entry, and the suite holds the fix. Empty this list.
import type { Problem } from './oracle.js';

export interface KnownOpen {
  readonly id: string;
  /** Who owns the fix: the folder of src. */
  readonly owner: string;
  readonly reason: string;
  /** The smallest case found that shows it. */
  readonly repro: string;
  readonly matches: (category: string, problem: Problem, repro: string) => boolean;
}

const internal = (p: Problem): boolean => p.kind === 'internal' || p.kind === 'threw';

export const KNOWN_OPEN: readonly KnownOpen[] = [
  {
    id: 'power-operator',
    owner: 'lower',
    reason:
      'the `^` operator checks (docs/language.md: right-associative, `x^-2` allowed) but lowering has no op for it: InternalError "no op for the syntax \'^\'" (pow(x, y) works)',
    repro:
      'data x: real\nmodel {\n  param w = 0.5\n  observe x ~ Normal(w ^ 2, 1)\n}\n  with {"x": 5}, any backend',
    matches: (_, p) => internal(p) && p.message.includes("no op for the syntax '^'"),
  },
  {
    id: 'site-in-both-branches',
    owner: 'lower',
    reason:
      'a latent sampled on both branches of an if, when the method declares a param per site (an enumerated discrete site\'s marginal, rws/qem moments), is declared twice: InternalError "param marginal:ignore_alarm declared twice" / "param moment1:extra declared twice"',
    repro:
      'data amount_slept: real\nmodel {\n  sample lazy ~ Bernoulli(0.9)\n  if (1 > 0) { if (lazy == 1) { sample ignore ~ Bernoulli(0.8) } }\n  else { if (lazy == 1) { sample ignore ~ Bernoulli(0.8) } }\n}\n  fitted on the CPU with {"amount_slept": 6}; and, with --method rws:\ndata y: real\nmodel {\n  sample z ~ Normal(0, 1)\n  if (y > 0) { sample w ~ Normal(z, 1) } else { sample w ~ Normal(-z, 1) }\n  observe y ~ Normal(w, 1)\n}\n  with {"y": 2} ("param moment1:w declared twice")',
    matches: (_, p) => internal(p) && /param \w+:\w+ declared twice/.test(p.message),
  },
  {
    id: 'enumerated-across-plate',
    owner: 'contract',
    reason:
      'an enumerated site inside a plate that is read across the plate\'s elements (dot(x[i], beta) with beta[j] ~ Binomial(1, 1)) is an InternalError "enum:beta meets a factor outside its plates" where docs/language.md promises E0706',
    repro:
      'examples/linreg.ppl with `sample beta[j] ~ Binomial(1, 1)` in place of Normal(0, 10), fitted on the CPU with its data',
    matches: (_, p) => internal(p) && /meets a factor outside its plates/.test(p.message),
  },
  {
    id: 'plate-of-size-zero-wgsl',
    owner: 'codegen-wgsl',
    reason:
      'a plate of size 0 generates WGSL that does not compile ("missing initializer for \'let\' declaration"); being fixed elsewhere',
    repro:
      'data N: int\ndata y: real[N]\nmodel {\n  sample mu ~ Normal(0, 1)\n  plate i in N { observe y[i] ~ Normal(mu, 1) }\n}\n  fitted on WebGPU with {"N": 0, "y": []}',
    matches: (_, p, repro) =>
      p.kind === 'invalid-wgsl' && /"\w+":0[,}]|plate \w+ in 0\b/.test(repro),
  },
  {
    id: 'webgpu-float32-overflow',
    owner: 'infer',
    reason:
      "values beyond float32's range become infinite on WebGPU: with a guide param initialised at -1e300 and data -1e300 the WebGPU fit reports loss 0 at every step and succeeds (exit 0) with the param non-finite (null in --json), where the CPU interpreter diverges at step 1",
    repro:
      'data y: real\nmodel {\n  sample z ~ Normal(0, 1)\n  observe y ~ Normal(z, 0 * z)\n}\nguide {\n  param m = -1e300\n  param s: positive = 1e-300\n  sample z ~ Normal(m, s * 1)\n}\n  pplc fit --backend webgpu --steps 28 --json with {"y": -1e300}',
    matches: (_, p) => p.kind === 'nonfinite-success' && p.message.includes('(webgpu)'),
  },
  {
    id: 'subsample-over-plate',
    owner: 'rng',
    reason:
      '`plate i in N subsample B` with B larger than the data\'s N is a RangeError "subsample size 1000 exceeds plate size 200" on the CPU (and hangs on WebGPU); no diagnostic says so; being fixed elsewhere',
    repro:
      'test/programs/normal_mean_subsample.ppl with `subsample 1000`, fitted on the CPU with test/programs/normal_mean.json (N = 200)',
    matches: (_, p) => /subsample size \d+ exceeds plate size/.test(p.message),
  },
  {
    id: 'low-rank-above-dimension',
    owner: 'lower',
    reason:
      'AutoLowRankMultivariateNormal(rank) with a rank above the latent dimension is a RangeError in lowering ("Invalid array length" at rank 1e20; a stack overflow in src/ir and over 20 s at rank 100 with 2 latents); being fixed elsewhere',
    repro:
      'test/fuzz/programs/cov_lowrank.ppl with `guide = AutoLowRankMultivariateNormal(99999999999999999999)`, fitted on the CPU',
    matches: (_, p, repro) =>
      ['threw', 'slow', 'hang', 'crash'].includes(p.kind) &&
      /AutoLowRankMultivariateNormal\(\s*\d{2,}/.test(repro),
  },
  {
    id: 'huge-literal-size',
    owner: 'lower',
    reason:
      'a size written as a literal far beyond memory (`param w: simplex(2147483648) = 1`, `plate i in 99999999999999999999`) is accepted by the checker, then lowering allocates or unrolls it: the fit never returns or dies with a RangeError',
    repro:
      'test/fuzz/programs/cov_discrete.ppl with `param w: simplex(2147483648) = 1`, fitted on the CPU with its data',
    matches: (_, p, repro) =>
      (p.kind === 'hang' ||
        p.kind === 'crash' ||
        p.kind === 'slow' ||
        (p.kind === 'threw' && /RangeError|Invalid (typed )?array length/.test(p.message))) &&
      /(simplex\(|\bin |subsample )\s*\d{7,}/.test(repro),
  },
  {
    id: 'plated-site-in-both-branches',
    owner: 'lower',
    reason:
      'a plated latent sampled on both branches of an if, guided by a plate of its own, is an InternalError "rename of i#3, which its argument lacks" (AutoNormal fits it)',
    repro:
      'data N: int\ndata y: real[N]\nmodel {\n  if (1) { plate i in N {\n    sample s[i] ~ Normal(0, 1)\n    observe y[i] ~ Normal(s[i], 1)\n  } } else { plate i in N {\n    sample s[i] ~ Normal(1, 1)\n    observe y[i] ~ Normal(s[i], 1)\n  } }\n}\nguide {\n  plate i in N {\n    param a[i] = 0\n    sample s[i] ~ Normal(a[i], 1)\n  }\n}\n  fitted on the CPU with {"N": 2, "y": [1, 2]}',
    matches: (_, p) => internal(p) && /rename of \S+, which its argument lacks/.test(p.message),
  },
  {
    id: 'wgsl-constant-log-zero',
    owner: 'codegen-wgsl',
    reason:
      'an enumerated site\'s value used as a constant probability (Bernoulli(lazy) inside `if (lazy == 1)`) makes the generator emit `log(0.0f)`, which WGSL\'s constant evaluation rejects ("log must be called with a value > 0"); the CPU fits it',
    repro:
      'data amount_slept: real\nmodel {\n  sample lazy ~ Bernoulli(0.9)\n  if (lazy == 1) {\n    sample ignore ~ Bernoulli(lazy)\n    observe amount_slept ~ Normal(8 + 2 * ignore, 1)\n  }\n}\n  pplc fit --backend webgpu with {"amount_slept": 6}',
    matches: (_, p) => p.kind === 'invalid-wgsl' && /must be called with a value/.test(p.message),
  },
];

/** The entry a failure belongs to, if any. */
export function knownOpen(
  category: string,
  problem: Problem,
  repro: string,
): KnownOpen | undefined {
  return KNOWN_OPEN.find((k) => k.matches(category, problem, repro));
}
