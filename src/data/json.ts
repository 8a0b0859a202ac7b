// A small JSON reader that keeps positions: malformed input gets an error at its line:column; values get spans by path.
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { Args } from '../diag/message.js';
import { endsLine, type Pos, type Span } from '../diag/span.js';

/** Spans of members and elements by path: `x`, `x[3]`, `x[3][1]` (a ReadonlyMap<string, Span> also serves). */
export interface JsonPositions {
  get(path: string): Span | undefined;
}

/** Where one value lies: offsets, and its members or elements; spans are made only when asked for (files are large). */
interface PNode {
  readonly s: number;
  e: number;
  members?: Map<string, PNode>;
  items?: PNode[];
}

class TreePositions implements JsonPositions {
  constructor(
    private readonly root: PNode | null,
    private readonly pos: (offset: number) => Pos,
  ) {}

  get(path: string): Span | undefined {
    // '' is the whole value (the root object, or whatever stands in its place).
    if (path === '' && this.root)
      return { start: this.pos(this.root.s), end: this.pos(this.root.e) };
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(path);
    if (!m || !this.root?.members) return undefined;
    let node = this.root.members.get(m[1]!);
    for (const ix of m[2]!.match(/\d+/g) ?? []) node = node?.items?.[Number(ix)];
    return node ? { start: this.pos(node.s), end: this.pos(node.e) } : undefined;
  }
}

export interface JsonParseResult {
  readonly json: unknown; // undefined when malformed
  readonly positions: JsonPositions;
  readonly diagnostics: Diagnostic[];
}

/** Why the text is not JSON: an E0601 variant and its parameters, less the position that the diagnostic adds. */
type Reason =
  Args<'E0601'> extends infer A ? (A extends unknown ? Omit<A, 'line' | 'column'> : never) : never;

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly reason: Reason,
  ) {}
}

export function parseDataJson(text: string, file: string): JsonParseResult {
  const diagnostics: Diagnostic[] = [];
  const r = new Reader(text, diagnostics, file);
  try {
    r.ws();
    const [json, root] = r.value();
    r.ws();
    if (r.i < text.length)
      throw new JsonSyntaxError(r.i, { variant: 'trailing', found: describe(text, r.i) });
    return { json, positions: new TreePositions(root, (o) => r.pos(o)), diagnostics };
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const at = r.pos(e.offset);
    const span = { start: at, end: r.pos(Math.min(text.length, e.offset + 1)) };
    diagnostics.push(error('E0601', file, span, { ...e.reason, line: at.line, column: at.column }));
    return { json: undefined, positions: new TreePositions(null, (o) => r.pos(o)), diagnostics };
  }
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'end of file';
  return `character '${text[i]}'`;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Arrays and objects nested deeper than this are an error with its position, not a stack overflow. */
const MAX_DEPTH = 1000;

class Reader {
  i = 0;
  /** Offsets where lines start, so positions cost a binary search rather than a rescan (data files are large). */
  private readonly lineStarts: number[] = [0];
  constructor(
    readonly text: string,
    readonly diagnostics: Diagnostic[],
    readonly file: string,
  ) {
    for (let k = 0; k < text.length; k++) if (endsLine(text, k)) this.lineStarts.push(k + 1);
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
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  span(from: number): Span {
    return { start: this.pos(from), end: this.pos(this.i) };
  }

  /** Arrays and objects open around the value being read (the reader recurses; data is never this deep). */
  private depth = 0;

  private nested(c: '{' | '[', node: PNode): unknown {
    if (this.depth >= MAX_DEPTH)
      throw new JsonSyntaxError(this.i, { variant: 'tooDeep', most: MAX_DEPTH });
    this.depth++;
    try {
      return c === '{' ? this.object(node) : this.array(node);
    } finally {
      this.depth--;
    }
  }

  value(): [unknown, PNode] {
    const t = this.text;
    const node: PNode = { s: this.i, e: this.i };
    const c = t[this.i];
    let v: unknown;
    if (c === '{' || c === '[') v = this.nested(c, node);
    else if (c === '"') v = this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) v = this.number();
    else if (t.startsWith('true', this.i)) [v, this.i] = [true, this.i + 4];
    else if (t.startsWith('false', this.i)) [v, this.i] = [false, this.i + 5];
    else if (t.startsWith('null', this.i)) [v, this.i] = [null, this.i + 4];
    else if (/^(NaN|-?Infinity)/.test(t.slice(this.i, this.i + 9))) {
      throw new JsonSyntaxError(this.i, { variant: 'nonFinite' });
    } else throw new JsonSyntaxError(this.i, { variant: 'noValue', found: describe(t, this.i) });
    node.e = this.i;
    return [v, node];
  }

  /** JSON's number grammar, scanned by hand: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`. */
  private number(): number {
    const t = this.text;
    const from = this.i;
    const digits = (): number => {
      const d0 = this.i;
      while (this.i < t.length && isDigit(t.charCodeAt(this.i))) this.i++;
      return this.i - d0;
    };
    if (t.charCodeAt(this.i) === 45) this.i++;
    if (t.charCodeAt(this.i) === 48) this.i++;
    else if (digits() === 0) throw new JsonSyntaxError(this.i, { variant: 'badNumber' });
    if (t.charCodeAt(this.i) === 46) {
      this.i++;
      if (digits() === 0) throw new JsonSyntaxError(this.i, { variant: 'noFraction' });
    }
    const e = t.charCodeAt(this.i);
    if (e === 101 || e === 69) {
      this.i++;
      const sign = t.charCodeAt(this.i);
      if (sign === 43 || sign === 45) this.i++;
      if (digits() === 0) throw new JsonSyntaxError(this.i, { variant: 'noExponent' });
    }
    return Number(t.slice(from, this.i));
  }

  private object(node: PNode): Record<string, unknown> {
    const members = (node.members = new Map<string, PNode>());
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"')
        throw new JsonSyntaxError(this.i, {
          variant: 'noMemberName',
          found: describe(this.text, this.i),
        });
      const keyFrom = this.i;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.diagnostics.push(error('E0613', this.file, this.span(keyFrom), { name: key }));
      }
      this.ws();
      if (this.text[this.i] !== ':')
        throw new JsonSyntaxError(this.i, {
          variant: 'noColon',
          found: describe(this.text, this.i),
        });
      this.i++;
      this.ws();
      const [v, child] = this.value();
      out[key] = v;
      members.set(key, child);
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
      throw new JsonSyntaxError(this.i, {
        variant: 'noObjectEnd',
        found: describe(this.text, this.i),
      });
    }
  }

  private array(node: PNode): unknown[] {
    const out: unknown[] = [];
    const items: PNode[] = (node.items = []);
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      const [v, child] = this.value();
      out.push(v);
      items.push(child);
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
      throw new JsonSyntaxError(this.i, {
        variant: 'noArrayEnd',
        found: describe(this.text, this.i),
      });
    }
  }

  private string(): string {
    const t = this.text;
    const from = this.i;
    this.i++;
    for (;;) {
      if (this.i >= t.length) throw new JsonSyntaxError(from, { variant: 'unclosedString' });
      const c = t[this.i]!;
      if (c === '"') break;
      if (c === '\n') throw new JsonSyntaxError(this.i, { variant: 'stringPastLine' });
      this.i += c === '\\' ? 2 : 1;
    }
    this.i++;
    try {
      return JSON.parse(t.slice(from, this.i)) as string;
    } catch {
      throw new JsonSyntaxError(from, { variant: 'badEscape' });
    }
  }
}
