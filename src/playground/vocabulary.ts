// The words the playground's editor highlights: the .ppl keywords and the built-in names (test/playground checks
// them against the parser's tokens and the checker's tables, so that the page need not load the compiler to colour).

/** The reserved words (src/parser/tokens.ts). */
export const KEYWORDS: readonly string[] = [
  'data',
  'int',
  'real',
  'model',
  'guide',
  'let',
  'sample',
  'observe',
  'param',
  'plate',
  'group',
  'in',
  'subsample',
  'if',
  'else',
];

/** The distribution families (src/distributions/table.ts). */
export const DISTRIBUTIONS: readonly string[] = [
  'Normal',
  'HalfNormal',
  'LogNormal',
  'Exponential',
  'Gamma',
  'Beta',
  'Uniform',
  'StudentT',
  'Cauchy',
  'HalfCauchy',
  'Laplace',
  'Bernoulli',
  'Binomial',
  'Poisson',
  'Categorical',
  'Dirichlet',
];

/** The built-in functions (src/check/builtins.ts BUILTINS). */
export const FUNCTIONS: readonly string[] = [
  'exp',
  'log',
  'log1p',
  'expm1',
  'sqrt',
  'abs',
  'sigmoid',
  'logit',
  'softplus',
  'tanh',
  'sin',
  'cos',
  'erf',
  'pow',
  'min',
  'max',
  'dot',
  'sum',
];

/** Param constraints other than the keyword `real`, and the auto-guides (src/check/builtins.ts). */
export const TYPE_NAMES: readonly string[] = [
  'positive',
  'unit',
  'interval',
  'simplex',
  'AutoNormal',
  'AutoMultivariateNormal',
  'AutoLowRankMultivariateNormal',
  'AutoDelta',
];
