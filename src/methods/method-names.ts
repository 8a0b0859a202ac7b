// The inference methods' names, help lines and defaults, without their builders: the fit options table reads these, so
// the runtime entry resolves fit options without loading any lowering.

export const METHOD_HELP = {
  vi: "stochastic variational inference with Pyro's Trace_ELBO (reparameterised gradients; discrete latents the guide leaves out are summed exactly, per plate element)",
  'mp-vi':
    'massively parallel VI (seed 004): K samples of every latent, maximises log P_MP over all K^n combinations (reparameterised gradients)',
  rws: 'massively parallel reweighted wake-sleep: model params by the gradient of log P_MP, guide params by the wake-phase update (no reparameterisation: discrete guide sites allowed)',
  qem: "massively parallel QEM (seed 004): every guide Normal(loc, scale) with param arguments (AutoNormal's too) is set by importance-weighted moment matching at rate --qem-lr; other params by the optimizer on log P_MP",
  is: "importance sampling with the guide as proposal, K samples sharing one index (Pyro's Importance); steps fit the guide to the estimate (IWAE)",
} as const;

export type MethodName = keyof typeof METHOD_HELP;

export const METHOD_NAMES = Object.keys(METHOD_HELP) as readonly MethodName[];

/** The settings a method's objective is built with (methods/method.ts BuildOptions). */
export type BuildOption = 'particles' | 'K' | 'qemLr';

/** The settings each method's lowering reads: a compiled module holds their values, and fits only with them. */
export const METHOD_BUILD: { readonly [M in MethodName]: readonly BuildOption[] } = {
  vi: ['particles'],
  'mp-vi': ['K'],
  rws: ['K'],
  qem: ['K', 'qemLr'],
  is: ['K'],
};

/** Repetitions of the evidence estimate after an importance-sampling method's fit. */
export const DEFAULT_EVIDENCE_DRAWS = 10;
/** Posterior draws resampled from the combinations after an importance-sampling method's fit. */
export const DEFAULT_IMPORTANCE_SAMPLES = 1000;
