// Binds a data file's JSON value to a checked program's data declarations: types, shapes, sizes (read or inferred), values.
import type { CheckedProgram, DataInfo } from '../check/typed.js';
import type { DataCode } from '../diag/codes.js';
import { error, hasErrors, warning, type Diagnostic } from '../diag/diagnostic.js';
import type { MessageTail, WarningCode } from '../diag/message.js';
import type { Span } from '../diag/span.js';
import type { BoundArray, BoundData } from './bound.js';
import type { JsonPositions } from './json.js';
import { checkObservedSupport } from './support.js';
import { checkIndexRanges, programExprs } from './indices.js';
import { checkEmptyEvents } from './empty-events.js';
import { rankAboveDimension } from './guide-rank.js';

export interface ValidateResult {
  readonly data: BoundData | null;
  readonly diagnostics: Diagnostic[];
}

/** The largest size the data may give: 2^28 elements along one axis (a GPU's u32 indices, a float32's exact ints). */
const MAX_DATA_SIZE = 2 ** 28;

/** Errors reported per member before the rest of that member is skipped (a bad 2500-row array gives a few, not thousands). */
const MAX_PER_MEMBER = 3;

interface State {
  readonly file: string;
  readonly positions: JsonPositions;
  readonly diags: Diagnostic[];
  readonly sizes: Map<string, number>;
  /** Where each size came from: the member that gave or implied it. */
  readonly sizeFrom: Map<string, string>;
  /** Sizes that a malformed array would have given: not reported missing as well. */
  readonly unsure: Set<string>;
}

/** An array of the data: a plain array, or a typed array (Float64Array, Float32Array, Int32Array, ...) as apps hold data. */
const isList = (v: unknown): v is ArrayLike<unknown> =>
  Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

const kindOf = (v: unknown): string =>
  v === null || v === undefined
    ? String(v)
    : isList(v)
      ? 'an array'
      : typeof v === 'object'
        ? 'an object'
        : typeof v === 'string'
          ? `the string ${JSON.stringify(v)}`
          : `a ${typeof v}`;

function at(st: State, path: string): Span | null {
  // The element's own span, else its nearest enclosing array's, else none.
  for (let p = path; p !== '';) {
    const s = st.positions.get(p);
    if (s) return s;
    const q = p.replace(/\[\d+\]$/, '');
    if (q === p) break;
    p = q;
  }
  return null;
}

/** Records an error at the member or element `path`: one of the data codes (E06xx) and its template's arguments. */
function report<C extends Exclude<DataCode, WarningCode>>(
  st: State,
  code: C,
  path: string,
  ...message: MessageTail<C>
): void {
  st.diags.push(error(code, st.file, at(st, path), ...message));
}

export interface ValidateOptions {
  /**
   * Simulating: the values of observed sites are drawn, so their members may be left out (unless an expression
   * reads them); sizes and covariates are still needed.
   */
  readonly observedOptional?: boolean;
}

/** The observed sites' members that no expression reads: those a simulation may do without. */
function optionalMembers(checked: CheckedProgram): Set<string> {
  const read = new Set(
    programExprs(checked).flatMap((e) =>
      e.kind === 'Name' && e.ref.kind === 'data' ? [e.ref.name] : [],
    ),
  );
  return new Set(
    checked.sites
      .filter((s) => s.block === 'model' && s.role === 'observed' && !read.has(s.name))
      .map((s) => s.name),
  );
}

