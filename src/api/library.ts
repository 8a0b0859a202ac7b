// The library API an app uses: load a program, bind its data, fit it, read summaries, draw from the posterior.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import { DiagnosticsError } from '../diag/diagnostic.js';
import { renderAll } from '../diag/render.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import { compile, errorsOf, type Compiled } from '../pipeline/compile.js';
import { OptionError, resolveFitOptions, type FitSettings } from '../pipeline/fit-options.js';
import { showValue } from '../pipeline/show-value.js';
import {
  bind,
  DataText,
  Dataset,
  fail,
  fitOptionsOf,
  makeFit,
  PplcError,
  type Fit,
  type FitOptions,
  type SiteValues,
  type Summary,
} from './fit.js';

export { DataText, Dataset, PplcError, type Fit, type FitOptions, type SiteValues, type Summary };

/** A parsed program (the AST the interventions rewrite). */
type Program = NonNullable<Compiled['ast']>;

export interface Model {
  readonly file: string;
  readonly program: CheckedProgram;
  /** Checks data against the declarations: an object with one member per data name, or a DataText. */
  data(input: unknown): Dataset;
  /** Fits the program to data (an object, a DataText or a Dataset); throws PplcError on bad input or divergence. */
  fit(data: unknown, options?: FitOptions): Promise<Fit>;
}

/** Checks a program (parse and type-check); throws PplcError with the rendered diagnostics. */
export async function loadModel(source: string, file = 'model.ppl'): Promise<Model> {
  // A JavaScript caller may pass anything: the parser would throw a TypeError on a non-string.
  if (typeof source !== 'string')
    throw new PplcError(`loadModel's source must be the program's text, got ${showValue(source)}`);
  if (typeof file !== 'string')
    throw new PplcError(`loadModel's file must be a name for the program, got ${showValue(file)}`);
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
    async fit(data, options) {
      const { onProgress, condition, do: fixed, init, ...given } = fitOptionsOf(options);
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
