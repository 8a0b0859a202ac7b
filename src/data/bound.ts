// Data bound to a checked program: sizes by name and every data value as a row-major Float64Array with its shape.
export interface BoundArray {
  readonly shape: readonly number[]; // [] for a scalar
  readonly values: Float64Array;
}

export interface BoundData {
  /** Every scalar int data value (sizes included, inferred ones too). */
  readonly sizes: ReadonlyMap<string, number>;
  /** Every data declaration, scalars included (shape []). */
  readonly arrays: ReadonlyMap<string, BoundArray>;
}
