// The kernel plan: which values are global (narrow axes only, computed redundantly per thread), which run in
// thread-strided loops over a wide domain, which sums are workgroup reductions, and how buffers are laid out.
import type { AxisId, Eqn, IRFunction, ParamDecl, ValueId } from '../ir/ir.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { BINARY, TERNARY, UNARY } from '../ir/scalar.js';
import { PlanUnsupported } from './unsupported.js';

/** Plates larger than this are wide (parallelised across threads); smaller axes are unrolled per thread. */
export const NARROW_MAX = 32;
/** Above this much work per step (wide elements x unrolled narrow elements) a step uses many workgroups. */
export const SINGLE_WG_MAX_WORK = 1 << 18;
/** Threads of a many-workgroup loop dispatch, in all: enough to fill a GPU's cores, few partials to finish. */
export const MULTI_THREADS = 8192;

export interface PlanInput {
  readonly fn: IRFunction;
  readonly sizes: ReadonlyMap<string, number>;
  /** Shapes of the data arrays (row-major over their declared dims). */
  readonly dataShapes: ReadonlyMap<string, readonly number[]>;
  readonly optimizerStateArrays: number;
  /**
   * The device's fixed subgroup size, when it has the 'subgroups' feature and one size (lavapipe: 8). A
   * single-workgroup plan then makes its workgroup exactly one subgroup: plate sums are subgroupAdd, no barrier.
   */
  readonly subgroupSize?: number;
  /** The device's maxStorageBufferBindingSize (default: WebGPU's default limit); larger data is windowed. */
  readonly maxBindingBytes?: number;
  /** The device's maxStorageBuffersPerShaderStage (default 16): bounds the number of data windows. */
  readonly maxStorageBuffers?: number;
}

/** WebGPU's default maxStorageBufferBindingSize: plans made without a device assume it. */
export const DEFAULT_MAX_BINDING_BYTES = 134217728;
/** Storage bindings a kernel uses besides the data's (state, cfg, ctrl, losses, partials, totals, glob). */
const KERNEL_BINDINGS = 7;

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
  readonly grad: ValueId | undefined;
  /** Offsets into the state buffer: values, optimizer state arrays, and (wide params) the pre-update copy. */
  readonly offset: number;
  readonly stateOffsets: readonly number[];
  readonly prevOffset: number | null;
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

/** Column groups (vec4s) per row of a blocked data slot. */
export const blockGroups = (shape: readonly number[]): number =>
  Math.ceil(prod(shape.slice(1)) / 4);

export const DATA_BLOCK = 32;
/** The binding of `data4`, the data buffer seen as vec4s (blocked slots). */
export const DATA4_BINDING = 8;

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
  readonly mode: 'single' | 'multi';
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
  readonly loss: ValueId;
  readonly lossKonst: number | null;
  /**
   * Subsampled plates: the full axis (`i:full`, never looped over, only indexed by subsample_index) of
   * each batch axis, and the full sizes by batch axis.
   */
  readonly fullAxes: ReadonlySet<AxisId>;
  readonly subsampleFull: ReadonlyMap<AxisId, number>;
}

const prod = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

function windowsFor(floats: number, maxBytes: number, maxCount: number): DataWindows | null {
  if (floats * 4 <= maxBytes) return null;
  const vec4s = Math.floor(maxBytes / 256) * 16;
  const count = Math.ceil(floats / 4 / vec4s);
  if (vec4s < 1 || count > maxCount)
    throw new PlanUnsupported(
      `the data (${floats * 4} bytes) needs ${count} storage bindings of at most ${maxBytes} bytes, more than the ${maxCount} this device leaves for data`,
    );
  return { vec4s, count };
}

function attr(e: Eqn, k: string): string {
  const v = e.attrs[k];
  if (typeof v !== 'string') throw new PlanUnsupported(`${e.op} without attribute ${k}`);
  return v;
}

