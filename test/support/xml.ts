// A minimal XML well-formedness check (tags nest and match, attributes quoted, entities closed, one root), so that tests of generated SVG need no XML parser package.

const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:-.';
const isName = (s: string): boolean => s.length > 0 && [...s].every((c) => NAME_CHARS.includes(c));
const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r';

/** Checks an entity reference at `i` (`&name;` or `&#...;`) and returns the index after it. */
function entity(text: string, i: number): number {
  const end = text.indexOf(';', i);
  const body = end < 0 ? '' : text.slice(i + 1, end);
  if (!isName(body.startsWith('#') ? body.slice(1) || '?' : body))
    throw new Error(`bad entity reference at ${i}: ${text.slice(i, i + 12)}`);
  return end + 1;
}

/** Character data between tags: no '<' (the caller stops there) and every '&' an entity. */
function checkText(text: string, from: number, to: number): void {
  for (let i = from; i < to;) i = text[i] === '&' ? entity(text, i) : i + 1;
}

/** A start tag's attributes (`name="value"`, single or double quotes), from after its name to its end. */
function checkAttributes(text: string, from: number, to: number): void {
  let i = from;
  const seen = new Set<string>();
  for (;;) {
    while (isSpace(text[i])) i++;
    if (i >= to) return;
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq).trim();
    if (eq < 0 || eq > to || !isName(name)) throw new Error(`bad attribute at ${i}`);
    if (seen.has(name)) throw new Error(`repeated attribute ${name} at ${i}`);
    seen.add(name);
    let q = eq + 1;
    while (isSpace(text[q])) q++;
    const quote = text[q];
    if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${name} at ${i}`);
    const close = text.indexOf(quote, q + 1);
    if (close < 0 || close > to) throw new Error(`unclosed attribute ${name} at ${i}`);
    if (text.slice(q + 1, close).includes('<')) throw new Error(`'<' in attribute ${name}`);
    checkText(text, q + 1, close);
    i = close + 1;
    if (i < to && !isSpace(text[i])) throw new Error(`no space after attribute ${name} at ${i}`);
  }
}

/** Throws with a position when `text` is not one well-formed XML element (after an optional prolog); returns the root's name. */
export function checkWellFormed(text: string): string {
  const open: string[] = [];
  let root = '';
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const stop = lt < 0 ? text.length : lt;
    if (open.length > 0) checkText(text, i, stop);
    else if (text.slice(i, stop).trim() !== '') throw new Error(`text outside the root at ${i}`);
    if (lt < 0) break;
    const skip = (start: string, end: string): number | null => {
      if (!text.startsWith(start, lt)) return null;
      const e = text.indexOf(end, lt + start.length);
      if (e < 0) throw new Error(`unclosed ${start} at ${lt}`);
      return e + end.length;
    };
    const skipped = skip('<!--', '-->') ?? skip('<![CDATA[', ']]>') ?? skip('<?', '?>');
    if (skipped !== null) {
      i = skipped;
      continue;
    }
    let gt = lt + 1;
    for (let quote = ''; gt < text.length; gt++) {
      const c = text[gt]!;
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (gt >= text.length) throw new Error(`unclosed tag at ${lt}`);
    if (text[lt + 1] === '/') {
      const name = text.slice(lt + 2, gt).trim();
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> at ${lt} closes <${top ?? ''}>`);
    } else {
      const selfClosing = text[gt - 1] === '/';
      const end = selfClosing ? gt - 1 : gt;
      let n = lt + 1;
      while (n < end && !isSpace(text[n])) n++;
      const name = text.slice(lt + 1, n);
      if (!isName(name)) throw new Error(`bad tag name '${name}' at ${lt}`);
      checkAttributes(text, n, end);
      if (open.length === 0) {
        if (root) throw new Error(`a second root element <${name}> at ${lt}`);
        root = name;
      }
      if (!selfClosing) open.push(name);
    }
    i = gt + 1;
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  if (!root) throw new Error('no root element');
  return root;
}
