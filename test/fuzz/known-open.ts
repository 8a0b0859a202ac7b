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
    id: 'enumerated-across-plate',
    owner: 'contract',
    reason:
      'an enumerated site inside a plate that is read across the plate\'s elements (dot(x[i], beta) with beta[j] ~ Binomial(1, 1)) is an InternalError "enum:beta meets a factor outside its plates" where docs/language.md promises E0706',
    repro:
      'examples/linreg.ppl with `sample beta[j] ~ Binomial(1, 1)` in place of Normal(0, 10), fitted on the CPU with its data',
    matches: (_, p) => internal(p) && /meets a factor outside its plates/.test(p.message),
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
];

/** The entry a failure belongs to, if any. */
export function knownOpen(
  category: string,
  problem: Problem,
  repro: string,
): KnownOpen | undefined {
  return KNOWN_OPEN.find((k) => k.matches(category, problem, repro));
}
