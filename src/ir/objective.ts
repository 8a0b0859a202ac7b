// An objective: the IR function a backend runs at every step, with each output's declared role (the inference-method seam).
import type { IRFunction, ValueId } from './ir.js';
import type { ContractionPlan } from './contraction.js';
import { InternalError } from '../diag/diagnostic.js';

/**
 * What an output is for. The planner, the kernels and the CPU driver act on roles, never on output names:
 * a loss is recorded every step and stops the fit when non-finite; a gradient drives the optimizer update of
 * its param; log-weights and estimates are kept (at the last step) for the method to read.
 */
export type OutputRole =
  | { readonly kind: 'loss' }
  | { readonly kind: 'gradient'; readonly param: string }
  /** The param's next (unconstrained) value, set in place of an optimizer update (QEM's moment matching). */
  | { readonly kind: 'assign'; readonly param: string }
  | { readonly kind: 'logWeight' }
  | { readonly kind: 'estimate' };

export interface DeclaredOutput {
  /** The output's key in `fn.outputs`. */
  readonly name: string;
  readonly role: OutputRole;
}

export interface Objective {
  readonly fn: IRFunction;
  readonly outputs: readonly DeclaredOutput[];
  /** How the objective sums out sample and enumeration axes (`--emit plan` prints it), when it does. */
  readonly contraction?: ContractionPlan | null;
}

/** A stepped objective's outputs by role, as the planner and the CPU driver act on them. */
export interface StepRoles {
  readonly loss: ValueId;
  /** Each updated param's gradient (or, when assigned, its next value), by param name. */
  readonly gradOf: ReadonlyMap<string, ValueId>;
  /** The params whose `gradOf` value is their next value, set rather than passed to the optimizer. */
  readonly assigned: ReadonlySet<string>;
  /** The log-weights and estimates, in declaration order. */
  readonly estimates: readonly { readonly name: string; readonly value: ValueId }[];
}

/** Reads the roles of a stepped objective; a malformed declaration is a bug of its method. */
export function stepRoles(o: Objective): StepRoles {
  const value = (name: string): ValueId => {
    const v = o.fn.outputs[name];
    if (v === undefined) throw new InternalError(`the declared output '${name}' is not computed`);
    return v;
  };
  const losses = o.outputs.filter((d) => d.role.kind === 'loss');
  if (losses.length !== 1)
    throw new InternalError(`a stepped objective needs exactly one loss, not ${losses.length}`);
  const gradOf = new Map<string, ValueId>();
  const assigned = new Set<string>();
  const estimates: { name: string; value: ValueId }[] = [];
  for (const d of o.outputs) {
    if (d.role.kind === 'gradient' || d.role.kind === 'assign') {
      if (gradOf.has(d.role.param))
        throw new InternalError(`the param '${d.role.param}' is updated twice`);
      gradOf.set(d.role.param, value(d.name));
      if (d.role.kind === 'assign') assigned.add(d.role.param);
    } else if (d.role.kind !== 'loss') estimates.push({ name: d.name, value: value(d.name) });
  }
  return { loss: value(losses[0]!.name), gradOf, assigned, estimates };
}
