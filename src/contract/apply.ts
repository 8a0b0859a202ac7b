// Emits a contraction plan as IR: sums of factors, log-sum-exp (log-mean-exp for K samples) and plate sums, in the plan's order.
import type { Builder } from '../ir/builder.js';
import type { ContractionPlan } from '../ir/contraction.js';
import type { AxisId, ValueId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';

export interface Applied {
  /** The log of the contracted estimate. */
  readonly value: ValueId;
  /**
   * Per eliminate step (by its output factor's id): the joint it sums out, log-density over its var and the
   * vars and plates it keeps; sampling that var given the others (importance samples) reads it.
   */
  readonly joints: ReadonlyMap<number, ValueId>;
}

/**
 * The log of the contracted estimate. `values` are the factors' values by id; `productOver` sums a log-density
 * over a plate (the caller scales subsampled plates). A K-sample var is averaged, an enumerated one summed.
 */
export function applyContraction(
  b: Builder,
  plan: ContractionPlan,
  values: readonly ValueId[],
  productOver: (v: ValueId, plate: AxisId) => ValueId,
): Applied {
  const at = new Map<number, ValueId>();
  const joints = new Map<number, ValueId>();
  for (const f of plan.factors) {
    let v = values[f.id];
    if (v === undefined) throw new InternalError(`factor f${f.id} has no value`);
    for (const p of [...f.early].reverse())
      v = productOver(b.axesOf(v).includes(p) ? v : b.expand(v, p), p);
    at.set(f.id, v);
  }
  const get = (id: number): ValueId => {
    const v = at.get(id);
    if (v === undefined) throw new InternalError(`factor f${id} is used before it is made`);
    return v;
  };
  for (const s of plan.steps) {
    if (s.kind === 'product') {
      at.set(s.out, productOver(get(s.input), s.plate));
      continue;
    }
    const joint = s.inputs.map(get).reduce((x, y) => b.add(x, y));
    joints.set(s.out, joint);
    let v = b.op('logsumexp', [joint], { axis: s.axis });
    const spec = plan.vars.find((x) => x.axis === s.axis);
    if (spec?.kind === 'ksample') {
      const k = b.axis(s.axis).size;
      if (k.kind !== 'lit') throw new InternalError(`sample axis ${s.axis} has no literal size`);
      v = b.sub(v, b.const(Math.log(k.value)));
    }
    at.set(s.out, v);
  }
  const value =
    plan.result.length === 0 ? b.const(0) : plan.result.map(get).reduce((x, y) => b.add(x, y));
  return { value, joints };
}