/** Folds uniform constants through elementwise ops, broadcasts and sums (float64, as the CPU). */
function constants(fn: IRFunction, size: (a: AxisId) => number): Map<ValueId, number> {
  const k = new Map<ValueId, number>();
  for (const e of fn.eqns) {
    const a = e.args.map((x) => k.get(x));
    const all = a.every((x) => x !== undefined);
    let v: number | undefined;
    if (e.op === 'const') v = e.attrs.value as number;
    else if (!all || e.args.length === 0) v = undefined;
    else if (UNARY[e.op] && a.length === 1) v = UNARY[e.op]!(a[0]!);
    else if (BINARY[e.op] && a.length === 2) v = BINARY[e.op]!(a[0]!, a[1]!);
    else if (TERNARY[e.op] && a.length === 3) v = TERNARY[e.op]!(a[0]!, a[1]!, a[2]!);
    else if (e.op === 'expand' || e.op === 'rename') v = a[0];
    else if (e.op === 'sum') {
      // Summed in order, as the CPU interpreter does, so the folded value is the CPU's to the last bit.
      let s = 0;
      for (let r = 0; r < size(attr(e, 'axis')); r++) s += a[0]!;
      v = s;
    }
    if (v !== undefined) k.set(e.out, v);
  }
  return k;
}

/** Live values: everything the outputs need, stopping at constants. */
function liveSet(
  fn: IRFunction,
  konst: ReadonlyMap<ValueId, number>,
  roots: readonly ValueId[],
): Set<ValueId> {
  const byOut = new Map(fn.eqns.map((e) => [e.out, e]));
  const live = new Set<ValueId>();
  const stack = roots.filter((r) => !konst.has(r));
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (live.has(v)) continue;
    live.add(v);
    for (const a of byOut.get(v)!.args) if (!konst.has(a)) stack.push(a);
  }
  return live;
}

/** Wide axes such that the wide parts of all live values are equal or disjoint (nested plates are narrowed). */
function chooseWide(
  fn: IRFunction,
  live: Set<ValueId>,
  size: (a: AxisId) => number,
  fullAxes: ReadonlySet<AxisId>,
): Set<AxisId> {
  const wide = new Set(
    fn.axes
      .filter((a) => a.role === 'plate' && size(a.id) > NARROW_MAX && !fullAxes.has(a.id))
      .map((a) => a.id),
  );
  for (;;) {
    const sets = new Map<string, Set<AxisId>>();
    for (const e of fn.eqns) {
      if (!live.has(e.out)) continue;
      const w = e.axes.filter((a) => wide.has(a));
      if (w.length > 0) sets.set(w.join(','), new Set(w));
    }
    const list = [...sets.values()];
    let changed = false;
    // A plate renamed to or from a narrow axis (dot's vector axis) is unrolled with it.
    for (const e of fn.eqns) {
      if (!live.has(e.out) || e.op !== 'rename') continue;
      const [from, to] = [e.attrs.from as AxisId, e.attrs.to as AxisId];
      if (wide.has(from) !== wide.has(to)) {
        wide.delete(from);
        wide.delete(to);
        changed = true;
      }
    }
    for (let i = 0; i < list.length && !changed; i++) {
      for (let j = i + 1; j < list.length && !changed; j++) {
        const [a, b] = [list[i]!, list[j]!];
        const both = [...a].filter((x) => b.has(x));
        if (both.length === 0) continue;
        // Overlapping domains: keep the shared axes wide, run the rest as inner loops.
        for (const x of [...a, ...b]) if (!both.includes(x)) wide.delete(x);
        changed = true;
      }
    }
    if (!changed) return wide;
  }
}

