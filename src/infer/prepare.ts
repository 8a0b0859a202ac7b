// A fit prepared from a checked program: its init and posterior draws functions lowered here (the compiler's side of
// src/infer/step-input.ts, whose readonly data the runtime entry gets from a compiled module instead).
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { Objective } from '../ir/objective.js';
import { grad } from '../ad/grad.js';
import { simplify } from '../ir/passes/simplify.js';
import { buildDraws } from '../lower/draws.js';
import { buildInit, paramInits } from '../lower/inits.js';
import { prepareFrom, type DrawsFunction, type PreparedFit } from './step-input.js';

export * from './step-input.js';

/** The function that evaluates every param's constrained initial value (`init:<param>`). */
export function initFunction(checked: CheckedProgram) {
  return buildInit(checked, paramInits(checked));
}

/** The draws function for n draws, with the enumerated sites' marginals as gradients of logZ at zero sources. */
export function drawsFunction(checked: CheckedProgram, n: number): DrawsFunction {
  const d = buildDraws(checked, n);
  const withGrads =
    d.sources.length === 0
      ? d.fn
      : grad(
          d.fn,
          'logZ',
          d.sources.map((s) => s.param),
        );
  return { fn: simplify(withGrads), sources: d.sources };
}

/** Sizes and initial params for a fit of `objective` (the backend-independent part of a fit). */
export function prepareFit(
  checked: CheckedProgram,
  data: BoundData,
  objective: Objective,
): PreparedFit {
  return prepareFrom(checked, data, objective, initFunction(checked), (n) =>
    drawsFunction(checked, n),
  );
}
