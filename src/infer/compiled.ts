// A compiled program: the readonly data `pplc compile -o` embeds (lowered, differentiated) and the runtime fits.
import { verifyIR } from '../ir/verify.js';
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { IRFunction } from '../ir/ir.js';
import type { Objective } from '../ir/objective.js';
import { PARTICLE_AXIS } from '../ir/axis-names.js';
import { prepareFrom, type DrawsFunction, type PreparedFit } from './step-input.js';
import type { EstimateFunctions } from './estimate-functions.js';
import type { CompiledKernels } from './compiled-kernels.js';

/** Bumped whenever the shape of CompiledProgram, the IR or the objective's meaning changes. */
export const COMPILED_FORMAT = 2;

/** The version of pplc (package.json's; test/runtime checks they agree). */
export const PPLC_VERSION = '0.1.0';

export interface CompiledProgram {
  readonly format: number;
  /** The pplc that wrote it: the runtime loads only its own version's programs. */
  readonly pplc: string;
  /** The inference method the objective is for. */
  readonly method: string;
  /** The .ppl text, for code frames in data errors that point at its declarations (never compiled again). */
  readonly source: string;
  /** The settings the objective was built with, those its method reads (method-names.ts METHOD_BUILD). */
  readonly build: Readonly<Partial<Record<'particles' | 'K' | 'qemLr', number>>>;
  /** Declarations (to bind data), plates and sites (to summarise a fit). */
  readonly checked: CheckedProgram;
  readonly objective: Objective;
  /** Every param's constrained initial value over full plates (`init:<param>`). */
  readonly init: IRFunction;
  /** The posterior draws function, built for some number of draws: resized along its draws axis per use. */
  readonly draws: DrawsFunction;
  /** What an importance-sampling method evaluates after its fit (null for vi): the runtime lowers nothing. */
  readonly estimates: EstimateFunctions | null;
  /** Kernels for the sizes of the data given at compile time (none without `--data`, or where no plan runs). */
  readonly kernels: readonly CompiledKernels[];
}

/** A compiled program this runtime cannot load (another pplc wrote it, or it is not one). */
export class CompiledFormatError extends Error {
  override readonly name = 'CompiledFormatError';
}

// JSON has no Map, Set or non-finite numbers, which the checked program and IR constants use: tagged objects.
const tag = (_key: string, v: unknown): unknown => {
  if (v instanceof Map) return { $map: [...v] };
  if (v instanceof Set) return { $set: [...v] };
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
    return { $num: String(v) };
  if (ArrayBuffer.isView(v))
    throw new CompiledFormatError('a compiled program holds no typed arrays');
  if (typeof v === 'function')
    throw new CompiledFormatError('a compiled program holds no functions');
  return v;
};

const untag = (_key: string, v: unknown): unknown => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if ('$map' in o) return new Map(o.$map as [unknown, unknown][]);
  if ('$set' in o) return new Set(o.$set as unknown[]);
  if ('$num' in o) return o.$num === '-0' ? -0 : Number(o.$num);
  return v;
};

/** The program as JSON text (Maps, Sets and non-finite numbers tagged). */
export function encodeCompiled(p: CompiledProgram): string {
  // Number.prototype has no toJSON: the replacer sees -0 and non-finite numbers as they are.
  return JSON.stringify(p, tag);
}

/** A program from its JSON text, refused unless this pplc wrote it in this format. */
export function decodeCompiled(text: string): CompiledProgram {
  let p: Partial<CompiledProgram>;
  try {
    p = JSON.parse(text, untag) as Partial<CompiledProgram>;
  } catch (e) {
    throw new CompiledFormatError(`not a compiled pplc program: ${(e as Error).message}`);
  }
  checkCompiled(p);
  checkFunctions(p);
  return p as CompiledProgram;
}

/** Refuses a program whose IR functions are not well formed: a damaged module is its own error, not a pplc bug. */
export function checkFunctions(p: Partial<CompiledProgram>): void {
  const fns: unknown[] = [p.objective?.fn, p.init, p.draws?.fn];
  for (const fn of fns) {
    let errs: string[];
    try {
      errs = verifyIR(fn as IRFunction);
    } catch (e) {
      errs = [(e as Error).message];
    }
    if (errs.length > 0)
      throw new CompiledFormatError(
        `the compiled program is damaged: ${errs[0]}; compile it again`,
      );
  }
}

/** Refuses a program another pplc (or another format) wrote: its IR need not mean what this runtime's does. */
export function checkCompiled(p: Partial<CompiledProgram>): void {
  if (typeof p !== 'object' || p === null || typeof p.format !== 'number')
    throw new CompiledFormatError('not a compiled pplc program (no format number)');
  if (p.format !== COMPILED_FORMAT || p.pplc !== PPLC_VERSION)
    throw new CompiledFormatError(
      `this module was compiled by pplc ${String(p.pplc)} (format ${p.format}), but the runtime is pplc ${PPLC_VERSION} (format ${COMPILED_FORMAT}): recompile it with this pplc's \`pplc compile\``,
    );
}

/** The draws function for n draws: the compiled one with its draws axis resized (nothing else depends on n). */
export function resizeDraws(d: DrawsFunction, n: number): DrawsFunction {
  const axes = d.fn.axes.map((a) =>
    a.id === PARTICLE_AXIS ? { ...a, size: { kind: 'lit' as const, value: n } } : a,
  );
  return { fn: { ...d.fn, axes }, sources: d.sources };
}

/** A fit of a compiled program to bound data, prepared as src/infer/prepare.ts prepares a checked program's. */
export function prepareCompiled(p: CompiledProgram, data: BoundData): PreparedFit {
  const prep = prepareFrom(p.checked, data, p.objective, p.init, (n) => resizeDraws(p.draws, n));
  return p.kernels.length > 0 ? { ...prep, kernels: p.kernels } : prep;
}
