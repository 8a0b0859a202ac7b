// Category (d): library misuse. loadModel with odd sources and names; Model.data with odd objects (typed arrays,
// getters and proxies that throw, cycles, BigInts, sparse arrays); fit with mutated options (every option with odd
// values, unknown ones, condition/do/init/onProgress gone wrong); Fit.sample with odd arguments; the runtime's
// loadCompiled with damaged module text. A PplcError is the documented answer; an error the caller's own code threw
// may pass through; nothing else may escape, and no non-finite loss may come back as a fit.
import {
  DataText,
  loadModel,
  type Fit,
  type FitOptions,
  type Model,
} from '../../src/api/library.js';
import { loadCompiled } from '../../src/api/compiled-model.js';
import { compile } from '../../src/pipeline/compile.js';
import { compiledProgram } from '../../src/pipeline/compiled-program.js';
import { encodeCompiled } from '../../src/infer/compiled.js';
import { FIT_OPTION_NAMES } from '../../src/pipeline/fit-options.js';
import type { Category, CaseOutcome, FuzzEnv } from './category.js';
import { seeds, type Seed } from './corpus.js';
import { fitProblems, thrownProblems, type Problem } from './oracle.js';
import { caseRng, type Rng } from './prng.js';
import { mutateTokens } from './tokens.js';

/** The error a caller's own callback or getter throws: it may pass through the library unchanged. */
class OwnError extends Error {}

const oddValues = (): unknown[] => [
  undefined,
  null,
  NaN,
  Infinity,
  -Infinity,
  -1,
  0,
  -0,
  0.5,
  1.5,
  '3',
  '',
  'x',
  true,
  false,
  [],
  {},
  [3],
  () => 1,
  10n,
  Symbol('s'),
  new Date(0),
  2 ** 32,
  1e300,
  Object.create(null),
  'cpu',
  'adam',
  'vi',
];

/** Small valid values per option (the quick run's fits stay short; huge valid ones are over the options' maxima). */
const GOOD: Readonly<Record<string, readonly unknown[]>> = {
  method: ['vi', 'mp-vi', 'rws', 'qem', 'is'],
  backend: ['cpu'],
  steps: [1, 2, 3, 5],
  optimizer: ['adam', 'sgd', 'clipped-adam'],
  lr: [0.01, 1e300, 1e-300, 3],
  momentum: [0, 0.5, 0.999],
  lrDecay: [1, 0.99, 1e-300],
  clipNorm: [1, 1e300, 1e-300],
  particles: [1, 2, 3],
  K: [1, 2, 3],
  qemLr: [0.1, 1],
  importanceSamples: [0, 5],
  evidenceDraws: [1, 2],
  seed: [0, 7, 2 ** 32 - 1],
  draws: [1000],
};

const SMALL = [
  'scale',
  'coin',
  'mle',
  'chain',
  'sleep',
  'cov_delta',
  'cov_mvn',
  'bernoulli_guided',
  'plate_guide',
  'cov_dirichlet',
];

const models = new Map<string, Promise<Model>>();
const modelOf = (s: Seed): Promise<Model> => {
  let m = models.get(s.file);
  if (!m) models.set(s.file, (m = loadModel(s.source, s.file)));
  return m;
};

const fits = new Map<string, Promise<Fit>>();
const fitOf = (s: Seed): Promise<Fit> => {
  let f = fits.get(s.file);
  if (!f)
    fits.set(
      s.file,
      (f = modelOf(s).then((m) => m.fit(JSON.parse(s.data!), { backend: 'cpu', steps: 20 }))),
    );
  return f;
};

const compiled = new Map<string, string>();
async function compiledText(s: Seed): Promise<string> {
  let t = compiled.get(s.file);
  if (t === undefined) {
    const c = await compile(s.source, s.file);
    const build = { particles: c.particles, K: c.K, qemLr: c.qemLr };
    t = encodeCompiled(compiledProgram(c.typed!, s.source, c.objective!, c.method, build));
    compiled.set(s.file, t);
  }
  return t;
}

/** A site-value map gone wrong (for condition and do): odd names, shapes and values. */
function siteValues(r: Rng, fit: Fit | null): unknown {
  const site = r.pick([
    'weight',
    'z',
    'x',
    'p',
    'mu',
    'sigma',
    'theta',
    'nope',
    'measurement',
    'guess',
    'a',
    '__proto__',
    '',
  ]);
  return r.pick([
    {},
    { [site]: r.pick(oddValues()) },
    { [site]: r.pick([1, 0.5, [1, 2], [[1]], 1e300]) },
    [1],
    'x',
    fit?.params ?? {},
  ]);
}

