// Maps constraints and supports to the IR's ConstraintSpec and to their bijections from unconstrained space.
import type { ConstraintSpec } from '../ir/ir.js';
import type { TConstraint, TExpr } from '../check/typed.js';
import type { SupportKind } from '../distributions/support-kinds.js';
import { InternalError } from '../diag/diagnostic.js';
import type { Builder } from '../ir/builder.js';
import type { ValueId } from '../ir/ir.js';
import { bijectionForConstraint, constBounds } from '../distributions/bijections.js';
import { stickBreaking, stickBreakingLogDet } from '../distributions/simplex.js';
import { constValue } from '../check/constraints.js';
import { eventAxisId } from './ctx.js';

/** A bijection with its (constant) bounds bound in. */
export interface BoundBijection {
  forward(b: Builder, u: ValueId): ValueId;
  /** log |dx/du|: elementwise, or summed over the event axis for the simplex. */
  logAbsDetJacobian(b: Builder, u: ValueId): ValueId;
  forwardNumber(u: number): number;
  inverse(x: number): number;
}

function constNumber(e: TExpr): number {
  const v = constValue(e);
  if (v === null) throw new InternalError('interval bounds must be numbers');
  return v;
}

/** A param's constraint as the IR declares it (`name`'s event axis for a simplex). */
export function constraintSpec(c: TConstraint, name: string): ConstraintSpec {
  switch (c.name) {
    case 'interval':
      return { kind: 'interval', low: constNumber(c.args[0]!), high: constNumber(c.args[1]!) };
    case 'simplex':
      return { kind: 'simplex', axis: eventAxisId(name) };
    default:
      return { kind: c.name };
  }
}

/** The spec of a latent's support, for the autoguides' unconstrained parameterisation. */
export function supportSpec(
  s: SupportKind,
  bounds?: { low: number; high: number },
  site?: string,
): ConstraintSpec {
  switch (s) {
    case 'simplex':
      if (site === undefined) throw new InternalError('a simplex support needs its site');
      return { kind: 'simplex', axis: eventAxisId(site) };
    case 'real':
    case 'positive':
    case 'unit':
      return { kind: s };
    case 'interval':
      if (!bounds) throw new InternalError('an interval support needs constant bounds');
      return { kind: 'interval', ...bounds };
    default:
      throw new InternalError(`no bijection for the discrete support ${s}`);
  }
}

export function bijectionOf(spec: ConstraintSpec): BoundBijection {
  if (spec.kind === 'simplex') {
    const elementwise = (): never => {
      throw new InternalError('the simplex maps vectors: use constrainValues / unconstrainValues');
    };
    return {
      forward: (b, u) => stickBreaking(b, u, spec.axis),
      logAbsDetJacobian: (b, u) => stickBreakingLogDet(b, u, spec.axis),
      forwardNumber: elementwise,
      inverse: elementwise,
    };
  }
  const { bij, bounds } = bijectionForConstraint(spec);
  return {
    forward: (b, u) => bij.forward(b, u, bounds && constBounds(b, bounds)),
    logAbsDetJacobian: (b, u) => bij.logAbsDetJacobian(b, u, bounds && constBounds(b, bounds)),
    forwardNumber: (u) => bij.forwardNumber(u, bounds),
    inverse: (x) => bij.inverse(x, bounds),
  };
}

// The number-side converters, for the layers (methods) that reach distributions only through lowering.
export { constrainValues, unconstrainValues } from '../distributions/constrain-values.js';