export function validateData(
  checked: CheckedProgram,
  json: unknown,
  file: string,
  positions: JsonPositions = new Map(),
  options: ValidateOptions = {},
): ValidateResult {
  const optional = options.observedOptional ? optionalMembers(checked) : new Set<string>();
  const st: State = {
    file,
    positions,
    diags: [],
    sizes: new Map(),
    sizeFrom: new Map(),
    unsure: new Set(),
  };
  if (json === null || typeof json !== 'object' || isList(json)) {
    // At the value in the file's text ('' is the whole value's path); data given as an object has no position.
    st.diags.push(error('E0602', file, positions.get('') ?? null, { kind: kindOf(json) }));
    return { data: null, diagnostics: st.diags };
  }
  const obj = json as Record<string, unknown>;
  const has = (n: string): boolean => Object.prototype.hasOwnProperty.call(obj, n);
  const arrays = new Map<string, BoundArray>();
  const scalars = checked.data.filter((d) => d.dims.length === 0);
  for (const d of scalars) {
    if (!has(d.name)) continue;
    const v = scalarValue(st, d, obj[d.name]);
    if (v === null) continue;
    arrays.set(d.name, { shape: [], values: Float64Array.of(v) });
    if (d.base === 'int') {
      st.sizes.set(d.name, v);
      st.sizeFrom.set(d.name, d.name);
    }
  }
  for (const d of checked.data) {
    if (d.dims.length === 0) continue;
    if (!has(d.name)) {
      if (!optional.has(d.name)) report(st, 'E0603', '', { variant: 'member', name: d.name });
      continue;
    }
    const a = arrayValue(st, d, obj[d.name]);
    if (a) arrays.set(d.name, a);
    else
      for (const s of d.dims) if (s.kind === 'data' && !st.sizes.has(s.name)) st.unsure.add(s.name);
  }
  for (const d of scalars) {
    if (arrays.has(d.name)) continue;
    const inferred = st.sizes.get(d.name);
    if (inferred !== undefined)
      arrays.set(d.name, { shape: [], values: Float64Array.of(inferred) });
    else if (!has(d.name) && !st.unsure.has(d.name) && !optional.has(d.name)) {
      report(st, 'E0603', '', { variant: d.isSize ? 'size' : 'member', name: d.name });
    }
  }
  const declared = new Set(checked.data.map((d) => d.name));
  for (const k of Object.keys(obj)) {
    if (!declared.has(k)) st.diags.push(warning('E0604', file, at(st, k), { name: k }));
  }
  if (!hasErrors(st.diags)) {
    checkObservedSupport(
      checked,
      arrays,
      (path, args) => report(st, 'E0612', path, args),
      st.sizes,
    );
    checkIndexRanges(checked, arrays, st.sizes, (path, args) => report(st, 'E0614', path, args));
    checkEmptyEvents(checked, st.sizes, (size, args) =>
      report(st, 'E0615', st.sizeFrom.get(size) ?? size, args),
    );
    // The latents' dimension needs the data's sizes.
    const above = rankAboveDimension(checked.file, checked.guide, checked.sites, st.sizes);
    if (above) st.diags.push(above);
  }
  const diagnostics = st.diags.sort(
    (a, b) => (a.span?.start.offset ?? -1) - (b.span?.start.offset ?? -1),
  );
  if (hasErrors(diagnostics)) return { data: null, diagnostics };
  return { data: { sizes: st.sizes, arrays }, diagnostics };
}

function scalarValue(st: State, d: DataInfo, v: unknown): number | null {
  const n = checkNumber(st, d, d.name, v, d.name);
  if (n === null) return null;
  if (d.isSize && n < 0) {
    report(st, 'E0610', d.name, { variant: 'negative', name: d.name, value: n });
    return null;
  }
  if (d.isSize && n > MAX_DATA_SIZE) {
    report(st, 'E0610', d.name, { variant: 'large', name: d.name, value: n, most: MAX_DATA_SIZE });
    return null;
  }
  return n;
}

/** A number that is finite (and an integer for int data); reports and returns null otherwise. */
function checkNumber(
  st: State,
  d: DataInfo,
  member: string,
  v: unknown,
  path: string,
): number | null {
  // The value is the member itself or one of its elements; each message has a variant for either.
  const whole = path === member;
  if (typeof v !== 'number') {
    if (typeof v === 'string' && /^[+-]?(nan|inf(inity)?)$/i.test(v.trim())) {
      const string = JSON.stringify(v);
      if (whole) report(st, 'E0609', path, { variant: 'memberString', member, string });
      else report(st, 'E0609', path, { variant: 'elementString', path, member, string });
    } else if (isList(v)) {
      if (d.dims.length === 0)
        report(st, 'E0606', path, { variant: 'scalarIsArray', path, member });
      else report(st, 'E0606', path, { variant: 'tooDeep', path, member, dims: d.dims.length });
    } else if (whole) report(st, 'E0605', path, { variant: 'member', member, kind: kindOf(v) });
    else report(st, 'E0605', path, { variant: 'element', path, member, kind: kindOf(v) });
    return null;
  }
  if (!Number.isFinite(v)) {
    if (whole) report(st, 'E0609', path, { variant: 'member', member });
    else report(st, 'E0609', path, { variant: 'element', path, member });
    return null;
  }
  if (d.base === 'int' && !Number.isInteger(v)) {
    const args = whole
      ? ({ variant: 'member', member, value: v } as const)
      : ({ variant: 'element', path, member, value: v } as const);
    // A size and other int data share the wording but not the code.
    if (d.isSize) report(st, 'E0610', path, args);
    else report(st, 'E0608', path, args);
    return null;
  }
  return v;
}

