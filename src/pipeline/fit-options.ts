// One table of fit options (name, type, default, check, help): the CLI's flags and usage text, the library's option
// type and its defaults all come from it.
import {
  DEFAULT_EVIDENCE_DRAWS,
  DEFAULT_IMPORTANCE_SAMPLES,
  METHOD_HELP,
  METHOD_NAMES,
  type MethodName,
} from '../methods/method-names.js';
import { DEFAULT_K, DEFAULT_QEM_LR } from './defaults.js';
import { showValue } from './show-value.js';
import { OPTIMIZERS, OPTIMIZER_NAMES, type OptimizerName } from '../optim/optimizers.js';
import { DEFAULT_HYPERPARAMETERS } from '../optim/optimizer.js';

export const BACKENDS = ['auto', 'cpu', 'webgpu'] as const;
export type Backend = (typeof BACKENDS)[number];

interface ChoiceSpec<T extends string> {
  readonly kind: 'choice';
  readonly choices: readonly T[];
  readonly default: T;
  readonly help: string;
  /** Help for each choice, when the choices need explaining. */
  choiceHelp?(c: T): string;
}

/** What a numeric default may depend on: the options resolved before it (choices first). */
interface Chosen {
  readonly optimizer: OptimizerName;
}

interface NumberSpec {
  readonly kind: 'int' | 'number';
  readonly default: number | ((o: Chosen) => number);
  /** The default as the usage text states it, when it is not a plain number. */
  readonly defaultText?: string;
  readonly check: (n: number) => boolean;
  /** The phrase completing "must be ...". */
  readonly what: string;
  readonly help: string;
}

const choice = <T extends string>(spec: Omit<ChoiceSpec<T>, 'kind'>): ChoiceSpec<T> => ({
  kind: 'choice',
  ...spec,
});
const positiveInt = (n: number): boolean => Number.isInteger(n) && n >= 1;
/** The most steps a fit takes. */
const MAX_STEPS = 100_000_000;
/**
 * The most particles, samples per latent, draws and repetitions a fit takes: far beyond any useful value, but below
 * what would ask for an array larger than memory (1e300 particles was a RangeError, 1e300 draws never returned).
 */
const MAX_PARTICLES = 100_000;
const MAX_K = 10_000;
const MAX_DRAWS = 10_000_000;
const MAX_EVIDENCE_DRAWS = 100_000;
/** An integer in [lo, hi], and the phrase saying so (`least` says the lower bound, as the steps' phrase does). */
const intIn = (lo: number, hi: number, least: string) => ({
  check: (n: number) => Number.isInteger(n) && n >= lo && n <= hi,
  what: `${least} up to ${hi}`,
});

