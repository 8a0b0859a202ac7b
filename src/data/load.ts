// Reads a data file's text against a checked program: parse (fast path, positions only on demand) then validate.
import type { CheckedProgram } from '../check/typed.js';
import { hasErrors } from '../diag/diagnostic.js';
import { posAt, type Span } from '../diag/span.js';
import { parseDataJson, type JsonPositions } from './json.js';
import { validateData, type ValidateOptions, type ValidateResult } from './validate.js';

/** Positions from the position-keeping reader, which is run only if a diagnostic asks for a span. */
class LazyPositions implements JsonPositions {
  private inner: JsonPositions | null = null;
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}
  get(path: string): Span | undefined {
    // '' is the whole value: its first character (found without the reader, which stops at its depth limit).
    if (path === '') {
      const at = this.text.search(/\S/);
      return at < 0 ? undefined : { start: posAt(this.text, at), end: posAt(this.text, at + 1) };
    }
    this.inner ??= parseDataJson(this.text, this.file).positions;
    return this.inner.get(path);
  }
}

/** Whether the root object repeats a member name (JSON.parse would silently keep the last one). */
function repeatsTopLevelKey(text: string): boolean {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (depth === 1) {
        let k = j + 1;
        while (k < text.length && text.charCodeAt(k) <= 32) k++;
        if (text[k] === ':') {
          const key = text.slice(i + 1, j);
          if (seen.has(key)) return true;
          seen.add(key);
        }
      }
      i = j;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export function loadData(
  checked: CheckedProgram,
  given: string,
  file: string,
  options: ValidateOptions = {},
): ValidateResult {
  // A byte-order mark (editors on Windows write one) is not text: columns count as an editor shows them.
  const text = given.charCodeAt(0) === 0xfeff ? given.slice(1) : given;
  let json: unknown;
  try {
    // JSON.parse is several times faster than the reader that keeps positions (data files can be large).
    json = JSON.parse(text);
    if (repeatsTopLevelKey(text)) throw new Error('repeated member');
  } catch {
    const parsed = parseDataJson(text, file);
    if (parsed.json === undefined || hasErrors(parsed.diagnostics))
      return { data: null, diagnostics: parsed.diagnostics };
    json = parsed.json;
  }
  return validateData(checked, json, file, new LazyPositions(text, file), options);
}
