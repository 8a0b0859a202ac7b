// The library API an app uses: load a program, bind its data, fit it, read summaries, draw from the posterior.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import { loadData } from '../data/load.js';
import { validateData, type ValidateResult } from '../data/validate.js';
import { DiagnosticsError, type Diagnostic } from '../diag/diagnostic.js';
import { renderAll } from '../diag/render.js';
import type { FitResult } from '../infer/fit-result.js';
import type { FitJson, LatentJson } from '../infer/result-json.js';
import type { PreparedFit } from '../infer/prepare.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import { compile, errorsOf, type Compiled } from '../pipeline/compile.js';

/** A parsed program (the AST the interventions rewrite). */
type Program = NonNullable<Compiled['ast']>;
import {
  OptionError,
  resolveFitOptions,
  type FitOptionValues,
  type FitSettings,
} from '../pipeline/fit-options.js';

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
  ) {}
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
  /** The loss of every step. */
  readonly losses: Float64Array;
  /** Every param, constrained (a number or nested arrays over its plates). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Set when a non-finite loss stopped the fit early (params are then the last finite ones). */
  readonly divergence: { readonly step: number; readonly message: string } | null;
  /** Per latent: mean, sd and 5/50/95% quantiles from the guide's draws. */
  summary(): Readonly<Record<string, Summary>>;
  /** n posterior draws of each continuous latent from the fitted guide: arrays with the draw outermost. */
  sample(n: number, seed?: number): Readonly<Record<string, unknown>>;
  /** The fit as `pplc fit --json` prints it. */
  toJSON(): FitJson;
}

export interface Model {
  readonly file: string;
  readonly program: CheckedProgram;
  /** Checks data against the declarations: an object with one member per data name, or a DataText. */
  data(input: unknown): Dataset;
  /** Fits the program to data (an object, a DataText or a Dataset); throws PplcError on bad input or divergence. */
  fit(data: unknown, options?: FitOptions): Promise<Fit>;
}

function fail(ds: readonly Diagnostic[], sources: ReadonlyMap<string, string>): never {
  throw new PplcError(renderAll(ds, sources), ds);
}

/** Checks a program (parse and type-check); throws PplcError with the rendered diagnostics. */
export async function loadModel(source: string, file = 'model.ppl'): Promise<Model> {
  const c = await compile(source, file, { until: 'typed' });
  const sources = new Map([[file, source]]);
  if (!c.typed || errorsOf(c).length > 0) fail(c.diagnostics, sources);
  const program = c.typed;
  const ast = c.ast!;
  const model: Model = {
    file,
    program,
    data(input) {
      if (input instanceof Dataset) return input;
      const r = bind(program, input);
      const all = new Map(sources);
      if (input instanceof DataText) all.set(input.file, input.text);
      if (!r.data || errorsOf(r).length > 0) fail(r.diagnostics, all);
      return new Dataset(r.data, r.diagnostics.length ? renderAll(r.diagnostics, all) : '', input);
    },
    async fit(data, options = {}) {
      const { onProgress, condition, do: fixed, init, ...given } = options;
      let settings: FitSettings;
      try {
        settings = resolveFitOptions(given);
      } catch (e) {
        if (e instanceof OptionError) throw new PplcError(e.message);
        throw e;
      }
      const ds = model.data(data);
      const target = await intervened(ast, program, ds, sources, condition, fixed);
      const { fitProgram } = await import('../pipeline/run.js');
      const { InitError } = await import('../infer/init-values.js');
      let run;
      try {
        run = await fitProgram(target.program, target.bound, settings, onProgress, init);
      } catch (e) {
        if (e instanceof DiagnosticsError) fail(e.diagnostics, sources);
        if (e instanceof InitError) throw new PplcError(e.message);
        if (isPlanUnsupported(e))
          throw new PplcError(`${e.message}; the CPU backend fits it (backend 'cpu')`);
        throw e;
      }
      const fit = await makeFit(run.prep, run.result, run.backend, run.note);
      if (fit.divergence)
        throw new PplcError(`the fit diverged: ${fit.divergence.message}`, [], fit);
      return fit;
    },
  };
  return model;
}

/** The program and data a fit runs: the model's own, or with the conditioned and intervened sites made data. */
async function intervened(
  ast: Program,
  program: CheckedProgram,
  ds: Dataset,
  sources: ReadonlyMap<string, string>,
  condition: SiteValues | undefined,
  fixed: SiteValues | undefined,
): Promise<{ program: CheckedProgram; bound: BoundData }> {
  const { bindIntervened, interventionList, InterventionError } =
    await import('../pipeline/intervene.js');
  const ivs = interventionList(condition, fixed);
  if (ivs.length === 0) return { program, bound: ds.bound };
  // The data as given, with one member per intervened site (a Dataset keeps what it was made from).
  const input = ds.input instanceof DataText ? parsedOrNull(ds.input.text) : ds.input;
  const file = ds.input instanceof DataText ? ds.input.file : 'data';
  let r;
  try {
    r = bindIntervened(ast, program, ivs, input, file, ds.bound.sizes);
  } catch (e) {
    if (e instanceof InterventionError) throw new PplcError(e.message);
    throw e;
  }
  if ('diagnostics' in r) fail(r.diagnostics, sources);
  return r;
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function bind(program: CheckedProgram, input: unknown): ValidateResult {
  return input instanceof DataText
    ? loadData(program, input.text, input.file)
    : validateData(program, input, 'data');
}

async function makeFit(
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
    losses: r.losses,
    params: json.params,
    divergence: r.divergence,
    summary: () => json.latents,
    sample: (n, seed = 1) => drawLatents(prep, r.params, n, seed),
    toJSON: () => json,
  };
}
