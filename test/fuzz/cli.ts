// Category (c): CLI misuse. Commands built from templates (check, compile, fit, simulate, help) over the sandbox's files,
// then mutated as argument lists (dropped, repeated, swapped or replaced arguments, odd values, unknown flags, `--`),
// run through the in-process main() with output captured: exit 0, 1 or 2, never 3, never a stack trace.
import type { Category, CaseOutcome, FuzzEnv } from './category.js';
import { cliProblems, thrownProblems, type Problem } from './oracle.js';
import { caseRng, type Rng } from './prng.js';
import { layout, runMain, sandbox, type Layout, type Sandbox } from './sandbox.js';
import { shrinkList } from './shrink.js';

const SITE_VALUES = [
  'weight=9',
  'weight=[1,2]',
  'nope=1',
  'weight=',
  '=1',
  'weight=abc',
  'weight=NaN',
  'z=[1,2,3]',
  'mu=1e999',
  'weight=1=2',
  'x=3',
  'z=0',
  'p=0.5',
  'sigma=-1',
  'theta=[0.2,0.3,0.5]',
  'beta=[[1]]',
  'alpha=1e300',
];

/** Values each flag may take: good ones, bad ones, and (in the long run only) costly good ones. */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  '--steps': ['0', '-1', '1e12', '1.5', 'abc', '', '3', '10', '100000001', ' 5', '0x10', '1e1'],
  '--lr': ['0', '-1', '1e300', '1e-300', 'NaN', 'Infinity', 'abc', '0.01', '1e999', '', '50'],
  '--optimizer': ['adam', 'sgd', 'clipped-adam', 'Adam', '', 'lbfgs'],
  '--method': ['vi', 'mp-vi', 'rws', 'qem', 'is', 'VI', '', 'svi'],
  '--backend': ['cpu', 'CPU', 'gpu', '', 'auto', 'webgpu'],
  '--momentum': ['0', '0.9', '1', '-0.1', 'NaN'],
  '--lr-decay': ['1', '0.5', '0', '1.1', 'NaN'],
  '--clip-norm': ['1', '0', '-1', '1e300'],
  '--particles': ['1', '2', '0', '-1', '1.5', 'abc'],
  '--K': ['1', '2', '3', '0', '-2'],
  '--qem-lr': ['0.1', '0', '1', '2'],
  '--importance-samples': ['0', '10', '-1', 'abc'],
  '--evidence-draws': ['1', '2', '0', '-1'],
  '--seed': ['0', '1', '-1', '4294967296', '4294967295', '1.5', 'abc'],
  '--draws': ['1000', '999', '0', '-1', 'abc', '1e999', '5', '20'],
  '--save': ['saved.json', 'outdir', '/dev/null', 'nodir/x.json', 'folder.ppl'],
  '--plot': ['p.svg', 'outdir', 'nodir/p.svg'],
  '--report': ['r.html', 'outdir'],
  '--condition': SITE_VALUES,
  '--do': SITE_VALUES,
  '--emit': ['ast', 'typed', 'ir', 'grad', 'plan', 'wgsl', 'ts', 'bogus', ''],
  '-o': ['outdir', 'out2/deeper', 'scale.ppl', '/dev/null', ''],
  '--runtime': ['pplc/runtime', '', './x.js', '"quoted`'],
  '--subgroup-size': ['0', '8', '129', '-1', 'abc'],
};
/** Where the commands run. */
const SANDBOX = 'in a folder of the seed programs and data (test/fuzz/sandbox.ts):';
const BOOLEAN_FLAGS = ['--json', '--prior', '--csv', '--trace'];
const UNKNOWN_FLAGS = [
  '--stpes',
  '--data=',
  '--json=1',
  '-x',
  '---steps',
  '--',
  '-',
  '--STEPS',
  '--help',
  '-h',
];
const ODD_ARGS = [
  '',
  '-',
  '--',
  '=',
  '-o',
  '--data',
  'é',
  '\u0000',
  'x'.repeat(5000),
  '../',
  '/',
  '*',
];