/** Wide plates joined by a rename of wide to wide (union-find; the first declared plate is canonical). */
function aliasWide(fn: IRFunction, live: Set<ValueId>, wide: Set<AxisId>): Map<AxisId, AxisId> {
  const parent = new Map<AxisId, AxisId>();
  const root = (a: AxisId): AxisId => {
    while (parent.has(a)) a = parent.get(a)!;
    return a;
  };
  const rank = new Map(fn.axes.map((a, i) => [a.id, i]));
  for (const e of fn.eqns) {
    if (!live.has(e.out) || e.op !== 'rename') continue;
    const [from, to] = [root(e.attrs.from as AxisId), root(e.attrs.to as AxisId)];
    if (from === to || !wide.has(from) || !wide.has(to)) continue;
    if (rank.get(from)! < rank.get(to)!) parent.set(to, from);
    else parent.set(from, to);
  }
  return new Map([...parent.keys()].map((a) => [a, root(a)]));
}

export function planKernels(inp: PlanInput): KernelPlan {
  const { fn } = inp;
  const axisSizes = resolveAxisSizes(fn.axes, inp.sizes);
  const size = (a: AxisId): number => axisSizes.get(a)!;
  const konst = constants(fn, size);
  const loss = fn.outputs.loss;
  if (loss === undefined) throw new PlanUnsupported('the function has no loss output');
  const gradOf = new Map(fn.params.map((p) => [p.name, fn.outputs[`grad:${p.name}`]]));
  const roots = [loss, ...[...gradOf.values()].filter((g): g is ValueId => g !== undefined)];
  const live = liveSet(fn, konst, roots);
  const { fullAxes, subsampleFull } = subsampled(fn, live, inp.sizes);
  const wideSet = chooseWide(fn, live, size, fullAxes);
  const wideAxes = fn.axes.map((a) => a.id).filter((a) => wideSet.has(a));
  const wideAlias = aliasWide(fn, live, wideSet);
  const rank = new Map(fn.axes.map((a, i) => [a.id, i]));
  const domains = new Map<string, Domain>();
  const domainOf = (axes: readonly AxisId[]): Domain | null => {
    let w = axes.filter((a) => wideSet.has(a));
    if (w.some((a) => wideAlias.has(a))) {
      w = [...new Set(w.map((a) => wideAlias.get(a) ?? a))].sort(
        (a, b) => rank.get(a)! - rank.get(b)!,
      );
      if (w.length < axes.filter((a) => wideSet.has(a)).length)
        throw new PlanUnsupported(`a value over two copies of the wide plate ${w.join(', ')}`);
    }
    if (w.length === 0) return null;
    const key = w.join(',');
    let d = domains.get(key);
    if (!d) domains.set(key, (d = { key, axes: w, size: prod(w.map(size)) }));
    return d;
  };

  const values = new Map<ValueId, ValueInfo>();
  const reductions: { out: ValueId; arg: ValueId }[] = [];
  for (const e of fn.eqns) {
    const k = konst.get(e.out);
    const domain = domainOf(e.axes);
    const narrow = e.axes.filter((a) => !wideSet.has(a));
    let level = 0;
    if (k === undefined && live.has(e.out)) {
      for (const a of e.args) {
        const ai = values.get(a)!;
        if (ai.konst !== null) continue;
        if (ai.domain && !domain) {
          if (e.op !== 'sum')
            throw new PlanUnsupported(
              `${e.op} over the wide plate ${ai.wide.join(', ')} (only sums reduce a wide plate)`,
            );
          level = Math.max(level, ai.level + 1);
          reductions.push({ out: e.out, arg: a });
        } else if (ai.domain && domain && ai.domain !== domain) {
          throw new PlanUnsupported(
            `${e.op} mixes the wide plates ${ai.domain.key} and ${domain.key}`,
          );
        } else level = Math.max(level, ai.level);
      }
      if (domain && ['gather', 'scatter_add', 'pack', 'unpack', 'logsumexp'].includes(e.op)) {
        const ax = typeof e.attrs.axis === 'string' ? e.attrs.axis : '';
        const indexed = e.op === 'gather' && fullAxes.has(ax);
        if (!indexed && (wideSet.has(ax) || e.op === 'gather' || e.op === 'scatter_add')) {
          throw new PlanUnsupported(`${e.op} inside the wide plate ${domain.key}`);
        }
      }
    }
    values.set(e.out, {
      eqn: e,
      wide: e.axes.filter((a) => wideSet.has(a)),
      narrow,
      count: prod(narrow.map(size)),
      domain,
      level,
      konst: k ?? null,
    });
  }

  // Params, their state-buffer layout and, for wide params, the loop that updates them.
  let stateLength = 0;
  const params: ParamSlot[] = fn.params.map((decl, index) => {
    const shape = decl.axes.map(size);
    const count = prod(shape);
    const domain = domainOf(decl.axes);
    const offset = stateLength;
    stateLength += count;
    const stateOffsets = Array.from({ length: inp.optimizerStateArrays }, () => {
      const o = stateLength;
      stateLength += count;
      return o;
    });
    let prevOffset: number | null = null;
    if (domain) {
      prevOffset = stateLength;
      stateLength += count;
    }
    const g = gradOf.get(decl.name);
    return { index, decl, shape, count, domain, grad: g, offset, stateOffsets, prevOffset };
  });

  // Loops: one per (domain, stage) with reductions, plus the update loop of each domain with wide params.
  const liveList = fn.eqns.map((e) => e.out).filter((v) => live.has(v));
  const lastWide = new Map<string, number>();
  for (const v of liveList) {
    const vi = values.get(v)!;
    if (vi.domain)
      lastWide.set(vi.domain.key, Math.max(lastWide.get(vi.domain.key) ?? 0, vi.level));
  }
  const loopKey = (d: Domain, k: number): string => `${k}|${d.key}`;
  const loopMap = new Map<
    string,
    { domain: Domain; k: number; reductions: Reduction[]; updates: ParamSlot[] }
  >();
  const loopAt = (d: Domain, k: number) => {
    let l = loopMap.get(loopKey(d, k));
    if (!l) loopMap.set(loopKey(d, k), (l = { domain: d, k, reductions: [], updates: [] }));
    return l;
  };
  let totalsLength = 0;
  for (const r of reductions) {
    const ai = values.get(r.arg)!;
    const count = values.get(r.out)!.count;
    loopAt(ai.domain!, ai.level).reductions.push({ ...r, count, offset: totalsLength });
    totalsLength += count;
  }
  for (const p of params) {
    if (!p.domain || p.grad === undefined) continue;
    const k = lastWide.get(p.domain.key) ?? 0;
    loopAt(p.domain, k).updates.push(p);
  }
  const loops = [...loopMap.values()].sort(
    (a, b) => a.k - b.k || (a.domain.key < b.domain.key ? -1 : 1),
  );
  let lastStage = 0;
  for (const r of roots) {
    const vi = values.get(r)!;
    if (!vi.domain && vi.konst === null) lastStage = Math.max(lastStage, vi.level);
  }
  for (const l of loops) lastStage = Math.max(lastStage, l.k + 1);

  // Data: every live data array, concatenated in one f32 buffer.
  let dataLength = 0;
  const dataNames = [
    ...new Set(
      liveList
        .map((v) => values.get(v)!.eqn)
        .filter((e) => e.op === 'data')
        .map((e) => attr(e, 'name')),
    ),
  ];
  const data = dataNames.map((name) => {
    const shape = inp.dataShapes.get(name);
    if (!shape) throw new PlanUnsupported(`no data named ${name}`);
    const uses = liveList
      .map((v) => values.get(v)!.eqn)
      .filter((e) => e.op === 'data' && attr(e, 'name') === name);
    const blocked =
      shape.length >= 2 &&
      uses.every((e) => {
        const dims = e.attrs.dims as readonly AxisId[];
        return wideAxes.includes(dims[0]!) && dims.slice(1).every((a) => !wideAxes.includes(a));
      });
    if (blocked) dataLength = Math.ceil(dataLength / 4) * 4;
    const slot = { name, offset: dataLength, shape, blocked };
    dataLength += blocked
      ? Math.ceil(shape[0]! / DATA_BLOCK) * DATA_BLOCK * blockGroups(shape) * 4
      : Math.max(1, prod(shape));
    return slot;
  });

  const dataWindows = windowsFor(
    dataLength,
    inp.maxBindingBytes ?? DEFAULT_MAX_BINDING_BYTES,
    (inp.maxStorageBuffers ?? 16) - KERNEL_BINDINGS,
  );

  let work = 0;
  for (const l of loops) {
    let inner = 0;
    for (const v of liveList) {
      const vi = values.get(v)!;
      if (vi.domain === l.domain) inner = Math.max(inner, vi.count);
    }
    work += l.domain.size * Math.max(1, inner);
  }
  const mode = work > SINGLE_WG_MAX_WORK ? 'multi' : 'single';
  const sg = inp.subgroupSize ?? 0;
  const reduce = sg >= 4 && sg <= 128 ? 'subgroup' : 'flat';
  const workgroupSize =
    loops.length === 0 ? 1 : reduce === 'subgroup' ? sg : mode === 'multi' ? 64 : 32;
  const maxDomain = Math.max(1, ...loops.map((l) => l.domain.size));
  // Many-workgroup plans: about 8 elements per thread at most, and at most MULTI_THREADS threads in all.
  const workgroups =
    mode === 'single'
      ? 1
      : Math.max(
          1,
          Math.min(MULTI_THREADS / workgroupSize, Math.ceil(maxDomain / (workgroupSize * 8))),
        );
  return {
    fn,
    axisSizes,
    wideAxes,
    wideAlias,
    values,
    live: liveList,
    domains: [...domains.values()],
    loops,
    lastStage,
    mode,
    reduce,
    workgroupSize,
    workgroups,
    params,
    data,
    stateLength,
    dataLength,
    dataWindows,
    totalsLength,
    loss,
    lossKonst: konst.get(loss) ?? null,
    fullAxes,
    subsampleFull,
  };
}

