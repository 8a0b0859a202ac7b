// The loop kernels' code blocks and index environments: nested loop blocks, the WGSL that names a value's element,
// and row-major offsets; shared by the emitter (tensor-emit.ts) and the op rules (tensor-rules.ts).
import type { AxisId, ValueId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';
import type { KernelPlan, TensorSchedule } from '../plan/types.js';
import type { EmitEnv } from './emit-scope.js';

/** A block of code: the kernel's body or a loop's, with the names bound in it. */
export interface Block {
  readonly parent: Block | null;
  readonly depth: number;
  readonly indent: string;
  readonly lines: string[];
  /** Bound values by `value|index expressions`. */
  readonly memo: Map<string, Ref>;
  /** Times the block runs per thread: the product of its enclosing loops' trip counts. */
  readonly trips: number;
}

/** A WGSL expression and the block that binds what it reads (a u32 index, or an f32 value). */
export interface Ref {
  readonly expr: string;
  readonly at: Block;
}

export type Indices = ReadonlyMap<AxisId, Ref>;

export interface TensorGen {
  readonly env: EmitEnv;
  readonly sched: TensorSchedule;
  /** The values this thread computes and stores itself (its part): read from registers, not from `glob`. */
  readonly own: ReadonlySet<ValueId>;
  readonly root: Block;
  /** A fresh WGSL name. */
  fresh(stem: string): string;
  /** Loads from storage, weighted by how often their block runs (the tile chooser compares them). */
  loads: number;
}

export const rootBlock = (indent: string): Block => ({
  parent: null,
  depth: 0,
  indent,
  lines: [],
  memo: new Map(),
  trips: 1,
});

export const childBlock = (b: Block, n: number): Block => ({
  parent: b,
  depth: b.depth + 1,
  indent: b.indent + '  ',
  lines: [],
  memo: new Map(),
  trips: b.trips * n,
});

/** The innermost of the blocks (they lie on one chain of nested loops). */
export function innermost(root: Block, refs: readonly Ref[]): Block {
  let b = root;
  for (const r of refs) if (r.at.depth > b.depth) b = r.at;
  return b;
}

/** `base + i0 * s0 + ...`: the u32 offset of an element of an array laid out row-major over `dims`. */
export function flatIndex(
  plan: KernelPlan,
  base: number,
  dims: readonly AxisId[],
  idx: Indices,
): string {
  const terms: string[] = [];
  let stride = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    const r = idx.get(dims[i]!);
    if (!r) throw new InternalError(`no index for the axis ${dims[i]}`);
    terms.unshift(stride === 1 ? r.expr : `${r.expr} * ${stride}u`);
    stride *= plan.axisSizes.get(dims[i]!)!;
  }
  if (base !== 0 || terms.length === 0) terms.unshift(`${base}u`);
  return terms.join(' + ');
}

/** A load from storage at `at` (counted for the tile chooser). */
export function load(g: TensorGen, at: Block, expr: string): string {
  g.loads += at.trips;
  return expr;
}

/** The indices of argument `a` (its axes) from the output's. */
export function restrict(g: TensorGen, a: ValueId, idx: Indices): Map<AxisId, Ref> {
  const ai = g.env.plan.values.get(a)!;
  return new Map(ai.eqn.axes.map((x) => [x, idx.get(x)!]));
}

/** A loop over axis `ax` nested in `at`: `body` emits into the loop's block given the loop index. */
export function loopOver(
  g: TensorGen,
  at: Block,
  n: number,
  body: (i: Ref, inner: Block) => void,
): void {
  const inner = childBlock(at, n);
  const i = g.fresh('i');
  body({ expr: i, at: inner }, inner);
  at.lines.push(`${at.indent}for (var ${i} = 0u; ${i} < ${n}u; ${i}++) {`);
  at.lines.push(...inner.lines);
  at.lines.push(`${at.indent}}`);
}
