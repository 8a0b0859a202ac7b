// The inference methods, one record each by the name `--method` chooses them with.
import type { InferenceMethod } from './method.js';
import { svi } from './svi.js';
import { estimateMethod } from './estimate-method.js';
import { qem } from './qem.js';

export const METHODS = {
  vi: svi,
  'mp-vi': estimateMethod(
    'mp-vi',
    'massively parallel VI (seed 004): K samples of every latent, maximises log P_MP over all K^n combinations (reparameterised gradients)',
    'per-site',
    false,
  ),
  rws: estimateMethod(
    'rws',
    'massively parallel reweighted wake-sleep: model params by the gradient of log P_MP, guide params by the wake-phase update (no reparameterisation: discrete guide sites allowed)',
    'per-site',
    true,
  ),
  qem,
  is: estimateMethod(
    'is',
    "importance sampling with the guide as proposal, K samples sharing one index (Pyro's Importance); steps fit the guide to the estimate (IWAE)",
    'shared',
    false,
  ),
} as const satisfies Readonly<Record<string, InferenceMethod>>;

export type MethodName = keyof typeof METHODS;

export const METHOD_NAMES = Object.keys(METHODS) as readonly MethodName[];