function arrayValue(st: State, d: DataInfo, v: unknown): BoundArray | null {
  const start = st.diags.length;
  const errs = (): number => st.diags.length - start;
  // Pass 1: the shape, level by level from the first element; sizes are checked or inferred.
  const shape: number[] = [];
  let probe: unknown = v;
  let probePath = d.name;
  for (let k = 0; k < d.dims.length; k++) {
    if (!isList(probe)) {
      const args = { member: d.name, dims: d.dims.length, kind: kindOf(probe) };
      if (k === 0) report(st, 'E0606', probePath, { variant: 'memberNotArray', ...args });
      else report(st, 'E0606', probePath, { variant: 'elementNotArray', path: probePath, ...args });
      return null;
    }
    const len = probe.length;
    const size = d.dims[k]!;
    if (size.kind === 'lit') {
      if (len !== size.value) {
        report(st, 'E0607', probePath, {
          variant: 'literal',
          path: probePath,
          length: len,
          dim: k + 1,
          member: d.name,
          size: size.value,
        });
        return null;
      }
    } else {
      const known = st.sizes.get(size.name);
      if (known === undefined) {
        st.sizes.set(size.name, len);
        st.sizeFrom.set(size.name, d.name);
      } else if (known !== len) {
        const from = st.sizeFrom.get(size.name) ?? size.name;
        const args = {
          path: probePath,
          length: len,
          size: size.name,
          known,
          dim: k + 1,
          member: d.name,
        };
        // The size given by its own member disagrees (E0607), or two arrays disagree on it (E0611).
        if (from === size.name) report(st, 'E0607', probePath, { variant: 'member', ...args });
        else report(st, 'E0611', probePath, { ...args, from });
        return null;
      }
    }
    shape.push(len);
    if (len === 0) break;
    probe = probe[0];
    probePath += '[0]';
  }
  if (shape.length < d.dims.length) {
    // An empty array: the inner sizes must come from elsewhere; nothing to read.
    const rest = d.dims
      .slice(shape.length)
      .map((s) => (s.kind === 'lit' ? s.value : (st.sizes.get(s.name) ?? 0)));
    return { shape: [...shape, ...rest], values: new Float64Array(0) };
  }
  // Pass 2: every element, against that shape (raggedness shows here).
  const total = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(total);
  let n = 0;
  const walk = (x: unknown, k: number, path: string): void => {
    if (errs() >= MAX_PER_MEMBER) return;
    if (k === shape.length) {
      const num = checkNumber(st, d, d.name, x, path);
      values[n++] = num ?? NaN;
      return;
    }
    if (!isList(x)) {
      report(st, 'E0606', path, {
        variant: 'raggedKind',
        member: d.name,
        path,
        kind: kindOf(x),
        length: shape[k]!,
      });
      return;
    }
    if (x.length !== shape[k]) {
      report(st, 'E0606', path, {
        variant: 'raggedLength',
        member: d.name,
        path,
        length: x.length,
        first: d.name + '[0]'.repeat(k),
        expected: shape[k]!,
      });
      return;
    }
    const int = d.base === 'int';
    for (let j = 0; j < x.length; j++) {
      const e = x[j];
      // The common case (a finite number of the right kind) skips building the element's path.
      if (
        k + 1 === shape.length &&
        typeof e === 'number' &&
        Number.isFinite(e) &&
        (!int || Number.isInteger(e))
      )
        values[n++] = e;
      else walk(e, k + 1, `${path}[${j}]`);
    }
  };
  walk(v, 0, d.name);
  return errs() > 0 ? null : { shape, values };
}
