// The kernel plan as data: which values are global, which run in loops over wide plates, the reductions, and buffer layouts.
import type { AxisId, Eqn, IRFunction, ParamDecl, ValueId } from '../ir/ir.js';
import type { DeclaredOutput } from '../ir/objective.js';

export interface PlanInput {
  /** The function a step runs, and what its outputs are for (loss, gradients, estimates). */
  readonly fn: IRFunction;
  readonly outputs: readonly DeclaredOutput[];
  readonly sizes: ReadonlyMap<string, number>;
  /** Shapes of the data arrays (row-major over their declared dims). */
  readonly dataShapes: ReadonlyMap<string, readonly number[]>;
  /** Per-element state arrays of the optimizer (laid out after each param's values). */
  readonly optimizerStateArrays: number;
  /**
   * The device's fixed subgroup size, when it has the 'subgroups' feature and one size (lavapipe: 8). A
   * workgroup is then exactly one subgroup: plate sums are subgroupAdd, no barrier.
   */
  readonly subgroupSize?: number;
  /** The device's maxStorageBufferBindingSize (default: WebGPU's default limit); larger data is windowed. */
  readonly maxBindingBytes?: number;
  /** How many bindings the data may take as windows (the device's storage-buffer limit less the others). */
  readonly maxDataWindows?: number;
  /** 'loops': the loop kernels even where the fused ones would do (tests compare the two). */
  readonly kernels?: 'auto' | 'loops';
}

/** WebGPU's default maxStorageBufferBindingSize: plans made without a device assume it. */
export const DEFAULT_MAX_BINDING_BYTES = 134217728;

/**
 * Data larger than one storage binding is bound as `count` windows of `vec4s` vec4s each (the last one
 * shorter), all views of one buffer at offsets that are multiples of 256 bytes (WebGPU's largest
 * minStorageBufferOffsetAlignment); every data read then goes through data_v4 / data_f, which pick the window.
 */
export interface DataWindows {
  readonly vec4s: number;
  readonly count: number;
}

export interface Domain {
  readonly key: string; // wide axes joined by ','
  readonly axes: readonly AxisId[];
  readonly size: number;
}

export interface ValueInfo {
  readonly eqn: Eqn;
  readonly wide: readonly AxisId[];
  readonly narrow: readonly AxisId[];
  /** Number of unrolled elements (product of the narrow sizes). */
  readonly count: number;
  readonly domain: Domain | null;
  /** Global values: the stage (section) they are computable in; wide values: the first loop they can run in. */
  readonly level: number;
  /** Set when every element equals this constant (folded in float64 at plan time). */
  readonly konst: number | null;
}

export interface Reduction {
  readonly out: ValueId; // a `sum` over a wide axis
  readonly arg: ValueId;
  readonly count: number; // elements (accumulators)
  readonly offset: number; // in the totals/partials layout
}

export interface Loop {
  readonly domain: Domain;
  readonly k: number;
  readonly reductions: readonly Reduction[];
  /** Wide params updated at the end of each iteration of this loop. */
  readonly updates: readonly ParamSlot[];
}

export interface ParamSlot {
  readonly index: number;
  readonly decl: ParamDecl;
  readonly shape: readonly number[];
  readonly count: number;
  readonly domain: Domain | null;
  /** The output declared as this param's gradient (the optimizer updates the param from it). */
  readonly grad: ValueId | undefined;
  /** When set, `grad` is the param's next value, assigned rather than passed to the optimizer (QEM). */
  readonly assign: boolean;
  /** Offsets into the state buffer: values, optimizer state arrays, and (wide params) the pre-update copy. */
  readonly offset: number;
  readonly stateOffsets: readonly number[];
  readonly prevOffset: number | null;
}

/** An output declared as an estimate or log-weights: written to the estimates buffer at every step. */
export interface EstimateSlot {
  readonly name: string;
  readonly value: ValueId;
  readonly count: number;
  readonly offset: number;
}

