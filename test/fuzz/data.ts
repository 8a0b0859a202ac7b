// Category (b): bad data files. Each seed's data mutated as a value (wrong types, missing and extra members, NaN-ish
// strings, nulls, huge or deep arrays, wrong lengths, negative sizes) or as text (a byte-order mark, truncation, JSON's
// near misses); read as a file and given to the library as an object. Bound data must be finite and well-shaped;
// a sample of accepted data is fitted for a few steps on the CPU.
import { DataText, loadModel, type Model } from '../../src/api/library.js';
import type { BoundData } from '../../src/data/bound.js';
import { loadData } from '../../src/data/load.js';
import type { Category, CaseOutcome, FuzzEnv } from './category.js';
import { seeds, type Seed } from './corpus.js';
import { diagnosticProblems, thrownProblems, type Problem } from './oracle.js';
import { caseRng, type Rng } from './prng.js';
import { fitText } from './probe.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const ODD_VALUES: readonly Json[] = [
  '1',
  'abc',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '',
  true,
  false,
  null,
  {},
  [],
  [[]],
  { a: 1 },
  0,
  -1,
  1.5,
  -0,
  1e300,
  -1e300,
  1e-320,
  2 ** 53 + 1,
  1e20,
  4294967296,
  -2147483649,
  0.1,
];
const ODD_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  '',
  'ünï',
  'x y',
  'N',
  'extra',
  'hasOwnProperty',
];

/** Every path into a value, as index lists (big arrays sampled, deep ones cut off: a mutant may be thousands deep). */
function paths(
  v: Json,
  r: Rng,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (at.length > 12) return out;
  if (Array.isArray(v)) {
    const picks = v.length <= 8 ? v.map((_, i) => i) : [0, v.length - 1, r.int(v.length)];
    for (const i of picks) paths(v[i]!, r, [...at, i], out);
  } else if (v !== null && typeof v === 'object')
    for (const k of Object.keys(v)) paths(v[k]!, r, [...at, k], out);
  return out;
}

const get = (v: Json, p: readonly (string | number)[]): Json =>
  p.reduce<Json>((x, k) => (x as Record<string | number, Json>)[k]!, v);

function set(v: Json, p: readonly (string | number)[], to: Json | undefined): Json {
  if (p.length === 0) return to ?? null;
  const [k, ...rest] = p;
  if (Array.isArray(v)) {
    const copy = [...v];
    if (to === undefined && rest.length === 0) copy.splice(k as number, 1);
    else copy[k as number] = set(v[k as number]!, rest, to);
    return copy;
  }
  const copy = { ...(v as Record<string, Json>) };
  if (to === undefined && rest.length === 0) delete copy[k as string];
  else copy[k as string] = set(copy[k as string]!, rest, to);
  return copy;
}

const nest = (v: Json, depth: number): Json => {
  let x = v;
  for (let i = 0; i < depth; i++) x = [x];
  return x;
};

const isObject = (v: Json): v is { [k: string]: Json } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** One edit of the data as a value. */
function mutateValue(v: Json, r: Rng, quick: boolean): Json {
  const ps = paths(v, r);
  const p = r.pick(ps.length > 1 ? ps.slice(1) : ps);
  const old = get(v, p);
  switch (r.int(10)) {
    case 0:
    case 1:
      return set(v, p, r.pick(ODD_VALUES));
    case 2:
      return set(v, p, undefined);
    case 3: {
      const name = r.chance(0.5) ? r.pick(ODD_NAMES) : `m${r.int(100)}`;
      return isObject(v) ? { ...v, [name]: r.pick(ODD_VALUES) } : { [name]: v };
    }
    case 4:
      // JSON.stringify itself overflows a few thousand deep: deeper nesting is made as text (mutateText).
      return set(v, p, nest(old, r.chance(0.8) ? 1 + r.int(3) : quick ? 200 : 400));
    case 5:
      return set(
        v,
        p,
        Array.isArray(old) ? (old.length > 0 && r.chance(0.5) ? old[0]! : old.flat()) : [old],
      );
    case 6: {
      if (!Array.isArray(old)) return set(v, p, r.pick([0, -1, -3, 2.5, 1e9, 2 ** 31, '3']));
      const edit = r.int(4);
      const copy = [...old];
      if (edit === 0) copy.pop();
      else if (edit === 1) copy.push(copy[0] ?? 0);
      else if (edit === 2) copy.length = 0;
      else copy.push(r.pick(ODD_VALUES));
      return set(v, p, copy);
    }
    case 7: {
      // A huge array in place of this value.
      const n = quick ? 20_000 : 300_000;
      return set(
        v,
        p,
        Array.from({ length: n }, (_, i) => (typeof old === 'number' ? old : i % 7)),
      );
    }
    case 8: {
      // A size member made negative, zero, fractional or huge.
      const sizes = isObject(v) ? Object.keys(v).filter((k) => typeof v[k] === 'number') : [];
      if (sizes.length === 0) return set(v, p, null);
      return set(v, [r.pick(sizes)], r.pick([-1, 0, 2.5, 1e9, -1e300, 3, 100]));
    }
    default:
      return r.chance(0.5) ? [v] : r.pick([null, 42, 'data', [], true]);
  }
}

