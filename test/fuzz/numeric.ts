// Category (e): numeric faults on both backends. Small programs whose arithmetic goes wrong on purpose (a scale of 0,
// 0*mu, mu/0, 1e-50, 1e300, log of a negative, exp overflow, degenerate priors, params initialised at the edges of
// their constraints) with ordinary, empty, huge-valued or large data, fitted for a few steps with odd learning rates.
// The fit must diverge with a PplcError, reject its input, or succeed with finite losses and params: never report a
// non-finite loss as a success.
import { DataText } from '../../src/api/library.js';
import type { Category, CaseOutcome, FuzzEnv } from './category.js';
import { caseRng, type Rng } from './prng.js';
import { fitText } from './probe.js';

interface Template {
  readonly name: string;
  /** The program with its faults filled in. */
  readonly program: (r: Rng) => string;
  /** Its data. */
  readonly data: (r: Rng, quick: boolean) => Record<string, unknown>;
}

const LOCS = [
  'mu',
  '0 * mu',
  'mu / 0',
  'mu * 1e300',
  'log(-1) + mu',
  'sqrt(-1) * mu',
  'exp(1000 * mu)',
  'mu + 1e300',
  'log(mu)',
  'mu ^ 2',
  'pow(mu, 0.5)',
  'logit(mu)',
  'log1p(-2) + mu',
  'mu - mu / (mu - mu)',
];
const SCALES = [
  '1',
  '0',
  '1e-50',
  '1e300',
  '-1',
  'exp(mu)',
  'abs(mu)',
  '0 * mu',
  'mu',
  'softplus(mu) + 1e-50',
  '1 / 0',
  'exp(1000)',
  '1e-320',
];
const POSITIVE_PRIORS = [
  'HalfNormal(0)',
  'HalfNormal(1e-50)',
  'Gamma(1e-50, 1)',
  'Gamma(1, 1e300)',
  'Exponential(0)',
  'Exponential(1e300)',
  'LogNormal(0, 1e-50)',
  'LogNormal(1e300, 1)',
  'HalfCauchy(1e300)',
  'Beta(0.0001, 0.0001)',
  'Uniform(1, 0)',
  'Uniform(0, 1e300)',
  'Uniform(0, 0)',
  'Gamma(0, 0)',
  'HalfNormal(1)',
];
const DISCRETE = [
  'Bernoulli(probs = 0 * p)',
  'Bernoulli(probs = 1 + 0 * p)',
  'Bernoulli(logits = 1e300 * p)',
  'Binomial(10, 0 * p)',
  'Poisson(0 * p)',
  'Poisson(1e300 * p)',
  'Binomial(0, p)',
  'Bernoulli(probs = 2 * p)',
  'Binomial(total_count = 10, logits = -1e300 + p)',
  'Bernoulli(p)',
];
const PARAMS = [
  'positive = 1e-300',
  'positive = 1e300',
  'unit = 1e-300',
  'real = 1e300',
  'interval(0, 1e-300) = 1e-301',
  'interval(-1e300, 1e300) = 0',
  'positive = 1',
  'unit = 0.999999999999',
];

/** Observed values: ordinary, all zero, huge, tiny, or at float64's edges. */
function values(r: Rng, n: number): number[] {
  const kind = r.int(7);
  return Array.from({ length: n }, (_, i) => {
    if (kind === 0) return Math.sin(i * 12.9898) * 2;
    if (kind === 1) return 0;
    if (kind === 2) return 1e300;
    if (kind === 3) return i % 2 ? 1.7e308 : -1.7e308;
    if (kind === 4) return 1e-300;
    if (kind === 5) return 1e30 * (i + 1);
    return 5e-324;
  });
}

const size = (r: Rng, quick: boolean): number => r.pick([0, 1, 3, 20, quick ? 500 : 50_000]);