export const FIT_OPTIONS = {
  method: choice<MethodName>({
    choices: METHOD_NAMES,
    default: 'vi',
    help: 'the inference method',
    choiceHelp: (m) => METHOD_HELP[m],
  }),
  backend: choice<Backend>({
    choices: BACKENDS,
    default: 'auto',
    help: 'where the fit runs: auto is WebGPU where an adapter exists, else the CPU interpreter',
  }),
  steps: {
    kind: 'int',
    default: 1000,
    // Every step's loss is kept (8 bytes each): 10^8 steps are 800 MB, and hours even at GPU speed.
    check: (n) => positiveInt(n) && n <= MAX_STEPS,
    what: `a positive integer up to ${MAX_STEPS}`,
    help: 'optimisation steps',
  },
  optimizer: choice<OptimizerName>({
    choices: OPTIMIZER_NAMES,
    default: 'adam',
    help: 'the optimizer',
    choiceHelp: (o) => OPTIMIZERS[o].help,
  }),
  lr: {
    kind: 'number',
    default: (o) => OPTIMIZERS[o.optimizer].defaultLr,
    defaultText: OPTIMIZER_NAMES.map((o) => `${o} ${OPTIMIZERS[o].defaultLr}`).join(', '),
    check: (n) => n > 0,
    what: 'a positive number',
    help: 'the learning rate',
  },
  momentum: {
    kind: 'number',
    default: DEFAULT_HYPERPARAMETERS.momentum,
    check: (n) => n >= 0 && n < 1,
    what: 'in [0, 1)',
    help: "SGD's momentum",
  },
  lrDecay: {
    kind: 'number',
    default: DEFAULT_HYPERPARAMETERS.lrDecay,
    check: (n) => n > 0 && n <= 1,
    what: 'in (0, 1]',
    help: 'multiplies the learning rate after every step',
  },
  clipNorm: {
    kind: 'number',
    default: DEFAULT_HYPERPARAMETERS.clipNorm,
    check: (n) => n > 0,
    what: 'a positive number',
    help: "ClippedAdam's elementwise gradient clamp",
  },
  particles: {
    kind: 'int',
    default: 1,
    ...intIn(1, MAX_PARTICLES, 'a positive integer'),
    help: "samples of the guide per step (Trace_ELBO's num_particles)",
  },
  K: {
    kind: 'int',
    default: DEFAULT_K,
    ...intIn(1, MAX_K, 'a positive integer'),
    help: 'samples of every latent per step (mp-vi, rws), or importance samples sharing one index (is)',
  },
  qemLr: {
    kind: 'number',
    default: DEFAULT_QEM_LR,
    check: (n) => n > 0 && n <= 1,
    what: 'in (0, 1]',
    help: "qem's rate: how far each step moves a guide Normal's moments towards the importance-weighted ones",
  },
  importanceSamples: {
    kind: 'int',
    default: DEFAULT_IMPORTANCE_SAMPLES,
    ...intIn(0, MAX_DRAWS, 'a non-negative integer'),
    help: 'after mp-vi, rws, qem or is: posterior draws resampled from all K^n combinations of the samples, summarised in place of guide draws (0: guide draws)',
  },
  evidenceDraws: {
    kind: 'int',
    default: DEFAULT_EVIDENCE_DRAWS,
    ...intIn(1, MAX_EVIDENCE_DRAWS, 'a positive integer'),
    help: 'repetitions of the log-evidence estimate after a fit by mp-vi, rws or is',
  },
  seed: {
    kind: 'int',
    default: 0,
    check: (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
    what: 'an integer in [0, 2^32)',
    help: 'the RNG seed: the same seed gives the same fit on either backend',
  },
  draws: {
    kind: 'int',
    default: 1000,
    ...intIn(1000, MAX_DRAWS, 'an integer of at least 1000 and'),
    help: 'guide draws for the posterior summaries',
  },
} as const satisfies Readonly<Record<string, ChoiceSpec<string> | NumberSpec>>;

export type FitOptionName = keyof typeof FIT_OPTIONS;

type ValueOf<S> = S extends { readonly kind: 'choice'; readonly choices: readonly (infer T)[] }
  ? T
  : number;

/** Every fit option, resolved (defaults filled in, values checked). */
export type FitSettings = { readonly [K in FitOptionName]: ValueOf<(typeof FIT_OPTIONS)[K]> };

/** The fit options a caller may give (the library's `fit()` options besides `onProgress`). */
export type FitOptionValues = { readonly [K in FitOptionName]?: ValueOf<(typeof FIT_OPTIONS)[K]> };

export const FIT_OPTION_NAMES = Object.keys(FIT_OPTIONS) as readonly FitOptionName[];

/** An option value that fails its check; the message names the option as the caller wrote it. */
export class OptionError extends Error {}

/** The command line's spelling of an option: `lrDecay` is `--lr-decay`, and `K` stays `--K` (as the papers write it). */
export const flagOf = (k: FitOptionName): string =>
  `--${k.replace(/(?<=[a-z])[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Fills in defaults and checks every given value. Values may be strings (from the command line) or the option's
 * own type; `label` names an option in messages (`--lr` on the command line, `lr` in the library).
 */
export function resolveFitOptions(
  given: Readonly<Partial<Record<FitOptionName, unknown>>>,
  label: (k: FitOptionName) => string = (k) => `option '${k}'`,
): FitSettings {
  const out: Record<string, string | number> = {};
  // Choices first: numeric defaults may depend on them (lr on the optimizer).
  const names = [...FIT_OPTION_NAMES].sort(
    (a, b) => Number(FIT_OPTIONS[b].kind === 'choice') - Number(FIT_OPTIONS[a].kind === 'choice'),
  );
  for (const k of names) {
    const spec: ChoiceSpec<string> | NumberSpec = FIT_OPTIONS[k];
    const v = given[k];
    if (spec.kind === 'choice') {
      if (v === undefined) out[k] = spec.default;
      else if (typeof v === 'string' && spec.choices.includes(v)) out[k] = v;
      else
        throw new OptionError(
          `${label(k)} must be one of ${spec.choices.join(', ')}, got ${showValue(v)}`,
        );
      continue;
    }
    if (v === undefined) {
      out[k] =
        typeof spec.default === 'number'
          ? spec.default
          : spec.default({ optimizer: out.optimizer as OptimizerName });
      continue;
    }
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n) || !spec.check(n))
      throw new OptionError(`${label(k)} must be ${spec.what}, got ${showValue(v)}`);
    out[k] = n;
  }
  return out as FitSettings;
}

/** The usage text's lines for the fit options: flag, values, help and default. */
export function fitOptionsHelp(): string[] {
  const lines: string[] = [];
  for (const k of FIT_OPTION_NAMES) {
    const spec: ChoiceSpec<string> | NumberSpec = FIT_OPTIONS[k];
    const head =
      spec.kind === 'choice'
        ? `${flagOf(k)} ${spec.choices.join('|')}`
        : `${flagOf(k)} ${spec.kind === 'int' ? 'N' : 'X'}`;
    const dflt =
      spec.kind === 'choice'
        ? spec.default
        : (spec.defaultText ?? String(typeof spec.default === 'number' ? spec.default : ''));
    lines.push(`  ${head.padEnd(34)} ${spec.help} (default ${dflt})`);
    if (spec.kind === 'choice' && spec.choiceHelp)
      for (const c of spec.choices) lines.push(`  ${''.padEnd(34)}   ${c}: ${spec.choiceHelp(c)}`);
  }
  return lines;
}
