// What emitting one kernel section knows: where lines go, the WGSL names bound so far, loop indices, and buffer uses.
import type { AxisId, ValueId } from '../ir/ir.js';
import type { KernelPlan, ParamSlot } from '../plan/types.js';

/** Reads a kernel makes of the data buffer: as f32s (`data`, or windows) or as vec4s (`data4`, or windows). */
export type DataUse = 'f32' | 'vec4';

/** Where the code of one kernel section goes and the element names already bound in it. */
export interface Scope {
  readonly lines: string[];
  readonly indent: string;
  readonly refs: Map<ValueId, readonly string[]>;
  /** WGSL u32 expressions of the wide axes' indices inside a loop (empty outside loops). */
  readonly wideIndex: ReadonlyMap<AxisId, string>;
  /** Bound gamma_draw pairs by draw key: rng_gamma and its rng_gamma_dalpha share one draw. */
  readonly draws: Map<string, readonly string[]>;
}

export interface EmitEnv {
  readonly plan: KernelPlan;
  /** The WGSL f32 expression of element `offset` (row-major over decl.axes) of a global param. */
  globalParam(slot: ParamSlot, offset: number): string;
  /** WGSL expressions for the RNG key and step. */
  readonly seed: string;
  readonly step: string;
  /** How the kernel reads the data buffer (filled while emitting; its declarations follow from it). */
  readonly dataUses: Set<DataUse>;
}

/** The environment of kernels that read params from the state buffer and draw at the step `step`, a WGSL
 * expression (config.rngStep); all but the single-workgroup kernel, which keeps params in registers. */
export const storageEnv = (plan: KernelPlan, dataUses: Set<DataUse>, step = 'step'): EmitEnv => ({
  plan,
  globalParam: (p, off) => `state[${p.offset + off}u]`,
  seed: 'cfg.seed',
  step,
  dataUses,
});

export const childScope = (
  s: Scope,
  indent: string,
  wideIndex: ReadonlyMap<AxisId, string> = s.wideIndex,
): Scope => ({
  lines: s.lines,
  indent,
  refs: new Map(s.refs),
  wideIndex,
  draws: new Map(s.draws),
});

export const newScope = (lines: string[], indent: string): Scope => ({
  lines,
  indent,
  refs: new Map(),
  wideIndex: new Map(),
  draws: new Map(),
});

/**
 * The u32 offset expression of an array laid out row-major over `dims`: narrow coordinates are folded
 * into a constant, wide ones multiply their loop index (or an index given in `dynamic`).
 */
export function offsetExpr(
  env: EmitEnv,
  scope: Scope,
  base: number,
  dims: readonly AxisId[],
  c: ReadonlyMap<AxisId, number>,
  dynamic: ReadonlyMap<AxisId, string> = new Map(),
): string {
  const sizes = dims.map((a) => env.plan.axisSizes.get(a)!);
  let k = base;
  const terms: string[] = [];
  let stride = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    const a = dims[i]!;
    const w = dynamic.get(a) ?? scope.wideIndex.get(a);
    if (w !== undefined) terms.unshift(stride === 1 ? w : `${w} * ${stride}u`);
    else k += (c.get(a) ?? 0) * stride;
    stride *= sizes[i]!;
  }
  if (terms.length === 0) return `${k}u`;
  return k === 0 ? terms.join(' + ') : `${terms.join(' + ')} + ${k}u`;
}
