// The distribution signature table (names, parameters, support): shared by the checker, lowering and docs.
export type SupportKind =
  | 'real'
  | 'positive'
  | 'unit'
  | 'interval' // Uniform: (low, high) from its arguments
  | 'boolean' // {0, 1}
  | 'count_upto' // {0..total_count}
  | 'count' // {0, 1, ...}
  | 'category'; // {0..K-1}

export interface DistSignature {
  readonly name: string;
  /** Accepted parameter lists, in positional order; a call must match exactly one (e.g. probs or logits). */
  readonly forms: readonly (readonly string[])[];
  readonly support: SupportKind;
  readonly discrete: boolean;
  /** Finite support that enumeration can sum over. */
  readonly enumerable: boolean;
  /** Parameters that are vectors over a trailing event axis (Categorical's K). */
  readonly vectorParams?: readonly string[];
}

const sig = (
  name: string,
  forms: string[][],
  support: SupportKind,
  extra: Partial<Pick<DistSignature, 'discrete' | 'enumerable' | 'vectorParams'>> = {},
): DistSignature => ({
  name,
  forms,
  support,
  discrete: extra.discrete ?? false,
  enumerable: extra.enumerable ?? false,
  ...(extra.vectorParams ? { vectorParams: extra.vectorParams } : {}),
});

export const DIST_SIGNATURES: ReadonlyMap<string, DistSignature> = new Map(
  [
    sig('Normal', [['loc', 'scale']], 'real'),
    sig('HalfNormal', [['scale']], 'positive'),
    sig('LogNormal', [['loc', 'scale']], 'positive'),
    sig('Exponential', [['rate']], 'positive'),
    sig('Gamma', [['concentration', 'rate']], 'positive'),
    sig('Beta', [['concentration1', 'concentration0']], 'unit'),
    sig('Uniform', [['low', 'high']], 'interval'),
    sig('StudentT', [['df', 'loc', 'scale']], 'real'),
    sig('Cauchy', [['loc', 'scale']], 'real'),
    sig('HalfCauchy', [['scale']], 'positive'),
    sig('Laplace', [['loc', 'scale']], 'real'),
    sig('Bernoulli', [['probs'], ['logits']], 'boolean', { discrete: true, enumerable: true }),
    sig(
      'Binomial',
      [
        ['total_count', 'probs'],
        ['total_count', 'logits'],
      ],
      'count_upto',
      { discrete: true, enumerable: true },
    ),
    sig('Poisson', [['rate']], 'count', { discrete: true }),
    sig('Categorical', [['probs'], ['logits']], 'category', {
      discrete: true,
      enumerable: true,
      vectorParams: ['probs', 'logits'],
    }),
  ].map((s) => [s.name, s]),
);