const FIT_FLAGS = [
  '--steps',
  '--lr',
  '--optimizer',
  '--method',
  '--momentum',
  '--lr-decay',
  '--clip-norm',
  '--particles',
  '--K',
  '--qem-lr',
  '--importance-samples',
  '--evidence-draws',
  '--seed',
  '--draws',
];

function flagValue(flag: string, r: Rng): string {
  return r.pick(VALUES[flag] ?? ['1']);
}

/** A command as a user might type it. */
function template(sb: Layout, r: Rng): string[] {
  const p = r.chance(0.92) ? r.pick(sb.programs) : { file: r.pick(sb.odd), data: null };
  const data =
    p.data !== null && r.chance(0.85)
      ? p.data
      : r.pick([...sb.odd, ...sb.programs.flatMap((q) => (q.data ? [q.data] : []))]);
  const fits = sb.fits.get(p.file) ?? [];
  const fitFile = (): string =>
    fits.length && r.chance(0.7)
      ? r.pick(fits)
      : r.pick([...sb.odd, 'scale.fit.json', 'coin.out.json']);
  const opts = (flags: readonly string[], n: number): string[] =>
    Array.from({ length: n }, () => {
      const f = r.pick(flags);
      return [f, flagValue(f, r)];
    }).flat();
  switch (r.int(10)) {
    case 0:
      return ['check', p.file, ...(r.chance(0.8) ? ['--data', data] : [])];
    case 1:
      return [
        'compile',
        p.file,
        '--emit',
        flagValue('--emit', r),
        '--data',
        data,
        ...opts(['--method', '--particles', '--optimizer', '--subgroup-size', '--K'], r.int(2)),
      ];
    case 2:
      return [
        'compile',
        p.file,
        ...(r.chance(0.5) ? ['-o', flagValue('-o', r)] : []),
        ...(r.chance(0.5) ? ['--data', data] : []),
        ...opts(['--runtime', '--method', '--particles'], r.int(2)),
      ];
    case 3:
    case 4:
    case 5:
      return [
        'fit',
        p.file,
        '--data',
        data,
        '--steps',
        String(2 + r.int(10)),
        ...opts(FIT_FLAGS, r.int(3)),
        ...(r.chance(0.4) ? ['--json'] : []),
      ];
    case 6: {
      const extra = r.pick([
        ['--save', flagValue('--save', r)],
        ['--init', fitFile()],
        ['--condition', flagValue('--condition', r)],
        ['--do', flagValue('--do', r)],
        ['--plot', flagValue('--plot', r)],
        ['--report', flagValue('--report', r)],
      ]);
      return [
        'fit',
        p.file,
        '--data',
        data,
        '--steps',
        String(2 + r.int(10)),
        ...extra,
        ...(r.chance(0.4) ? ['--json'] : []),
      ];
    }
    case 7:
    case 8:
      return [
        'simulate',
        p.file,
        ...(r.chance(0.8) ? ['--data', data] : []),
        ...(r.chance(0.6) ? ['--prior'] : ['--params', fitFile()]),
        '--draws',
        r.pick(['5', '20', '0', '-1', '1.5', 'abc']),
        ...(r.chance(0.5) ? [r.pick(['--json', '--csv', '--trace'])] : []),
        ...opts(['--seed', '--condition', '--do'], r.int(2)),
      ];
    default:
      return r.pick([
        [],
        ['--help'],
        ['help'],
        ['version'],
        ['--version'],
        ['bogus'],
        ['-h'],
        ['Fit'],
        ['check'],
        ['fit', '--help'],
      ]);
  }
}