/** Fit options: a valid base, then one to three edits. */
function options(r: Rng, env: FuzzEnv, own: OwnError, fit: Fit | null): Record<string, unknown> {
  const o: Record<string, unknown> = { backend: 'cpu', steps: 3 };
  const edits = 1 + r.int(3);
  for (let k = 0; k < edits; k++) {
    const key = r.chance(0.85)
      ? r.pick(FIT_OPTION_NAMES)
      : r.pick([
          'onProgress',
          'condition',
          'do',
          'init',
          'stpes',
          'Steps',
          '',
          'toString',
          '__proto__',
        ]);
    if (key === 'onProgress')
      o[key] = r.pick([
        () => undefined,
        () => {
          throw own;
        },
        // An async callback's rejection would be the caller's own unhandled rejection (the library does not await it).
        async () => 'ignored',
        3,
        'f',
        null,
      ]);
    else if (key === 'condition' || key === 'do') o[key] = siteValues(r, fit);
    else if (key === 'init')
      o[key] = r.pick([
        fit?.params ?? {},
        {},
        { a: NaN, b: 1 },
        { a: 1, b: -1 },
        { a: 1, b: 1, c: 2 },
        { a: [1], b: 1 },
        { a: '1', b: 1 },
        null,
        3,
      ]);
    else if (r.chance(0.4) && Object.hasOwn(GOOD, key)) o[key] = r.pick(GOOD[key]!);
    else if (r.chance(0.1)) delete o[key];
    else o[key] = r.pick(oddValues());
  }
  if (
    env.mode === 'quick' &&
    o.backend !== 'cpu' &&
    [undefined, 'auto', 'webgpu'].includes(o.backend as string)
  )
    o.backend = 'cpu';
  return o;
}

/** Data given to Model.data or fit, made when called (a DataText of odd arguments throws as it is made). */
type MakeData = () => unknown;

/** Data given to Model.data or fit: the seed's, with one member made odd. */
function oddData(s: Seed, r: Rng, own: OwnError): MakeData {
  const base = JSON.parse(s.data!) as Record<string, unknown>;
  const names = Object.keys(base);
  const name = r.pick(names);
  const v = base[name];
  const arr = Array.isArray(v) ? (v as number[]) : [v as number];
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);
  const sparse = [...arr];
  delete sparse[0];
  const odd: unknown[] = [
    Float64Array.from(arr.flat(3) as number[]),
    Float32Array.from(arr.flat(3) as number[]),
    Int32Array.from(arr.flat(3) as number[]),
    new Float64Array(arr.length + 3),
    Float64Array.of(NaN),
    new BigInt64Array(2),
    new DataView(new ArrayBuffer(8)),
    new ArrayBuffer(8),
    Buffer.from([1, 2]),
    sparse,
    cyclic,
    new Map([[0, 1]]),
    new Set([1]),
    new Date(0),
    10n,
    Symbol('v'),
    () => 1,
    Object.assign([...arr], { extra: 1 }),
    arr.map((x) => Float64Array.of(x as number)),
    new Proxy([...arr], {
      get() {
        throw own;
      },
    }),
    ...oddValues(),
  ];
  switch (r.int(6)) {
    case 0: {
      const o = { ...base };
      Object.defineProperty(o, name, {
        enumerable: true,
        get() {
          throw own;
        },
      });
      return () => o;
    }
    case 1: {
      const v = r.pick([
        null,
        undefined,
        3,
        'text',
        [base],
        new Map(Object.entries(base)),
        Object.assign(Object.create(null), base),
        Object.freeze({ ...base }),
        new Proxy(base, {
          ownKeys() {
            throw own;
          },
        }),
      ]);
      return () => v;
    }
    case 2: {
      const text = r.pick<unknown>([s.data!, `\ufeff${s.data}`, '', '{', 3, null]);
      const file = r.pick<unknown>(['data.json', '', 3, null]);
      return () => new DataText(text as string, file as string);
    }
    default: {
      const v = { ...base, [name]: r.pick(odd) };
      return () => v;
    }
  }
}

type Plan = (env: FuzzEnv) => Promise<{ problems: Problem[]; accepted: boolean; repro: string }>;

const show = (v: unknown): string => {
  const seen = new Set<unknown>();
  try {
    return (
      JSON.stringify(v, (_, x: unknown) => {
        if (typeof x === 'bigint') return `${x}n`;
        if (typeof x === 'function') return `<function>`;
        if (typeof x === 'symbol') return String(x);
        if (typeof x === 'number' && !Number.isFinite(x)) return String(x);
        if (ArrayBuffer.isView(x)) return `<${x.constructor.name}>`;
        if (x !== null && typeof x === 'object') {
          if (seen.has(x)) return '<cycle>';
          seen.add(x);
        }
        return x;
      })?.slice(0, 600) ?? String(v)
    );
  } catch {
    return '<an object that cannot be shown>';
  }
};

/** Data as the repro shows it (made again: what throws as it is made shows as the error). */
function shown(make: MakeData): string {
  try {
    const v = make();
    return v instanceof DataText ? `new DataText(${show(v.text)}, ${show(v.file)})` : show(v);
  } catch (e) {
    return `<throws ${e instanceof Error ? e.message : String(e)}>`;
  }
}

