// The params a fit reports after a divergence: the last ones that are finite, and strictly inside their constraints.
import { constrainValues, unconstrainValues } from '../distributions/constrain-values.js';
import type { StepResult } from './fit-result.js';
import type { ParamState } from './step-input.js';

/**
 * The first param (by name) whose values are not all usable: an unconstrained value that is not finite, or one whose
 * constrained value overflows or rounds onto its constraint's bound (a positive param at exp(800) = ∞ or exp(-800)
 * = 0), where it cannot be reported, saved or fitted from again. Null when every param is usable.
 */
export function unusableParam(params: readonly ParamState[]): string | null {
  for (const p of params) {
    if (p.decl.block === 'source') continue;
    if (p.values.some((u) => !Number.isFinite(u))) return p.decl.name;
    const x = constrainValues(p.decl.constraint, p.values, p.shape);
    if (x.some((v) => !Number.isFinite(v))) return p.decl.name;
    if (unconstrainValues(p.decl.constraint, x, p.shape).some((u) => !Number.isFinite(u)))
      return p.decl.name;
  }
  return null;
}

/**
 * The params to report: those in force at the end, unless a divergence left one unusable and the driver kept the
 * params of the last step whose loss was finite (`before`), which are then reported (both backends, one rule).
 */
export function reportedParams(r: StepResult): readonly ParamState[] {
  if (r.divergence === null || r.before === undefined || unusableParam(r.params) === null)
    return r.params;
  return r.before;
}
