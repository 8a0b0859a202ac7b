// `pplc fit`: fits a program to data by SVI and prints a posterior summary (or one JSON object with --json).
import {
  DEFAULT_OPTIMIZER,
  type OptimizerConfig,
  type OptimizerName,
} from '../optim/optimizers.js';
import { choiceOption, numberOption, parseArgs, stringOption, UsageError } from './args.js';
import { loadProgram, Reported } from './load-files.js';
import { progressBar } from './progress.js';
import { renderReport } from './report.js';
import { fitResultJson } from '../infer/result-json.js';
import type { FitOptions, FitResult } from '../infer/fit-result.js';
import { prepareFit } from '../infer/prepare.js';
import { isPlanUnsupported, runFit as runBackend } from '../infer/backend.js';
import { UserError } from './read-file.js';

const BOOLS = new Set(['json']);
const KNOWN = new Set([
  'data',
  'backend',
  'steps',
  'optimizer',
  'lr',
  'momentum',
  'lr-decay',
  'particles',
  'seed',
  'draws',
  'json',
  'clip-norm',
]);

export async function runFit(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, BOOLS, KNOWN);
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('fit takes one program file');
  const dataFile = stringOption(args, 'data');
  if (dataFile === undefined) throw new UsageError('fit needs --data DATA.json');
  const backend = choiceOption(args, 'backend', ['auto', 'cpu', 'webgpu'] as const, 'auto');
  const int = (n: number): boolean => Number.isInteger(n) && n >= 1;
  const name = choiceOption<OptimizerName>(
    args,
    'optimizer',
    ['adam', 'sgd', 'clipped-adam'],
    'adam',
  );
  const optimizer: OptimizerConfig = {
    ...DEFAULT_OPTIMIZER,
    name,
    lr: numberOption(args, 'lr', name === 'sgd' ? 0.001 : 0.01, (n) => n > 0, 'a positive number'),
    momentum: numberOption(args, 'momentum', 0, (n) => n >= 0 && n < 1, 'in [0, 1)'),
    lrDecay: numberOption(args, 'lr-decay', 1, (n) => n > 0 && n <= 1, 'in (0, 1]'),
    clipNorm: numberOption(args, 'clip-norm', 10, (n) => n > 0, 'a positive number'),
  };
  const steps = numberOption(args, 'steps', 1000, int, 'a positive integer');
  const json = args.options.has('json');
  const progress = json ? null : progressBar(steps);
  const opts: FitOptions = {
    steps,
    optimizer,
    particles: numberOption(args, 'particles', 1, int, 'a positive integer'),
    seed: numberOption(
      args,
      'seed',
      0,
      (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
      'an integer in [0, 2^32)',
    ),
    draws: numberOption(
      args,
      'draws',
      1000,
      (n) => int(n) && n >= 1000,
      'an integer of at least 1000',
    ),
    progressEvery: Math.max(1, Math.floor(steps / 100)),
    ...(progress ? { onProgress: (s: number, l: number) => progress.update(s, l) } : {}),
  };
  let loaded;
  try {
    loaded = await loadProgram(file, dataFile);
  } catch (e) {
    if (e instanceof Reported) return 1;
    throw e;
  }
  if (!loaded.data) throw new UserError('no data was bound');
  const prep = prepareFit(loaded.checked, loaded.data, opts.particles);
  let result: FitResult;
  try {
    const run = await runBackend(prep, backend, opts);
    result = run.result;
    if (run.note) process.stderr.write(`pplc: note: fitted on the CPU: ${run.note}\n`);
  } catch (e) {
    if (isPlanUnsupported(e)) throw new UserError(`${e.message}; use --backend cpu`);
    throw e;
  } finally {
    progress?.done();
  }
  if (json) process.stdout.write(JSON.stringify(fitResultJson(result)) + '\n');
  else process.stdout.write(renderReport(result, file));
  if (result.divergence) {
    process.stderr.write(
      `pplc: error: the fit diverged: ${result.divergence.message}; the parameters shown are the last finite ones. Try a smaller --lr.\n`,
    );
    return 1;
  }
  return 0;
}
