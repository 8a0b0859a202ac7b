// The library API an app uses: load a program, fit it to its data, read summaries, draw from the posterior.
import type { CheckedProgram } from '../check/typed.js';
import { checkSource } from '../pipeline/front-end.js';
import { validateData } from '../data/validate.js';
import { renderAll } from '../diag/render.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { DEFAULT_OPTIMIZER, type OptimizerName } from '../optim/optimizers.js';
import { prepareFit, type PreparedFit } from '../infer/prepare.js';
import type { FitResult } from '../infer/fit-result.js';
import { fitResultJson } from '../infer/result-json.js';
import { drawLatents } from '../infer/posterior.js';
import { runFit, type Backend } from '../infer/backend.js';

/** Bad input (program or data) with its diagnostics already rendered into the message. */
export class PplcError extends Error {
  override readonly name = 'PplcError';
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

export interface FitOptions {
  readonly steps?: number;
  readonly optimizer?: OptimizerName;
  readonly lr?: number;
  readonly momentum?: number;
  readonly lrDecay?: number;
  readonly particles?: number;
  readonly seed?: number;
  readonly backend?: Backend;
  readonly onProgress?: (step: number, loss: number) => void;
}

export interface Summary {
  readonly mean: unknown;
  readonly sd: unknown;
  readonly q05: unknown;
  readonly q50: unknown;
  readonly q95: unknown;
}

export interface Fit {
  readonly steps: number;
  readonly seconds: number;
  readonly backend: 'cpu' | 'webgpu';
  /** The loss (negative ELBO) of every step. */
  readonly losses: Float64Array;
  /** Every param, constrained (a number or nested arrays over its plates). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Per latent: mean, sd and 5/50/95% quantiles from 1000 guide draws. */
  summary(): Readonly<Record<string, Summary>>;
  /** n posterior draws of each continuous latent from the fitted guide: arrays with the draw outermost. */
  sample(n: number, seed?: number): Readonly<Record<string, unknown>>;
}

export interface Model {
  readonly file: string;
  readonly program: CheckedProgram;
  fit(data: unknown, options?: FitOptions): Promise<Fit>;
}

function check(source: string, file: string): CheckedProgram {
  const { checked, diagnostics } = checkSource(source, file);
  if (!checked) throw new PplcError(renderAll(diagnostics, new Map([[file, source]])), diagnostics);
  return checked;
}

export function loadModel(source: string, file = 'model.ppl'): Model {
  const program = check(source, file);
  return {
    file,
    program,
    async fit(data, options = {}) {
      const { data: bound, diagnostics } = validateData(program, data, 'data');
      if (!bound || diagnostics.some((d) => d.severity === 'error'))
        throw new PplcError(renderAll(diagnostics, new Map()), diagnostics);
      const prep = prepareFit(program, bound, options.particles ?? 1);
      const name = options.optimizer ?? 'adam';
      const { result, backend } = await runFit(prep, options.backend ?? 'auto', {
        steps: options.steps ?? 1000,
        optimizer: {
          ...DEFAULT_OPTIMIZER,
          name,
          lr: options.lr ?? (name === 'sgd' ? 0.001 : 0.01),
          momentum: options.momentum ?? 0,
          lrDecay: options.lrDecay ?? 1,
        },
        particles: options.particles ?? 1,
        seed: options.seed ?? 0,
        draws: 1000,
        ...(options.onProgress
          ? {
              onProgress: options.onProgress,
              progressEvery: Math.max(1, Math.floor((options.steps ?? 1000) / 100)),
            }
          : {}),
      });
      if (result.divergence) throw new PplcError(`the fit diverged: ${result.divergence.message}`);
      return makeFit(prep, result, backend);
    },
  };
}

function makeFit(prep: PreparedFit, r: FitResult, backend: 'cpu' | 'webgpu'): Fit {
  const json = fitResultJson(r) as {
    params: Record<string, unknown>;
    latents: Record<string, Summary>;
  };
  return {
    steps: r.steps,
    seconds: r.seconds,
    backend,
    losses: r.losses,
    params: json.params,
    summary: () => json.latents,
    sample: (n, seed = 1) => drawLatents(prep, r.params, n, seed),
  };
}
