// What the library and the runtime entry share: the errors, data sets and fits an app handles, whichever loaded the
// model (a .ppl program through the compiler, or a compiled module through the runtime).
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import { loadData } from '../data/load.js';
import { validateData, type ValidateResult } from '../data/validate.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { renderAll } from '../diag/render.js';
import type { FitResult } from '../infer/fit-result.js';
import type { FitJson, LatentJson } from '../infer/result-json.js';
import type { PreparedFit } from '../infer/step-input.js';
import { FIT_OPTION_NAMES, type FitOptionValues } from '../pipeline/fit-options.js';
import { showValue } from '../pipeline/show-value.js';

/** Bad input (program, data or options) with its diagnostics already rendered into the message. */
export class PplcError extends Error {
  override readonly name = 'PplcError';
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    /** A fit that diverged: what it reached (the last finite params), for reporting. */
    readonly fit?: Fit,
  ) {
    super(message);
  }
}

/** A data file's text and name: errors in it then point at its line and column. */
export class DataText {
  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    // Checked here, where a JavaScript caller passed them, rather than as a TypeError deep in the reader.
    if (typeof text !== 'string')
      throw new PplcError(`DataText's text must be the data file's text, got ${showValue(text)}`);
    if (typeof file !== 'string')
      throw new PplcError(`DataText's file must be the data file's name, got ${showValue(file)}`);
  }
}

/** Data checked against a model's declarations (see Model.data). */
export class Dataset {
  /** @internal */
  constructor(
    readonly bound: BoundData,
    /** Warnings about the data (members no declaration names), rendered. */
    readonly warnings: string,
    /** What the data was given as (an object or a DataText), bound again when a fit intervenes on a site. */
    readonly input: unknown = null,
  ) {}
}

/** A value per site name: a number, or nested arrays over the site's plates. */
export type SiteValues = Readonly<Record<string, unknown>>;

/** The options of `fit()`: every fit option of the table in src/pipeline/fit-options.ts, and a progress callback. */
export type FitOptions = FitOptionValues & {
  /** Called about 100 times with the step and its loss (reading a loss back costs time on a GPU). */
  readonly onProgress?: (step: number, loss: number) => void;
  /** Latents observed at these values (Pyro's condition: their densities count). */
  readonly condition?: SiteValues;
  /** Latents set to these values (Pyro's do: their densities dropped, so nothing upstream learns from them). */
  readonly do?: SiteValues;
  /** Starting values of the params, constrained (a fit's `params`, as `toJSON()` gives them); every param needs one. */
  readonly init?: Readonly<Record<string, unknown>>;
};

/** A latent's posterior summary: each statistic a number, or nested arrays over the site's plates. */
export type Summary = LatentJson;

export interface Fit {
  readonly steps: number;
  readonly seconds: number;
  readonly backend: 'cpu' | 'webgpu';
  /** Why a fit asked to run on `auto` ran on the CPU, when it did. */
  readonly note: string | undefined;
  /**
   * On WebGPU, where its kernels came from: 'embedded', a compiled module's (compiled with `--data` of these
   * sizes), or 'planned' for this fit from the program; undefined on the CPU.
   */
  readonly kernels: 'embedded' | 'planned' | undefined;
  /** The loss of every step. */
  readonly losses: Float64Array;
  /** Every param, constrained (a number or nested arrays over its plates). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Set when a non-finite loss stopped the fit early (params are then the last finite ones). */
  readonly divergence: {
    readonly step: number;
    readonly message: string;
    /** 'argument': a distribution's argument left its constraint (the message names it); a smaller lr won't help. */
    readonly cause?: 'argument';
  } | null;
  /** Per latent: mean, sd and 5/50/95% quantiles from the guide's draws. */
  summary(): Readonly<Record<string, Summary>>;
  /** n posterior draws of each continuous latent from the fitted guide: arrays with the draw outermost. */
  sample(n: number, seed?: number): Readonly<Record<string, unknown>>;
  /** The fit as `pplc fit --json` prints it. */
  toJSON(): FitJson;
}

/** Throws the diagnostics rendered against their sources. */
export function fail(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): never {
  throw new PplcError(renderAll(ds, sources), ds);
}

/** Binds data (an object or a DataText) to a program's declarations. */
export function bind(program: CheckedProgram, input: unknown): ValidateResult {
  return input instanceof DataText
    ? loadData(program, input.text, input.file)
    : validateData(program, input, 'data');
}

/** The app's view of a fit result. */
export async function makeFit(
  prep: PreparedFit,
  r: FitResult,
  backend: 'cpu' | 'webgpu',
  note: string | undefined,
): Promise<Fit> {
  const [{ fitResultJson }, { drawLatents }] = await Promise.all([
    import('../infer/result-json.js'),
    import('../infer/posterior.js'),
  ]);
  const json = fitResultJson(r);
  return {
    steps: r.steps,
    seconds: r.seconds,
    backend,
    note,
    kernels: r.kernels,
    losses: r.losses,
    params: json.params,
    divergence: r.divergence,
    summary: () => json.latents,
    sample: (n, seed = 1) => {
      if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLES)
        throw new PplcError(
          `sample's n must be an integer from 1 to ${MAX_SAMPLES}, got ${showValue(n)}`,
        );
      if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
        throw new PplcError(
          `sample's seed must be an integer in [0, 2^32), got ${showValue(seed)}`,
        );
      return drawLatents(prep, r.params, n, seed);
    },
    toJSON: () => json,
  };
}

/** The most draws one `sample()` call returns (each is a nested array per latent). */
const MAX_SAMPLES = 10_000_000;

/** Options besides the table's. */
const EXTRA_OPTIONS = ['onProgress', 'condition', 'do', 'init'] as const;

/**
 * The options of `fit()` checked for shape: an object (or nothing) naming only known options, so that a misspelt
 * one (`stpes`) is an error rather than a silent default. The values are checked by resolveFitOptions.
 */
export function fitOptionsOf(options: unknown): FitOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options))
    throw new PplcError(
      `fit's options must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`,
    );
  const known = new Set<string>([...FIT_OPTION_NAMES, ...EXTRA_OPTIONS]);
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw new PplcError(
      `unknown fit option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${[...known].join(', ')})`,
    );
  const o = options as FitOptions;
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function')
    throw new PplcError("option 'onProgress' must be a function");
  for (const k of ['condition', 'do', 'init'] as const) {
    const v = o[k];
    if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v)))
      throw new PplcError(`option '${k}' must be an object of values by name`);
  }
  return o;
}
