// What a backend's driver is given (run settings) and returns (a fit result), the same for the CPU and WebGPU.
import type { OptimizerConfig } from '../optim/optimizers.js';
import type { SiteSummary } from './summary.js';
import type { ParamState } from './step-input.js';

/** A driver's settings, resolved from the user's fit options (src/pipeline/fit-options.ts). */
export interface RunOptions {
  readonly steps: number;
  readonly optimizer: OptimizerConfig;
  readonly particles: number;
  readonly seed: number;
  /** Guide draws for the posterior summaries (at least 1000). */
  readonly draws: number;
  /** Repetitions of the evidence estimate after an importance-sampling method's fit (default 10). */
  readonly evidenceDraws?: number;
  /** Posterior draws resampled from the combinations after an importance-sampling method's fit (default 1000; 0: none). */
  readonly importanceSamples?: number;
  /** Called every `progressEvery` steps with the latest loss (reading losses back costs time on a GPU). */
  readonly onProgress?: (step: number, loss: number) => void;
  readonly progressEvery?: number;
}

export interface ParamValue {
  readonly shape: readonly number[];
  /** Constrained values, row-major. */
  readonly values: Float64Array;
}

/** What a stepping driver returns: the run itself, before posterior summaries. */
export interface StepResult {
  readonly steps: number;
  readonly seconds: number;
  readonly losses: Float64Array;
  /** The params' unconstrained values at the end: after a divergence, those in force at the failing step. */
  readonly params: readonly ParamState[];
  /**
   * After a divergence, the params in force at the last step whose loss and gradients were finite (before its
   * update), where the driver kept them: reported instead of `params` when one of those overflowed or reached its
   * constraint's bound (src/infer/last-finite.ts).
   */
  readonly before?: readonly ParamState[];
  /** The objective's estimates and log-weights at the last step done, by output name (row-major). */
  readonly estimates: ReadonlyMap<string, Float64Array>;
  readonly divergence: FitResult['divergence'];
}

export interface FitResult {
  readonly steps: number;
  readonly seconds: number;
  readonly losses: Float64Array;
  readonly params: ReadonlyMap<string, ParamValue>;
  readonly latents: ReadonlyMap<string, SiteSummary>;
  /** The objective's estimates and log-weights at the last step done, by output name (row-major). */
  readonly estimates: ReadonlyMap<string, Float64Array>;
  /**
   * Set when a non-finite loss or gradient stopped the fit early; params are then the last usable ones (finite,
   * inside their constraints), and the latents are summarised at them.
   */
  readonly divergence: {
    readonly step: number;
    readonly message: string;
    /** 'argument': a distribution's argument left its constraint (the message names it); a smaller lr won't help. */
    readonly cause?: 'argument';
  } | null;
  /** Importance-sampling methods: the estimate of log p(x) at the fitted params, over repetitions. */
  readonly evidence?: {
    readonly mean: number;
    readonly se: number;
    readonly repeats: number;
    readonly K: number;
  };
  /** Importance-sampling methods: each latent's posterior mean and sd, weighting every combination of samples. */
  readonly posterior?: ReadonlyMap<string, LatentMoments>;
  /** On WebGPU: the bytes of every buffer the fit allocated (all live for the whole fit: its peak). */
  readonly gpuBytes?: number;
  /** On WebGPU: the kernels a compiled module carries ('embedded'), or kernels planned for this fit. */
  readonly kernels?: 'embedded' | 'planned';
  /**
   * PSIS of the guide's draws as importance samples of the posterior (src/infer/psis.ts): the Pareto k̂ of the
   * weights p(x, z)/q(z) and their ESS. Absent without latents, or when the guide is a point mass.
   */
  readonly diagnostics?: { readonly khat: number; readonly ess: number; readonly draws: number };
  /** Where `latents` comes from: the fitted guide's draws (the default) or importance samples. */
  readonly latentsFrom?: 'guide draws' | 'importance samples';
}

/** A latent's posterior mean and sd per element (row-major over its plates). */
export interface LatentMoments {
  readonly shape: readonly number[];
  readonly mean: Float64Array;
  readonly sd: Float64Array;
}

/** The mean loss over the last 10% of steps (at least one). */
export function finalLoss(losses: Float64Array): number {
  const n = Math.max(1, Math.floor(losses.length / 10));
  let s = 0;
  for (let i = losses.length - n; i < losses.length; i++) s += losses[i]!;
  return s / n;
}
