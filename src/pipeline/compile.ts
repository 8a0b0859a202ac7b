// The compiler driver: source text to every stage (AST, typed program, the method's IR, its gradients), user errors as
// diagnostics. The CLI, the library and the tests all compile through here; `--emit` prints its fields.
import type { CheckedProgram } from '../check/typed.js';
import { DiagnosticsError, hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { Objective } from '../ir/objective.js';
import type { Program } from '../parser/ast.js';
import type { MethodName } from '../methods/methods.js';
import type { BuildOptions, MethodIR } from '../methods/method.js';

import { DEFAULT_K, DEFAULT_QEM_LR } from './defaults.js';

export { DEFAULT_K, DEFAULT_QEM_LR };

/** The stages, in order; `until` stops after one. */
export const STAGES = ['ast', 'typed', 'ir', 'grad'] as const;
export type Stage = (typeof STAGES)[number];

export interface CompileOptions {
  readonly method?: MethodName;
  /** Samples per step (Trace_ELBO's particles). */
  readonly particles?: number;
  /** Samples per latent (massively parallel methods) or importance samples (`is`). */
  readonly K?: number;
  /** QEM's moment-matching rate. */
  readonly qemLr?: number;
  /** The last stage to run (default 'grad'). */
  readonly until?: Stage;
}

export interface Compiled {
  readonly file: string;
  readonly source: string;
  readonly method: MethodName;
  readonly particles: number;
  readonly K: number;
  readonly qemLr: number;
  readonly ast: Program | null;
  readonly typed: CheckedProgram | null;
  /** The method's objective before differentiation. */
  readonly ir: MethodIR | null;
  /** What a step runs, gradients included, each output's role declared. */
  readonly objective: Objective | null;
  readonly diagnostics: readonly Diagnostic[];
}

const after = (until: Stage, s: Stage): boolean => STAGES.indexOf(until) >= STAGES.indexOf(s);

/**
 * Runs the stages up to `until`; a stage runs only when the ones before it had no errors. Lowering and AD are
 * loaded only when a stage needs them, so that checking a program starts fast.
 */
export async function compile(
  source: string,
  file: string,
  options: CompileOptions = {},
): Promise<Compiled> {
  const method = options.method ?? 'vi';
  const particles = options.particles ?? 1;
  const K = options.K ?? DEFAULT_K;
  const qemLr = options.qemLr ?? DEFAULT_QEM_LR;
  const until = options.until ?? 'grad';
  // The front end is loaded here, not imported: Chevrotain loads with a top-level await, which would keep
  // `require('pplc')` from loading the package (require of an ES module graph needs one without).
  if (until === 'ast') {
    const { parse } = await import('../parser/parse.js');
    const parsed = parse(source, file);
    return {
      file,
      source,
      method,
      particles,
      K,
      qemLr,
      ast: parsed.program,
      typed: null,
      ir: null,
      objective: null,
      diagnostics: parsed.diagnostics,
    };
  }
  const { checkSource } = await import('./front-end.js');
  const fe = checkSource(source, file);
  const base = { file, source, method, particles, K, qemLr, ast: fe.ast, typed: fe.checked };
  if (fe.checked === null || hasErrors(fe.diagnostics))
    return { ...base, ir: null, objective: null, diagnostics: fe.diagnostics };
  const lowered = await lowerStages(fe.checked, method, { particles, K, qemLr }, until);
  return { ...base, ...lowered, diagnostics: [...fe.diagnostics, ...lowered.diagnostics] };
}

/** The method's stages of a checked program, lowering's errors as diagnostics. */
export async function lowerStages(
  typed: CheckedProgram,
  method: MethodName,
  build: BuildOptions,
  until: Stage = 'grad',
): Promise<Pick<Compiled, 'ir' | 'objective' | 'diagnostics'>> {
  if (!after(until, 'ir')) return { ir: null, objective: null, diagnostics: [] };
  const m = (await import('../methods/methods.js')).METHODS[method];
  try {
    const ir = m.lower(typed, build);
    const objective = after(until, 'grad') ? m.objective(ir) : null;
    return { ir, objective, diagnostics: [] };
  } catch (e) {
    if (e instanceof DiagnosticsError)
      return { ir: null, objective: null, diagnostics: e.diagnostics };
    throw e;
  }
}

/** The compiled program's errors, if any. */
export function errorsOf(c: Pick<Compiled, 'diagnostics'>): readonly Diagnostic[] {
  return c.diagnostics.filter((d) => d.severity === 'error');
}