/** One edit of an argument list. */
function mutateArgs(a: string[], r: Rng): void {
  const k = r.int(a.length + 1);
  switch (r.int(8)) {
    case 0:
      a.splice(k, 1);
      return;
    case 1:
      if (a[k] !== undefined) a.splice(k, 0, a[k]!);
      return;
    case 2: {
      const j = r.int(a.length);
      if (a[k] !== undefined && a[j] !== undefined) [a[k], a[j]] = [a[j]!, a[k]!];
      return;
    }
    case 3: {
      // A flag's value replaced by another of its values, or by any flag's.
      const flags = a.flatMap((x, i) => (x in VALUES && i + 1 < a.length ? [i] : []));
      if (flags.length) {
        const i = r.pick(flags);
        a[i + 1] = r.chance(0.6) ? flagValue(a[i]!, r) : r.pick(Object.values(VALUES).flat());
      }
      return;
    }
    case 4:
      a.splice(k, 0, r.pick(UNKNOWN_FLAGS));
      return;
    case 5:
      a.splice(k, 0, r.pick(ODD_ARGS));
      return;
    case 6: {
      // `--flag value` joined into `--flag=value`.
      const i = a.findIndex((x, j) => x.startsWith('-') && j + 1 < a.length);
      if (i >= 0) a.splice(i, 2, `${a[i]}=${a[i + 1]}`);
      return;
    }
    default: {
      const f = r.pick([...Object.keys(VALUES), ...BOOLEAN_FLAGS]);
      a.splice(k, 0, ...(BOOLEAN_FLAGS.includes(f) ? [f] : [f, flagValue(f, r)]));
    }
  }
}

/**
 * The quick run keeps every fit and simulation short and on the CPU: without these, a mutant could ask for the GPU,
 * a thousand default steps or a picture; the long run leaves them as they are.
 */
function quickGuards(a: string[]): string[] {
  if (a[0] !== 'fit' && a[0] !== 'simulate') return a;
  const out = [...a];
  const value = (f: string): string | undefined => {
    const i = out.lastIndexOf(f);
    const joined = out.filter((x) => x.startsWith(`${f}=`)).pop();
    return joined !== undefined ? joined.slice(f.length + 1) : i >= 0 ? out[i + 1] : undefined;
  };
  if (value('--backend') !== 'cpu') out.push('--backend', 'cpu');
  if (a[0] === 'fit' && value('--steps') === undefined) out.push('--steps', '5');
  return out;
}

function plan(index: number, env: FuzzEnv, sb: Layout): string[] {
  const r = caseRng(env.seed, 'cli', index);
  const a = template(sb, r);
  const edits = r.chance(0.25) ? 0 : 1 + r.int(3);
  for (let k = 0; k < edits; k++) mutateArgs(a, r);
  return env.mode === 'quick' ? quickGuards(a) : a;
}

/** The command as a shell line (a very long argument shortened: the case's index reproduces it exactly). */
const show = (argv: readonly string[]): string =>
  `pplc ${argv
    .map((x) =>
      x.length > 80 ? `${JSON.stringify(x.slice(0, 20))}...(${x.length} characters)` : x,
    )
    .map((x) => (/^[\w./=:-]+$/.test(x) ? x : JSON.stringify(x)))
    .join(' ')}`;

async function probe(
  argv: readonly string[],
  sb: Sandbox,
): Promise<{ accepted: boolean; problems: Problem[] }> {
  const run = await runMain(argv, sb.dir);
  const problems =
    run.escaped !== undefined
      ? thrownProblems(run.escaped, new Map())
      : cliProblems({ argv, ...run });
  return { accepted: run.code === 0, problems };
}

/** Case `index`'s command and its in-process exit status (the test compares it with a real bin/pplc). */
export async function cliCase(
  index: number,
  env: FuzzEnv,
): Promise<{ argv: string[]; code: number }> {
  const sb = await sandbox();
  const argv = plan(index, env, sb);
  return { argv, code: (await runMain(argv, sb.dir)).code };
}

export const cli: Category = {
  name: 'cli',
  // The long run's commands may fit on WebGPU, compiling shaders for the first time (seconds each on a busy machine).
  boundMs: 120_000,
  async run(index, env): Promise<CaseOutcome> {
    const sb = await sandbox();
    const argv = plan(index, env, sb);
    const r = await probe(argv, sb);
    return {
      ...r,
      repro: `${SANDBOX} ${show(argv)}`,
    };
  },
  describe(index, env) {
    return `${SANDBOX} ${show(plan(index, env, layout()))}`;
  },
  async minimize(index, env, problem) {
    const sb = await sandbox();
    const argv = plan(index, env, sb);
    const small = await shrinkList(
      argv,
      async (a) => (await probe(a, sb)).problems.some((q) => q.kind === problem.kind),
      { tries: 60 },
    );
    return `${SANDBOX} ${show(small)}`;
  },
};
