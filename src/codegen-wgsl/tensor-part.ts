// The code of one part of a loop-kernel level (its values, computed and stored by each thread a tile of elements at a
// time) and the choice of that tile: the candidate that loads least per element.
import type { AxisId } from '../ir/ir.js';
import { InternalError } from '../diag/diagnostic.js';
import type { TensorPart, TensorSchedule } from '../plan/types.js';
import type { KernelContext } from './assemble.js';
import { rngStep } from './config.js';
import { storageEnv, type DataUse, type EmitEnv } from './emit-scope.js';
import { emitTile } from './tensor-emit.js';
import { flatIndex, rootBlock, type Ref, type TensorGen } from './tensor-scope.js';

export const schedOf = (k: KernelContext): TensorSchedule => {
  if (!k.plan.tensor) throw new InternalError('a loop-kernel program without its schedule');
  return k.plan.tensor;
};

const envOf = (k: KernelContext, dataUses: Set<DataUse>): EmitEnv =>
  storageEnv(k.plan, dataUses, rngStep(k.config));

/** The code of one part, its thread's tile of elements at a time; the weighted loads it makes. */
function partCode(
  k: KernelContext,
  env: EmitEnv,
  part: TensorPart,
  tiling: Tiling,
  start: number,
): { lines: string[]; loads: number } {
  const sched = schedOf(k);
  const root = rootBlock('      ');
  let n = 0;
  const g: TensorGen = {
    env,
    sched,
    own: new Set(part.values),
    root,
    fresh: (stem) => `${stem}_${n++}`,
    loads: 0,
  };
  const factor = (a: AxisId): number => tiling.get(a) ?? 1;
  const coarse = (a: AxisId): number => k.plan.axisSizes.get(a)! / factor(a);
  let stride = part.axes.reduce((p, a) => p * coarse(a), 1);
  const threads = stride;
  root.lines.push(`${root.indent}let e = ${start === 0 ? 't' : `(t - ${start}u)`};`);
  // Each axis's indices in the tile: the coarse index times the factor, plus each offset below the factor.
  const members = new Map<AxisId, Ref[]>();
  for (const a of part.axes) {
    stride /= coarse(a);
    const name = g.fresh('ix');
    const q = stride === 1 ? 'e' : `e / ${stride}u`;
    root.lines.push(
      `${root.indent}let ${name} = ${coarse(a) === threads ? q : `(${q}) % ${coarse(a)}u`};`,
    );
    const f = factor(a);
    if (f === 1) {
      members.set(a, [{ expr: name, at: root }]);
      continue;
    }
    members.set(
      a,
      Array.from({ length: f }, (_, c) => {
        const m = g.fresh('ix');
        root.lines.push(`${root.indent}let ${m} = ${name} * ${f}u + ${c}u;`);
        return { expr: m, at: root };
      }),
    );
  }
  let tile: Map<AxisId, Ref>[] = [new Map()];
  for (const a of part.axes)
    tile = tile.flatMap((idx) => members.get(a)!.map((r) => new Map(idx).set(a, r)));
  for (const v of part.values) {
    const refs = emitTile(g, v, tile);
    const off = sched.stored.get(v)!.offset;
    refs.forEach((r, j) =>
      root.lines.push(
        `${root.indent}glob[${flatIndex(k.plan, off, part.axes, tile[j]!)}] = ${r.expr};`,
      ),
    );
  }
  return { lines: root.lines, loads: g.loads / tile.length };
}

/** A part's tile: the factor of each tiled axis (a thread computes the product of the factors' elements). */
type Tiling = ReadonlyMap<AxisId, number>;

const tileSize = (t: Tiling): number => [...t.values()].reduce((p, f) => p * f, 1);

/** Threads a tiled part keeps at least (a GPU needs many; lavapipe's two cores need few). */
const MIN_TILED_THREADS = 4096;

/** The largest divisor of n in [2, most], or 1. */
function divisorUpTo(n: number, most: number): number {
  for (let f = Math.min(most, n); f >= 2; f--) if (n % f === 0) return f;
  return 1;
}

/** A part's code at its best tiling: the threads it takes, and how it reads the data buffer. */
export interface TiledPart {
  readonly lines: readonly string[];
  readonly threads: number;
  readonly dataUses: ReadonlySet<DataUse>;
}

/**
 * The code of a part (its first thread `start`) at the tiling that makes the fewest loads per element, each
 * candidate emitted and its loads counted: none, one axis by up to 8, or two axes by up to 4 each.
 */
export function tiledPart(k: KernelContext, part: TensorPart, start: number): TiledPart {
  const none: Tiling = new Map();
  const sizeOf = (a: AxisId): number => k.plan.axisSizes.get(a)!;
  const cands: Tiling[] = [none];
  const axes = part.axes.filter((a) => sizeOf(a) >= 2);
  for (const a of axes) {
    const f = divisorUpTo(sizeOf(a), 8);
    if (f > 1) cands.push(new Map([[a, f]]));
  }
  for (let i = 0; i < axes.length; i++)
    for (let j = i + 1; j < axes.length; j++) {
      const [fa, fb] = [divisorUpTo(sizeOf(axes[i]!), 4), divisorUpTo(sizeOf(axes[j]!), 4)];
      if (fa > 1 && fb > 1)
        cands.push(
          new Map([
            [axes[i]!, fa],
            [axes[j]!, fb],
          ]),
        );
    }
  let best: TiledPart | null = null;
  let bestLoads = Infinity;
  for (const t of cands) {
    if (t !== none && part.count / tileSize(t) < MIN_TILED_THREADS) continue;
    const dataUses = new Set<DataUse>();
    const { lines, loads } = partCode(k, envOf(k, dataUses), part, t, start);
    // A bigger tile must save a tenth of the loads: it costs registers and code.
    if (loads < bestLoads * 0.9) {
      best = { lines, threads: part.count / tileSize(t), dataUses };
      bestLoads = loads;
    }
  }
  return best!;
}
