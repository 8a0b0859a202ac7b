// A checked program and its objective as the data a compiled module embeds (src/infer/compiled.ts): the lowering of
// the init and posterior draws functions, and of the functions a method evaluates after its fit, happens here, at
// compile time, so the runtime needs none.
import type { CheckedProgram } from '../check/typed.js';
import type { Objective } from '../ir/objective.js';
import { COMPILED_FORMAT, PPLC_VERSION, type CompiledProgram } from '../infer/compiled.js';
import type { CompiledKernels } from '../infer/compiled-kernels.js';
import { drawsFunction, initFunction } from '../infer/prepare.js';
import type { BuildOptions } from '../methods/method.js';
import { METHOD_BUILD } from '../methods/method-names.js';
import { METHODS, type MethodName } from '../methods/methods.js';

/** Draws the embedded draws function is built for: the runtime resizes its draws axis (2 keeps it from folding away). */
const BUILT_DRAWS = 2;

export function compiledProgram(
  checked: CheckedProgram,
  source: string,
  objective: Objective,
  method: MethodName,
  build: BuildOptions,
  /** Kernels for the data given at compile time (src/infer/compiled-kernels.ts compileKernels). */
  kernels: readonly CompiledKernels[] = [],
): CompiledProgram {
  return {
    format: COMPILED_FORMAT,
    pplc: PPLC_VERSION,
    method,
    source,
    build: Object.fromEntries(METHOD_BUILD[method].map((k) => [k, build[k]])),
    checked,
    objective,
    init: initFunction(checked),
    draws: drawsFunction(checked, BUILT_DRAWS),
    estimates: METHODS[method].estimates?.(checked, build) ?? null,
    kernels,
  };
}
