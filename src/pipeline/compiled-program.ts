// A checked program and its objective as the data a compiled module embeds (src/infer/compiled.ts): the lowering of
// the init and posterior draws functions happens here, at compile time, so the runtime needs none.
import type { CheckedProgram } from '../check/typed.js';
import type { Objective } from '../ir/objective.js';
import { COMPILED_FORMAT, PPLC_VERSION, type CompiledProgram } from '../infer/compiled.js';
import { drawsFunction, initFunction } from '../infer/prepare.js';

/** Draws the embedded draws function is built for: the runtime resizes its draws axis (2 keeps it from folding away). */
const BUILT_DRAWS = 2;

export function compiledProgram(
  checked: CheckedProgram,
  source: string,
  objective: Objective,
  method: string,
  particles: number,
): CompiledProgram {
  return {
    format: COMPILED_FORMAT,
    pplc: PPLC_VERSION,
    method,
    source,
    particles,
    checked,
    objective,
    init: initFunction(checked),
    draws: drawsFunction(checked, BUILT_DRAWS),
  };
}