/** One edit of the data's text; `deep` is how deep a value may be buried in arrays. */
function mutateText(t: string, r: Rng, deep: number): string {
  const at = r.int(t.length + 1);
  switch (r.int(12)) {
    case 0:
      return `\ufeff${t}`;
    case 1:
      return t.slice(0, at);
    case 2:
      return t + r.pick([',', '}', 'x', '\u0000', ' // c', '\n{}', ']']);
    case 3:
      return t.replace('{', `{"${r.pick(['N', 'x', 'y', 'guess', 'flips'])}": 1, `);
    case 4:
      return t.replace(
        /-?\d+(\.\d+)?([eE][+-]?\d+)?/,
        r.pick([
          'NaN',
          'Infinity',
          '-Infinity',
          '0x10',
          '01',
          '+1',
          '.5',
          '1.',
          '1e',
          '--1',
          '1e400',
          '-0',
        ]),
      );
    case 5:
      return t.replace(/"/g, "'");
    case 6:
      return t.replace(/(\d)(\s*[\]}])/, '$1,$2');
    case 7:
      return (
        t.slice(0, at) +
        r.pick(['/* c */', '\u00a0', '\r', '\t', '\\', '"', '\u2028', '\ud800']) +
        t.slice(at)
      );
    case 8:
      return t.replace(
        /"([A-Za-z_]+)"/,
        r.pick(['"\\u0041"', '"\\x41"', '"$1\\n"', '"$1\u0001"', '$1']),
      );
    case 9:
      return r.pick(['', '   ', 'null', '[]', '"str"', '42', '{', '{}', '{"a":', 'true']);
    case 10:
      return r.chance(0.5)
        ? t.replace(/:\s*/, `: "${'x'.repeat(100_000)}", "_": `)
        : t.replace(/-?\d+(\.\d+)?/, (m) => `${'['.repeat(deep)}${m}${']'.repeat(deep)}`);
    default:
      return t.slice(0, at) + t.slice(at + 1 + r.int(5));
  }
}

/** Bound data must hold finite numbers, and integer non-negative sizes. */
function boundProblems(b: BoundData): Problem[] {
  const out: Problem[] = [];
  for (const [name, a] of b.arrays)
    if (a.values.some((x) => !Number.isFinite(x)))
      out.push({
        kind: 'bad-diagnostic',
        message: `member '${name}' was accepted with a non-finite value`,
      });
  for (const [name, n] of b.sizes)
    if (!Number.isInteger(n) || n < 0)
      out.push({ kind: 'bad-diagnostic', message: `size '${name}' was accepted as ${n}` });
  return out;
}

const models = new Map<string, Model>();
async function modelOf(seed: Seed): Promise<Model> {
  let m = models.get(seed.file);
  if (!m) models.set(seed.file, (m = await loadModel(seed.source, seed.file)));
  return m;
}

interface Plan {
  readonly seed: Seed;
  readonly text: string;
  readonly fit: Record<string, unknown> | null;
}

function plan(index: number, env: FuzzEnv): Plan {
  const withData = seeds().filter((s) => s.data !== null);
  const seed = withData[index % withData.length]!;
  const r = caseRng(env.seed, 'data', index);
  let text = seed.data!;
  const edits = r.chance(0.7) ? 1 : 2;
  const deep = env.mode === 'quick' ? 2000 : 100_000;
  for (let k = 0; k < edits; k++) {
    // A value edit needs text that JSON reads and writes back (a text edit may have made it too deep to write).
    let edited: string | undefined;
    if (r.chance(0.6))
      try {
        edited = JSON.stringify(mutateValue(JSON.parse(text) as Json, r, env.mode === 'quick'));
      } catch {
        edited = undefined;
      }
    text = edited ?? mutateText(text, r, deep);
  }
  const fit =
    r.chance(env.mode === 'quick' ? 0.1 : 0.25) && text.length < 20_000
      ? { backend: 'cpu', steps: 3, seed: r.int(100) }
      : null;
  return { seed, text, fit };
}

const FILE = 'data.json';

function reproOf(p: Plan): string {
  const shown =
    p.text.length > 1500
      ? `${JSON.stringify(p.text.slice(0, 1500))}... (${p.text.length} characters)`
      : JSON.stringify(p.text);
  const what = p.fit
    ? `bound, then fit ${JSON.stringify(p.fit)}`
    : 'bound as a file and as an object';
  return `data for ${p.seed.file} (${what}):\n${shown}`;
}

export const data: Category = {
  name: 'data',
  boundMs: 20_000,
  describe: (index, env) => reproOf(plan(index, env)),
  async run(index, env): Promise<CaseOutcome> {
    const p = plan(index, env);
    const repro = reproOf(p);
    const m = await modelOf(p.seed);
    const sources = new Map([
      [p.seed.file, p.seed.source],
      [FILE, p.text],
    ]);
    const problems: Problem[] = [];
    let accepted = false;
    try {
      const v = loadData(m.program, p.text, FILE);
      problems.push(...diagnosticProblems(v.diagnostics, sources));
      if (v.data && !v.diagnostics.some((d) => d.severity === 'error')) {
        accepted = true;
        problems.push(...boundProblems(v.data));
      }
    } catch (e) {
      problems.push(...thrownProblems(e, sources));
    }
    // The same data as an object through the library: a PplcError, or data the file would also give.
    let obj: unknown;
    try {
      obj = JSON.parse(p.text.replace(/^\ufeff/, ''));
    } catch {
      obj = undefined;
    }
    if (obj !== undefined)
      try {
        const ds = m.data(obj);
        problems.push(...boundProblems(ds.bound));
      } catch (e) {
        // A PplcError is the documented rejection (its diagnostics still checked); anything else escaped.
        problems.push(...thrownProblems(e, new Map([[p.seed.file, p.seed.source]])));
      }
    if (accepted && p.fit) {
      const f = await fitText(
        p.seed.source,
        p.seed.file,
        new DataText(p.text, FILE),
        p.fit,
        sources,
      );
      problems.push(...f.problems);
    }
    return { accepted, problems, repro };
  },
};