export interface DataSlot {
  readonly name: string;
  readonly offset: number;
  readonly shape: readonly number[];
  /**
   * Rows of a matrix read along a wide plate are stored in blocks of DATA_BLOCK rows, by groups of four
   * columns within a block ([block][column group][row in block][4], the last group zero-padded), read as
   * vec4s from the `data4` binding: neighbouring threads read neighbouring 16-byte words (coalesced on a
   * GPU), and lavapipe, which loads a divergent address lane by lane, loads four columns per lane visit.
   * The slot's offset is then a multiple of 4. False: plain row-major.
   */
  readonly blocked: boolean;
}

export const DATA_BLOCK = 32;

/** Column groups (vec4s) per row of a blocked data slot. */
export const blockGroups = (shape: readonly number[]): number =>
  Math.ceil(prod(shape.slice(1)) / 4);

export const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

export interface KernelPlan {
  readonly fn: IRFunction;
  readonly axisSizes: ReadonlyMap<AxisId, number>;
  readonly wideAxes: readonly AxisId[];
  /**
   * Wide plates renamed into one another (a custom guide's own copy of a model plate) share one loop:
   * each non-canonical plate maps to its canonical one (the first declared).
   */
  readonly wideAlias: ReadonlyMap<AxisId, AxisId>;
  readonly values: ReadonlyMap<ValueId, ValueInfo>;
  /** Live values in equation order (constants excluded: they are literals). */
  readonly live: readonly ValueId[];
  readonly domains: readonly Domain[];
  readonly loops: readonly Loop[];
  /** Loop stages 0..lastStage-1; globals of stage lastStage (loss, gradients) end a step. */
  readonly lastStage: number;
  /** 'tensor': loop kernels, one dispatch per level of stored values (see tensor-schedule.ts). */
  readonly mode: 'single' | 'multi' | 'tensor';
  /**
   * How a workgroup combines its threads' partial sums: 'subgroup' when the workgroup is exactly one subgroup
   * (subgroupAdd, no barrier, no shared memory: barriers and shared-memory traffic dominate on lavapipe),
   * else through shared memory ('flat': one barrier in a single-workgroup plan, a tree in a many-workgroup one).
   */
  readonly reduce: 'subgroup' | 'flat';
  readonly workgroupSize: number;
  readonly workgroups: number;
  readonly params: readonly ParamSlot[];
  readonly data: readonly DataSlot[];
  readonly stateLength: number;
  readonly dataLength: number;
  /** Null: the data fits one binding (`data` as f32s, `data4` as vec4s). */
  readonly dataWindows: DataWindows | null;
  readonly totalsLength: number;
  /** The output declared as the loss: recorded every step, and a non-finite one stops the fit. */
  readonly loss: ValueId;
  readonly lossKonst: number | null;
  readonly estimates: readonly EstimateSlot[];
  readonly estimatesLength: number;
  /**
   * Subsampled plates: the full axis (`i:full`, never looped over, only indexed by subsample_index) of
   * each batch axis, and the full sizes by batch axis.
   */
  readonly fullAxes: ReadonlySet<AxisId>;
  readonly subsampleFull: ReadonlyMap<AxisId, number>;
  /** The loop kernels' schedule (mode 'tensor' only). */
  readonly tensor: TensorSchedule | null;
}

/** A value kept in the `glob` buffer: row-major over its axes (canonical order) from `offset`. */
export interface StoredValue {
  readonly value: ValueId;
  readonly axes: readonly AxisId[];
  readonly count: number;
  readonly offset: number;
  readonly level: number;
  /** Rough instructions to recompute one element from the values stored before it. */
  readonly cost: number;
  /** The last level that reads it (the level count for outputs, read at the end of a step): its words are free after. */
  readonly until: number;
}

/** The stored values of one level that share their axes: one thread per element computes all of them. */
export interface TensorPart {
  readonly axes: readonly AxisId[];
  readonly count: number;
  readonly values: readonly ValueId[];
}

/** One dispatch: its parts run side by side (thread ranges), reading only values of earlier levels. */
export interface TensorLevel {
  readonly parts: readonly TensorPart[];
  /** Elements of all its parts. */
  readonly elements: number;
}

export interface TensorSchedule {
  readonly stored: ReadonlyMap<ValueId, StoredValue>;
  readonly levels: readonly TensorLevel[];
  /** Words of `glob`: the stored values, then one flag word (did this round take its step). */
  readonly globLength: number;
  readonly flag: number;
}
