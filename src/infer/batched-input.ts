// A step input whose many identical scalar computations run as one over a batch axis (src/ir/passes/batch-scalars),
// for the kernels: the params and data packed along the axis, their gradients one output, and the way back to the
// program's own params for the result.
import { batchScalars, type Pack } from '../ir/passes/batch-scalars.js';
import type { DeclaredOutput, Objective } from '../ir/objective.js';
import type { BoundArray } from '../data/bound.js';
import type { ParamState, StepInput } from './step-input.js';
import type { StepResult } from './fit-result.js';

export interface BatchedInput {
  readonly input: StepInput;
  /** The result with the program's params again, in their order. */
  unbatch<R extends StepResult>(r: R): R;
}

/**
 * The batched input, or null where nothing batches or the objective is not plain descent (a loss and every param's
 * gradient, which the batch pass carries over).
 */
export function batchedInput(prep: StepInput): BatchedInput | null {
  const o = prep.objective;
  const loss = o.outputs.find((d) => d.role.kind === 'loss');
  const gradOf = new Map<string, string>();
  for (const d of o.outputs) if (d.role.kind === 'gradient') gradOf.set(d.role.param, d.name);
  if (!loss || gradOf.size + 1 !== o.outputs.length || gradOf.size !== prep.params.length)
    return null;
  const b = batchScalars(o.fn, gradOf);
  if (b === null) return null;
  const outputs: DeclaredOutput[] = [
    loss,
    ...b.fn.params.map((p): DeclaredOutput => {
      const name = b.grads.get(p.name) ?? gradOf.get(p.name)!;
      return { name, role: { kind: 'gradient', param: p.name } };
    }),
  ];
  const objective: Objective = {
    fn: b.fn,
    outputs,
    ...(o.contraction === undefined ? {} : { contraction: o.contraction }),
  };
  const byName = new Map(prep.params.map((p) => [p.decl.name, p]));
  const packOf = new Map(b.params.map((p) => [p.name, p]));
  const pack = (p: Pack, values: (m: string) => number): Float64Array =>
    Float64Array.from(p.members, values);
  const params: ParamState[] = b.fn.params.map((decl) => {
    const p = packOf.get(decl.name);
    if (!p) return byName.get(decl.name)!;
    return { decl, shape: [p.members.length], values: pack(p, (m) => byName.get(m)!.values[0]!) };
  });
  const arrays = new Map<string, BoundArray>(prep.data.arrays);
  for (const d of b.data)
    arrays.set(d.name, {
      shape: [d.members.length],
      values: pack(d, (m) => prep.data.arrays.get(m)!.values[0]!),
    });
  const input: StepInput = { ...prep, objective, params, data: { ...prep.data, arrays } };
  const unpack = (ps: readonly ParamState[]): ParamState[] => {
    const at = new Map<string, number>();
    const from = new Map<string, Float64Array>();
    for (const p of ps) {
      const k = packOf.get(p.decl.name);
      if (!k) from.set(p.decl.name, p.values);
      else k.members.forEach((m, j) => (from.set(m, p.values), at.set(m, j)));
    }
    return prep.params.map((p) => {
      const v = from.get(p.decl.name)!;
      const j = at.get(p.decl.name);
      return { ...p, values: j === undefined ? v : Float64Array.of(v[j]!) };
    });
  };
  return {
    input,
    unbatch: (r) => ({
      ...r,
      params: unpack(r.params),
      ...(r.before ? { before: unpack(r.before) } : {}),
    }),
  };
}