/**
 * The full axes of subsampled plates and their sizes. A live value over a full axis must be data read only
 * by gathers along that axis at subsample indices: the gather then reads the data buffer at the index, so the
 * full axis is never materialised (a param over it, e.g. a latent inside the plate, is not supported yet).
 */
function subsampled(
  fn: IRFunction,
  live: ReadonlySet<ValueId>,
  sizes: ReadonlyMap<string, number>,
): { fullAxes: Set<AxisId>; subsampleFull: Map<AxisId, number> } {
  const subsampleFull = new Map<AxisId, number>();
  const fullAxes = new Set<AxisId>();
  for (const a of fn.axes) {
    if (a.full === undefined) continue;
    const n = a.full.kind === 'lit' ? a.full.value : sizes.get(a.full.name);
    if (n === undefined) throw new PlanUnsupported(`no size for the full plate of ${a.id}`);
    subsampleFull.set(a.id, n);
    fullAxes.add(`${a.id}:full`);
  }
  for (const e of fn.eqns)
    if (live.has(e.out) && e.op === 'subsample_index' && !subsampleFull.has(attr(e, 'axis')))
      throw new PlanUnsupported(`subsample_index over ${attr(e, 'axis')}, not a subsampled plate`);
  if (fullAxes.size === 0) return { fullAxes, subsampleFull };
  const byOut = new Map(fn.eqns.map((e) => [e.out, e]));
  const indexedData = new Set<ValueId>();
  for (const e of fn.eqns) {
    if (!live.has(e.out) || e.op !== 'gather' || !fullAxes.has(attr(e, 'axis'))) continue;
    const [t, i] = [byOut.get(e.args[0]!)!, byOut.get(e.args[1]!)!];
    if (t.op !== 'data')
      throw new PlanUnsupported(
        `gathering a ${t.op} over the full size of a subsampled plate (a latent or param inside a subsampled plate) is not supported on the GPU yet`,
      );
    if (i.op !== 'subsample_index')
      throw new PlanUnsupported(`a gather along ${attr(e, 'axis')} not by subsample indices`);
    indexedData.add(t.out);
  }
  for (const e of fn.eqns) {
    if (!live.has(e.out) || indexedData.has(e.out)) continue;
    const f = e.axes.find((a) => fullAxes.has(a));
    if (f !== undefined)
      throw new PlanUnsupported(
        `${e.op} over ${f}, the full size of a subsampled plate (a latent or param inside a subsampled plate is not supported on the GPU yet)`,
      );
    const used = e.args.find((a) => indexedData.has(a));
    if (used !== undefined && !(e.op === 'gather' && e.args[0] === used))
      throw new PlanUnsupported(`${e.op} of data over the full size of a subsampled plate`);
  }
  return { fullAxes, subsampleFull };
}

