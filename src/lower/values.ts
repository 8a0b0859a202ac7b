// Lowered values: an IR value plus which of its axes are the expression's array dims (the rest are plate batch axes).
import type { AxisId, ValueId } from '../ir/ir.js';

export interface LVal {
  readonly v: ValueId;
  /** The axes standing for the type's explicit dims, in the type's order (`beta` outside its plate: ['j']). */
  readonly dims: readonly AxisId[];
}

export const scalar = (v: ValueId): LVal => ({ v, dims: [] });
