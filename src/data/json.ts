// A small JSON reader that keeps positions: malformed input gets an error at its line:column; values get spans by path.
import { error, type Diagnostic } from '../diag/diagnostic.js';
import { posAt, type Pos, type Span } from '../parser/span.js';

/** Spans of members and elements by path: `x`, `x[3]`, `x[3][1]`. */
export type JsonPositions = ReadonlyMap<string, Span>;

export interface JsonParseResult {
  readonly json: unknown; // undefined when malformed
  readonly positions: JsonPositions;
  readonly diagnostics: Diagnostic[];
}

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export function parseDataJson(text: string, file: string): JsonParseResult {
  const positions = new Map<string, Span>();
  const diagnostics: Diagnostic[] = [];
  try {
    const r = new Reader(text, positions, diagnostics, file);
    r.ws();
    const json = r.value('');
    r.ws();
    if (r.i < text.length) throw new JsonSyntaxError(r.i, `unexpected ${describe(text, r.i)} after the JSON value`);
    return { json, positions, diagnostics };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const at = posAt(text, e.offset);
    const span = { start: at, end: posAt(text, Math.min(text.length, e.offset + 1)) };
    diagnostics.push(error('E0601', file, span, `malformed JSON at line ${at.line}, column ${at.column}: ${e.message}`));
    return { json: undefined, positions, diagnostics };
  }
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'end of file';
  return `character '${text[i]}'`;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Reader {
  i = 0;
  /** Offsets where lines start, so positions cost a binary search rather than a rescan (data files are large). */
  private readonly lineStarts: number[] = [0];
  constructor(
    readonly text: string,
    readonly positions: Map<string, Span>,
    readonly diagnostics: Diagnostic[],
    readonly file: string,
  ) {
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  pos(offset: number): Pos {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - ls[lo]! + 1 };
  }

  ws(): void {
    const t = this.text;
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\n' || t[this.i] === '\r' || t[this.i] === '\t')) this.i++;
  }

  span(from: number): Span {
    return { start: this.pos(from), end: this.pos(this.i) };
  }

  value(path: string): unknown {
    const t = this.text;
    const from = this.i;
    const c = t[this.i];
    let v: unknown;
    if (c === '{') v = this.object(path);
    else if (c === '[') v = this.array(path);
    else if (c === '"') v = this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.i;
      const m = NUMBER.exec(t);
      if (!m) throw new JsonSyntaxError(this.i, 'a malformed number');
      this.i += m[0].length;
      v = Number(m[0]);
    } else if (t.startsWith('true', this.i)) [v, this.i] = [true, this.i + 4];
    else if (t.startsWith('false', this.i)) [v, this.i] = [false, this.i + 5];
    else if (t.startsWith('null', this.i)) [v, this.i] = [null, this.i + 4];
    else if (/^(NaN|-?Infinity)/.test(t.slice(this.i, this.i + 9))) {
      throw new JsonSyntaxError(this.i, 'NaN and Infinity are not JSON numbers');
    } else throw new JsonSyntaxError(this.i, `expected a value but found ${describe(t, this.i)}`);
    if (path !== '') this.positions.set(path, this.span(from));
    return v;
  }

  private object(path: string): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') throw new JsonSyntaxError(this.i, `expected a member name in quotes but found ${describe(this.text, this.i)}`);
      const keyFrom = this.i;
      const key = this.string();
      const keyPath = path === '' ? key : `${path}.${key}`;
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.diagnostics.push(error('E0613', this.file, this.span(keyFrom), `member '${key}' appears twice in the data file`));
      }
      this.ws();
      if (this.text[this.i] !== ':') throw new JsonSyntaxError(this.i, `expected ':' after the member name but found ${describe(this.text, this.i)}`);
      this.i++;
      this.ws();
      out[key] = this.value(keyPath);
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      throw new JsonSyntaxError(this.i, `expected ',' or '}' but found ${describe(this.text, this.i)}`);
    }
  }

  private array(path: string): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(`${path}[${out.length}]`));
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      throw new JsonSyntaxError(this.i, `expected ',' or ']' but found ${describe(this.text, this.i)}`);
    }
  }

  private string(): string {
    const t = this.text;
    const from = this.i;
    this.i++;
    for (;;) {
      if (this.i >= t.length) throw new JsonSyntaxError(from, 'a string is not closed');
      const c = t[this.i]!;
      if (c === '"') break;
      if (c === '\n') throw new JsonSyntaxError(this.i, 'a string runs past the end of its line');
      this.i += c === '\\' ? 2 : 1;
    }
    this.i++;
    try {
      return JSON.parse(t.slice(from, this.i)) as string;
    } catch {
      throw new JsonSyntaxError(from, 'a string has a malformed escape');
    }
  }
}
