// The runtime's model: a compiled program (src/infer/compiled.ts) bound to data and fitted, with no compiler loaded.
import type { CheckedProgram } from '../check/typed.js';
import { hasErrors } from '../diag/diagnostic.js';
import { renderAll } from '../diag/render.js';
import {
  CompiledFormatError,
  checkCompiled,
  checkFunctions,
  decodeCompiled,
  prepareCompiled,
  type CompiledProgram,
} from '../infer/compiled.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import { runOn, runOptions } from '../pipeline/backend.js';
import { compiledDrivers } from '../pipeline/compiled-drivers.js';
import {
  OptionError,
  flagOf,
  resolveFitOptions,
  type FitSettings,
} from '../pipeline/fit-options.js';
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
} from './fit.js';

export interface CompiledModel {
  readonly file: string;
  readonly program: CheckedProgram;
  /** Checks data against the declarations: an object with one member per data name, or a DataText. */
  data(input: unknown): Dataset;
  /** Fits the program to data (an object, a DataText or a Dataset); throws PplcError on bad input or divergence. */
  fit(data: unknown, options?: FitOptions): Promise<Fit>;
}

function settingsFor(p: CompiledProgram, options: FitOptions): FitSettings {
  const { onProgress: _p, condition, do: fixed, init: _i, ...given } = options;
  if (condition !== undefined || fixed !== undefined)
    throw new PplcError(
      "condition and do rewrite the program: fit with the compiler's loadModel (import from 'pplc')",
    );
  let s: FitSettings;
  try {
    s = resolveFitOptions({ method: p.method, ...p.build, ...given });
  } catch (e) {
    if (e instanceof OptionError) throw new PplcError(e.message);
    throw e;
  }
  // The objective was built with these: another method or value needs another objective, made by the compiler.
  const built = Object.entries(p.build) as [keyof typeof p.build, number][];
  const flags = (f: (k: keyof typeof p.build) => unknown): string =>
    built.map(([k]) => ` ${flagOf(k)} ${String(f(k))}`).join('');
  if (s.method !== p.method || built.some(([k, v]) => s[k] !== v))
    throw new PplcError(
      `this module was compiled for --method ${p.method}${flags((k) => p.build[k])}; recompile it with \`pplc compile --method ${s.method}${s.method === p.method ? flags((k) => s[k]) : ''}\` for these options, or fit with loadModel from 'pplc'`,
    );
  return s;
}

/** A compiled program (its JSON text as a module embeds it, or the program) as a model; refuses another pplc's. */
export function loadCompiled(compiled: string | CompiledProgram): CompiledModel {
  let p: CompiledProgram;
  try {
    p = typeof compiled === 'string' ? decodeCompiled(compiled) : compiled;
    if (typeof compiled !== 'string') {
      checkCompiled(compiled);
      checkFunctions(compiled);
    }
  } catch (e) {
    if (e instanceof CompiledFormatError) throw new PplcError(e.message);
    throw e;
  }
  const program = p.checked;
  const sources = new Map([[program.file, p.source]]);
  const model: CompiledModel = {
    file: program.file,
    program,
    data(input) {
      if (input instanceof Dataset) return input;
      const r = bind(program, input);
      const all = new Map(sources);
      if (input instanceof DataText) all.set(input.file, input.text);
      if (!r.data || hasErrors(r.diagnostics)) fail(r.diagnostics, all);
      return new Dataset(r.data, r.diagnostics.length ? renderAll(r.diagnostics, all) : '', input);
    },
    async fit(data, given) {
      const options = fitOptionsOf(given);
      const settings = settingsFor(p, options);
      const ds = model.data(data);
      const prepared = prepareCompiled(p, ds.bound);
      let prep = prepared;
      if (options.init) {
        const { applyInit, InitError } = await import('../infer/init-values.js');
        try {
          prep = { ...prepared, params: applyInit(prepared.params, options.init) };
        } catch (e) {
          if (e instanceof InitError) throw new PplcError(e.message);
          throw e;
        }
      }
      let run;
      try {
        run = await runOn(
          compiledDrivers(p),
          prep,
          settings.backend,
          runOptions(settings, options.onProgress),
        );
      } catch (e) {
        if (isPlanUnsupported(e))
          throw new PplcError(`${e.message}; the CPU backend fits it (backend 'cpu')`);
        throw e;
      }
      const fit = await makeFit(prep, run.result, run.backend, run.note);
      if (fit.divergence)
        throw new PplcError(`the fit diverged: ${fit.divergence.message}`, [], fit);
      return fit;
    },
  };
  return model;
}