/** The data, its text recorded as its file's source when it is a DataText (diagnostics' spans are checked against it). */
function withText(data: unknown, sources: Map<string, string>): unknown {
  if (data instanceof DataText) sources.set(data.file, data.text);
  return data;
}

/** Runs `f`, mapping what it returns or throws to problems. */
async function attempt(
  f: () => Promise<Fit | unknown>,
  own: OwnError,
  sources: ReadonlyMap<string, string>,
): Promise<{ problems: Problem[]; accepted: boolean }> {
  try {
    const v = await f();
    const isFit =
      v !== null && typeof v === 'object' && 'losses' in (v as object) && 'toJSON' in (v as object);
    return { problems: isFit ? fitProblems(v as Fit) : [], accepted: true };
  } catch (e) {
    return { problems: thrownProblems(e, sources, own), accepted: false };
  }
}

function plan(index: number, env: FuzzEnv): Plan {
  const r = caseRng(env.seed, 'api', index);
  const own = new OwnError('the caller threw this');
  const small = seeds().filter(
    (s) => s.data !== null && SMALL.some((n) => s.file.endsWith(`/${n}.ppl`)),
  );
  const s = r.pick(small);
  const sources = new Map([[s.file, s.source]]);
  const kind = r.int(20);
  if (kind < 3) {
    const source = r.pick<unknown>([
      123,
      null,
      undefined,
      {},
      [],
      Buffer.from(s.source),
      new String(s.source),
      '',
      ' ',
      '\u0000',
      s.source,
      mutateTokens(s.source, r, 2),
    ]);
    const file = r.pick<unknown>([undefined, 'm.ppl', '', null, 123, 'a/b.ppl', '\n', 'ü.ppl', {}]);
    return async () => ({
      ...(await attempt(
        () => loadModel(source as string, file as string),
        own,
        new Map(typeof file === 'string' && typeof source === 'string' ? [[file, source]] : []),
      )),
      repro: `loadModel(${show(source)}, ${show(file)})`,
    });
  }
  if (kind < 8) {
    const make = oddData(s, r, own);
    return async () => {
      const m = await modelOf(s);
      const all = new Map([...sources, ['data.json', s.data!]]);
      return {
        ...(await attempt(async () => m.data(withText(make(), all)), own, all)),
        repro: `loadModel(${s.file}).data(${shown(make)})`,
      };
    };
  }
  if (kind < 15) {
    const withData = r.chance(0.85);
    return async () => {
      const fit = r.chance(0.3) ? await fitOf(s) : null;
      const o = options(r, env, own, fit);
      const good = JSON.parse(s.data!) as unknown;
      const make = withData
        ? r.pick<MakeData>([() => good, () => new DataText(s.data!, 'data.json')])
        : oddData(s, r, own);
      const m = await modelOf(s);
      const all = new Map([...sources, ['data.json', s.data!]]);
      return {
        ...(await attempt(() => m.fit(withText(make(), all), o as FitOptions), own, all)),
        repro: `loadModel(${s.file}).fit(${shown(make)}, ${show(o)})`,
      };
    };
  }
  if (kind < 17) {
    const n = r.pick<unknown>([...oddValues(), 1, 3, 10_000_001]);
    const seed = r.pick<unknown>([...oddValues(), 1, 2 ** 32 - 1]);
    return async () => {
      const fit = await fitOf(s);
      return {
        ...(await attempt(
          async () => {
            fit.summary();
            fit.toJSON();
            return fit.sample(n as number, seed as number);
          },
          own,
          sources,
        )),
        repro: `loadModel(${s.file}).fit(data).sample(${show(n)}, ${show(seed)})`,
      };
    };
  }
  return async () => {
    const text = await compiledText(s);
    const p = JSON.parse(text) as Record<string, unknown>;
    const field = r.pick(['format', 'pplc', 'method', 'particles']);
    const damaged = r.pick<unknown>([
      JSON.stringify({
        ...p,
        [field]: r.pick(oddValues().filter((v) => typeof v !== 'bigint' && typeof v !== 'symbol')),
      }),
      text.slice(0, r.int(text.length)),
      '',
      '{}',
      'null',
      '[]',
      '42',
      text,
      text,
      p,
      null,
      undefined,
      123,
    ]);
    const o = options(r, env, own, null);
    return {
      ...(await attempt(
        async () => loadCompiled(damaged as string).fit(JSON.parse(s.data!), o as FitOptions),
        own,
        sources,
      )),
      repro: `loadCompiled(<${s.file} compiled, ${typeof damaged === 'string' && damaged !== text ? `damaged: ${show(damaged.slice(0, 200))}` : show(damaged)}>).fit(data, ${show(o)})`,
    };
  };
}

export const api: Category = {
  name: 'api',
  boundMs: 20_000,
  async run(index, env): Promise<CaseOutcome> {
    return plan(index, env)(env);
  },
};
