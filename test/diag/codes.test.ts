// The diagnostic catalogue: every code used in src, distinct summaries, codes in range, templates that fill completely.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODES, type Code } from '../../src/diag/codes.js';
import { error, warning } from '../../src/diag/diagnostic.js';
import { messageOf, templateOf } from '../../src/diag/message.js';
import { fill, placeholderNames, PLACEHOLDER } from '../../src/diag/template.js';

const codes = Object.keys(CODES).filter((c): c is Code => c in CODES);

/** Every template of the catalogue, named `CODE` or `CODE/variant`. */
const templates: [string, string][] = codes.flatMap((code): [string, string][] => {
  const e = CODES[code];
  return 'message' in e
    ? [[code, e.message]]
    : Object.entries(e.variants).map(([v, t]): [string, string] => [`${code}/${v}`, t]);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return name.endsWith('.ts') ? [p] : [];
  });
}

test('every code is used by a call site in src', () => {
  const text = sources('src')
    .filter((p) => p !== join('src', 'diag', 'codes.ts'))
    .map((p) => readFileSync(p, 'utf8'))
    .join('\n');
  const unused = codes.filter((c) => !text.includes(`'${c}'`));
  assert.equal(unused, []);
});

test('every code is E01xx to E07xx, and no two codes share a summary', () => {
  for (const c of codes) assert.match(c, /^E0[1-7]\d\d$/);
  const seen = new Map<string, string>();
  for (const c of codes) {
    const s = CODES[c].summary;
    assert.ok(s.length > 10, `${c} has a one-line summary`);
    assert.not.match(s, /\n/);
    assert.is(seen.get(s), undefined, `${c} and ${seen.get(s)} share the summary '${s}'`);
    seen.set(s, c);
  }
});

test('no template has a brace that opens no placeholder', () => {
  for (const [name, t] of templates) {
    assert.not.match(t.replace(PLACEHOLDER, ''), /\{/, name);
    assert.is(t, t.trim(), name);
  }
});

test('filling a template replaces every placeholder', () => {
  for (const [name, t] of templates) {
    for (const count of [1, 2]) {
      const params = Object.fromEntries(placeholderNames(t).map((p) => [p, count]));
      const wordy = Object.fromEntries(placeholderNames(t).map((p) => [p, `<${p}>`]));
      const byCount = fill(t, params);
      assert.not.match(byCount, /\{[A-Za-z]\w*(:[^{}]*)?\}/, `${name}: ${byCount}`);
      // A plain placeholder shows its value; a counted one picks the first word for 1, the second otherwise.
      for (const m of t.matchAll(PLACEHOLDER)) {
        const [, p, one, other] = m;
        if (one === undefined) assert.ok(fill(t, wordy).includes(`<${p}>`), `${name}: {${p}}`);
        else assert.ok(byCount.includes(count === 1 ? one : (other ?? one)), `${name}: ${m[0]}`);
      }
    }
  }
});

test('error() fills the template that the arguments select; warnings come from warning codes', () => {
  const d = error('E0454', 'f.ppl', null, {
    variant: 'missing',
    dist: 'Gamma',
    count: 2,
    names: "'concentration', 'rate'",
  });
  assert.is(d.message, "Gamma is missing arguments 'concentration', 'rate'");
  assert.is(d.severity, 'error');
  assert.is(error('E0207', 'f.ppl', null, {}).message, 'the program has no model block');
  const n = error('E0299', 'f.ppl', null, {}, 'a detail');
  assert.is(n.note, 'a detail');
  const w = warning('E0604', 'd.json', null, { name: 'extra' });
  assert.is(w.severity, 'warning');
  assert.is(CODES.E0604.severity, 'warning');
  assert.is(messageOf('E0116', { variant: 'token', found: "'+'" }), "unexpected '+'");
  assert.throws(() => templateOf('E0454', 'nonsense'));
});

// Never run: the compiler checks that a wrong call is a type error (an unused @ts-expect-error fails the build).
export function typeErrors(): void {
  // @ts-expect-error a free-form message is not an argument
  error('E0207', 'f.ppl', null, 'the program has no model block');
  // @ts-expect-error a placeholder without its parameter
  error('E0208', 'f.ppl', null, {});
  // @ts-expect-error a parameter that no placeholder reads
  error('E0208', 'f.ppl', null, { line: 3, column: 4 });
  // @ts-expect-error a variant that the code does not have
  error('E0454', 'f.ppl', null, { variant: 'other', dist: 'Normal' });
  // @ts-expect-error a count is a number
  error('E0305', 'f.ppl', null, { fn: 'exp', arity: '1', given: 2 });
  // @ts-expect-error a warning code is not an error
  error('E0604', 'd.json', null, { name: 'x' });
  // @ts-expect-error not a catalogue code
  error('E0999', 'f.ppl', null, {});
}

test.run();
