// Buffer layouts: params and optimizer state in the state buffer, data arrays (blocked or row-major) in the data
// buffer and its windows, estimates in the estimates buffer.
import type { AxisId, IRFunction, ValueId } from '../ir/ir.js';
import { attrOf } from './live.js';
import type { DataSlot, DataWindows, Domain, EstimateSlot, ParamSlot, ValueInfo } from './types.js';
import { DATA_BLOCK, blockGroups, prod } from './types.js';
import { PlanUnsupported } from './unsupported.js';

/**
 * Each param's values, then its optimizer state arrays, then (wide params, updated inside a loop while other
 * threads may still read them) its pre-update copy.
 */
export function layoutParams(
  fn: IRFunction,
  size: (a: AxisId) => number,
  domainOf: (axes: readonly AxisId[]) => Domain | null,
  gradOf: ReadonlyMap<string, ValueId>,
  assigned: ReadonlySet<string>,
  stateArrays: number,
): { params: ParamSlot[]; stateLength: number } {
  let stateLength = 0;
  const take = (n: number): number => {
    const o = stateLength;
    stateLength += n;
    return o;
  };
  const params = fn.params.map((decl, index): ParamSlot => {
    const shape = decl.axes.map(size);
    const count = prod(shape);
    const domain = domainOf(decl.axes);
    const offset = take(count);
    const stateOffsets = Array.from({ length: stateArrays }, () => take(count));
    const prevOffset = domain ? take(count) : null;
    return {
      index,
      decl,
      shape,
      count,
      domain,
      grad: gradOf.get(decl.name),
      assign: assigned.has(decl.name),
      offset,
      stateOffsets,
      prevOffset,
    };
  });
  return { params, stateLength };
}

/** Every live data array, concatenated in one f32 buffer; a matrix read only along a wide plate is blocked. */
export function layoutData(
  liveList: readonly ValueId[],
  values: ReadonlyMap<ValueId, ValueInfo>,
  dataShapes: ReadonlyMap<string, readonly number[]>,
  wideAxes: readonly AxisId[],
): { data: DataSlot[]; dataLength: number } {
  let dataLength = 0;
  const reads = liveList.map((v) => values.get(v)!.eqn).filter((e) => e.op === 'data');
  const names = [...new Set(reads.map((e) => attrOf(e, 'name')))];
  const data = names.map((name) => {
    const shape = dataShapes.get(name);
    if (!shape) throw new PlanUnsupported(`no data named ${name}`);
    const blocked =
      shape.length >= 2 &&
      reads
        .filter((e) => attrOf(e, 'name') === name)
        .every((e) => {
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
  return { data, dataLength };
}

/** Windows for data larger than one binding (null when it fits one). */
export function dataWindowsFor(
  floats: number,
  maxBytes: number,
  maxCount: number,
): DataWindows | null {
  if (floats * 4 <= maxBytes) return null;
  const vec4s = Math.floor(maxBytes / 256) * 16;
  const count = Math.ceil(floats / 4 / vec4s);
  if (vec4s < 1 || count > maxCount)
    throw new PlanUnsupported(
      `the data (${floats * 4} bytes) needs ${count} storage bindings of at most ${maxBytes} bytes, more than the ${maxCount} this device leaves for data`,
    );
  return { vec4s, count };
}

/** The estimates buffer: every output declared as an estimate or log-weights, one after the other. */
export function layoutEstimates(
  outputs: readonly { readonly name: string; readonly value: ValueId }[],
  values: ReadonlyMap<ValueId, ValueInfo>,
): { estimates: EstimateSlot[]; estimatesLength: number } {
  let estimatesLength = 0;
  const estimates = outputs.map(({ name, value }): EstimateSlot => {
    const vi = values.get(value)!;
    if (vi.domain)
      throw new PlanUnsupported(
        `the estimate '${name}' runs over the wide plate ${vi.domain.key}; estimates must be global values`,
      );
    const slot = { name, value, count: vi.count, offset: estimatesLength };
    estimatesLength += vi.count;
    return slot;
  });
  return { estimates, estimatesLength };
}
