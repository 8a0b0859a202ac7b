// Binds a data file's JSON value to a checked program's data declarations: types, shapes, sizes (read or inferred), values.
import type { CheckedProgram, DataInfo } from '../check/typed.js';
import { error, hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { Span } from '../diag/span.js';
import type { BoundArray, BoundData } from './bound.js';
import type { DataCode } from './codes.js';
import type { JsonPositions } from './json.js';
import { checkObservedSupport } from './support.js';
import { checkIndexRanges } from './indices.js';

export interface ValidateResult {
  readonly data: BoundData | null;
  readonly diagnostics: Diagnostic[];
}

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

const kindOf = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
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

function report(
  st: State,
  code: DataCode,
  path: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): void {
  const d = error(code, st.file, at(st, path), message);
  st.diags.push(severity === 'warning' ? { ...d, severity } : d);
}

export function validateData(
  checked: CheckedProgram,
  json: unknown,
  file: string,
  positions: JsonPositions = new Map(),
): ValidateResult {
  const st: State = {
    file,
    positions,
    diags: [],
    sizes: new Map(),
    sizeFrom: new Map(),
    unsure: new Set(),
  };
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    st.diags.push(
      error(
        'E0602',
        file,
        null,
        `the data file must hold a JSON object with one member per data declaration, not ${kindOf(json)}`,
      ),
    );
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
      report(st, 'E0603', '', `data member '${d.name}' is missing from the data file`);
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
    else if (!has(d.name) && !st.unsure.has(d.name)) {
      const why = d.isSize ? '; it is a size that no array in the file gives' : '';
      report(st, 'E0603', '', `data member '${d.name}' is missing from the data file${why}`);
    }
  }
  const declared = new Set(checked.data.map((d) => d.name));
  for (const k of Object.keys(obj)) {
    if (!declared.has(k))
      report(
        st,
        'E0604',
        k,
        `member '${k}' of the data file is not declared as data in the program; it is ignored`,
        'warning',
      );
  }
  if (!hasErrors(st.diags)) {
    checkObservedSupport(checked, arrays, (path, msg) => report(st, 'E0612', path, msg));
    checkIndexRanges(checked, arrays, st.sizes, (path, msg) => report(st, 'E0614', path, msg));
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
    report(st, 'E0610', d.name, `size '${d.name}' is ${n}, but a size cannot be negative`);
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
  const what = path === member ? `member '${member}'` : `${path} of member '${member}'`;
  if (typeof v !== 'number') {
    if (typeof v === 'string' && /^[+-]?(nan|inf(inity)?)$/i.test(v.trim())) {
      report(
        st,
        'E0609',
        path,
        `${what} is the string ${JSON.stringify(v)}; data values must be finite numbers`,
      );
    } else if (Array.isArray(v)) {
      const want =
        d.dims.length === 0 ? 'a single number' : `a ${d.dims.length}-dimensional array of numbers`;
      report(st, 'E0606', path, `member '${member}' should be ${want}, but ${path} is an array`);
    } else report(st, 'E0605', path, `${what} should be a number, but it is ${kindOf(v)}`);
    return null;
  }
  if (!Number.isFinite(v)) {
    report(st, 'E0609', path, `${what} is not a finite number`);
    return null;
  }
  if (d.base === 'int' && !Number.isInteger(v)) {
    const code: DataCode = d.isSize ? 'E0610' : 'E0608';
    report(st, code, path, `${what} is ${v}, but '${member}' is declared int`);
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
    if (!Array.isArray(probe)) {
      const what = k === 0 ? `member '${d.name}'` : probePath;
      report(
        st,
        'E0606',
        probePath,
        `${what} should be an array (member '${d.name}' is declared with ${d.dims.length} dimension${d.dims.length === 1 ? '' : 's'}), but it is ${kindOf(probe)}`,
      );
      return null;
    }
    const len = probe.length;
    const size = d.dims[k]!;
    if (size.kind === 'lit') {
      if (len !== size.value) {
        report(
          st,
          'E0607',
          probePath,
          `${probePath} has ${len} element${len === 1 ? '' : 's'}, but dimension ${k + 1} of '${d.name}' is declared ${size.value}`,
        );
        return null;
      }
    } else {
      const known = st.sizes.get(size.name);
      if (known === undefined) {
        st.sizes.set(size.name, len);
        st.sizeFrom.set(size.name, d.name);
      } else if (known !== len) {
        const from = st.sizeFrom.get(size.name);
        const code: DataCode = from === size.name ? 'E0607' : 'E0611';
        const source =
          from === size.name
            ? `size '${size.name}' is ${known}`
            : `size '${size.name}' is ${known} from member '${from}'`;
        report(
          st,
          code,
          probePath,
          `${probePath} has ${len} element${len === 1 ? '' : 's'}, but ${source} (dimension ${k + 1} of '${d.name}')`,
        );
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
    if (!Array.isArray(x)) {
      report(
        st,
        'E0606',
        path,
        `member '${d.name}' is ragged: ${path} is ${kindOf(x)} where an array of ${shape[k]} is expected`,
      );
      return;
    }
    if (x.length !== shape[k]) {
      report(
        st,
        'E0606',
        path,
        `member '${d.name}' is ragged: ${path} has ${x.length} element${x.length === 1 ? '' : 's'}, but ${d.name}${'[0]'.repeat(k)} has ${shape[k]}`,
      );
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