/** The plan as text (`pplc compile --emit plan`). */
export function printPlan(p: KernelPlan): string {
  const out: string[] = [];
  const sz = (a: AxisId): string => `${a}=${p.axisSizes.get(a)}`;
  out.push(
    `plan ${p.fn.name}: ${p.mode === 'single' ? 'one workgroup, many steps per dispatch' : `${p.workgroups} workgroups per loop dispatch, a finishing dispatch per stage`}`,
  );
  const how =
    p.totalsLength === 0
      ? ''
      : p.reduce === 'subgroup'
        ? ' (one subgroup: plate sums by subgroupAdd, no barrier)'
        : p.mode === 'single'
          ? ' (plate sums: per-thread partials, one barrier)'
          : ' (plate sums: per-thread partials, a workgroup tree)';
  out.push(`  workgroup size ${p.workgroupSize}${how}`);
  out.push(`  wide axes: ${p.wideAxes.length ? p.wideAxes.map(sz).join(' ') : '(none)'}`);
  for (const [a, c] of p.wideAlias) out.push(`  wide plate ${a} runs in the loop of ${c}`);
  const narrow = p.fn.axes.map((a) => a.id).filter((a) => !p.wideAxes.includes(a));
  out.push(`  narrow axes: ${narrow.length ? narrow.map(sz).join(' ') : '(none)'}`);
  const globals = p.live.filter((v) => !p.values.get(v)!.domain);
  out.push(`  global values: ${globals.length} (per thread, redundantly)`);
  for (let s = 0; s <= p.lastStage; s++) {
    const n = globals.filter((v) => p.values.get(v)!.level === s).length;
    out.push(`  stage ${s}: ${n} global values`);
    for (const l of p.loops.filter((x) => x.k === s)) {
      const n2 = p.live.filter(
        (v) => p.values.get(v)!.domain === l.domain && p.values.get(v)!.level <= s,
      ).length;
      out.push(
        `    loop over ${l.domain.axes.map(sz).join(' x ')}: up to ${n2} fused values per element`,
      );
      for (const r of l.reductions)
        out.push(`      reduce %${r.arg} -> %${r.out} (${r.count} accumulators)`);
      for (const u of l.updates)
        out.push(`      update wide param ${u.decl.name} [${u.shape.join(', ')}]`);
    }
  }
  out.push(`  params (state buffer, ${p.stateLength} floats):`);
  for (const q of p.params) {
    out.push(
      `    ${q.decl.name} [${q.shape.join(', ')}] at ${q.offset}${q.domain ? ` (wide over ${q.domain.key})` : ''}${q.grad === undefined ? ' (no gradient)' : ''}`,
    );
  }
  out.push(
    `  data (${p.dataLength} floats): ${p.data.map((d) => `${d.name}[${d.shape.join(', ')}]@${d.offset}`).join(' ') || '(none)'}`,
  );
  if (p.dataWindows)
    out.push(
      `  data bound as ${p.dataWindows.count} windows of ${p.dataWindows.vec4s} vec4s (one storage binding is too small)`,
    );
  out.push(`  totals: ${p.totalsLength} floats`);
  out.push(`  loss: %${p.loss}`);
  return out.join('\n') + '\n';
}