const TEMPLATES: readonly Template[] = [
  {
    name: 'location and scale',
    program: (r) =>
      `data N: int\ndata y: real[N]\nmodel {\n  sample mu ~ Normal(0, 1)\n  plate i in N {\n    observe y[i] ~ Normal(${r.pick(LOCS)}, ${r.pick(SCALES)})\n  }\n}\n`,
    data: (r, quick) => {
      const n = size(r, quick);
      return { N: n, y: values(r, n) };
    },
  },
  {
    name: 'degenerate priors',
    program: (r) =>
      `data N: int\ndata y: real[N]\nmodel {\n  sample s ~ ${r.pick(POSITIVE_PRIORS)}\n  plate i in N {\n    observe y[i] ~ Normal(0, s)\n  }\n}\nguide = ${r.pick(['AutoNormal', 'AutoDelta', 'AutoMultivariateNormal'])}\n`,
    data: (r, quick) => {
      const n = size(r, quick);
      return { N: n, y: values(r, n) };
    },
  },
  {
    name: 'discrete observations',
    program: (r) =>
      `data N: int\ndata k: int[N]\nmodel {\n  sample p ~ Beta(1, 1)\n  plate i in N {\n    observe k[i] ~ ${r.pick(DISCRETE)}\n  }\n}\n`,
    data: (r, quick) => {
      const n = size(r, quick);
      return { N: n, k: Array.from({ length: n }, (_, i) => (r.chance(0.5) ? i % 2 : 0)) };
    },
  },
  {
    name: 'params at the edges',
    program: (r) =>
      `data x: real\nmodel {\n  param a: ${r.pick(PARAMS)}\n  param b: ${r.pick(PARAMS)}\n  observe x ~ Normal(a, b)\n}\n`,
    data: (r) => ({ x: r.pick([0, 5, 1e300, -1e300, 1e-300]) }),
  },
  {
    name: 'guide scale',
    program: (r) =>
      `data y: real\nmodel {\n  sample z ~ Normal(0, 1)\n  observe y ~ Normal(z, ${r.pick(SCALES).replace(/mu/g, 'z')})\n}\nguide {\n  param m = ${r.pick(['0', '1e300', '-1e300'])}\n  param s: positive = ${r.pick(['1', '1e-300', '1e300'])}\n  sample z ~ Normal(m, s * ${r.pick(['1', '0', '1e-50', '1e300'])})\n}\n`,
    data: (r) => ({ y: r.pick([0, 4, 1e300, -1e300]) }),
  },
];

interface Plan {
  readonly template: string;
  readonly program: string;
  readonly data: string;
  readonly options: Record<string, unknown>;
}

function plan(name: string, backend: 'cpu' | 'webgpu', index: number, env: FuzzEnv): Plan {
  const r = caseRng(env.seed, name, index);
  const quick = env.mode === 'quick';
  const t = TEMPLATES[index % TEMPLATES.length]!;
  const program = t.program(r);
  const data = JSON.stringify(t.data(r, quick));
  const method = backend === 'cpu' && r.chance(0.2) ? r.pick(['mp-vi', 'rws', 'qem', 'is']) : 'vi';
  const options = {
    backend,
    method,
    steps: backend === 'cpu' ? 3 + r.int(15) : 5 + r.int(50),
    optimizer: r.pick(['adam', 'sgd', 'clipped-adam']),
    lr: r.pick([0.01, 0.1, 1, 1e10, 1e-300]),
    seed: r.int(1000),
  };
  return { template: t.name, program, data, options };
}

function reproOf(p: Plan): string {
  const shown =
    p.data.length > 400 ? `${p.data.slice(0, 400)}... (${p.data.length} characters)` : p.data;
  return `${p.template}: fit ${JSON.stringify(p.options)} of\n${p.program}with data ${shown}`;
}

function category(name: string, backend: 'cpu' | 'webgpu', boundMs: number): Category {
  return {
    name,
    boundMs,
    describe: (index, env) => reproOf(plan(name, backend, index, env)),
    async run(index, env): Promise<CaseOutcome> {
      const p = plan(name, backend, index, env);
      const repro = reproOf(p);
      if (backend === 'webgpu' && env.gpu === null)
        return { accepted: false, problems: [], repro: `${repro}\n(no device: skipped)` };
      const sources = new Map([
        ['numeric.ppl', p.program],
        ['data.json', p.data],
      ]);
      const f = await fitText(
        p.program,
        'numeric.ppl',
        new DataText(p.data, 'data.json'),
        p.options,
        sources,
      );
      return { ...f, repro };
    },
  };
}

export const numericCpu = category('numeric-cpu', 'cpu', 30_000);
/** Shader compiles cost about a second each on a software device: few cases in the quick run. */
export const numericWebgpu = category('numeric-webgpu', 'webgpu', 60_000);
