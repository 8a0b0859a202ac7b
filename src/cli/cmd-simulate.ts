// `pplc simulate`: draws every site of a model forward (prior or posterior predictive) and prints their summaries, draws or trace.
import type { BoundData } from '../data/bound.js';
import type { CheckedProgram } from '../check/typed.js';
import { errorsOf, type Compiled } from '../pipeline/compile.js';
import type { Backend } from '../pipeline/fit-options.js';
import { isPlanUnsupported } from '../plan/unsupported.js';
import { numberOption, parseArgs, stringOption, takeRepeated, UsageError } from './args.js';
import { siteValues } from './site-values.js';
import { compileFile, printDiagnostics, Reported } from './load-files.js';
import { readText, UserError } from './read-file.js';
import { fitFileParams } from './fit-file.js';
import { simulationCsv, simulationJson, simulationTable } from './simulate-output.js';

const BOOLEANS = new Set(['prior', 'json', 'csv', 'trace']);
const KNOWN = new Set([...BOOLEANS, 'data', 'params', 'draws', 'seed', 'backend']);
const BACKENDS: readonly Backend[] = ['auto', 'cpu', 'webgpu'];
/** The most draws a simulation takes (as a fit's --draws): 1e300 would never return. */
const MAX_DRAWS = 10_000_000;

export async function runSimulate(argv: readonly string[]): Promise<number> {
  const cond = takeRepeated(argv, 'condition');
  const fixed = takeRepeated(cond.rest, 'do');
  const condition = siteValues('condition', cond.values);
  const doValues = siteValues('do', fixed.values);
  const args = parseArgs(fixed.rest, BOOLEANS, KNOWN);
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('simulate takes one program file');
  const prior = args.options.has('prior');
  const paramsFile = stringOption(args, 'params');
  if (prior === (paramsFile !== undefined))
    throw new UsageError(
      'simulate needs exactly one of --prior (draw the latents from the model) and --params FIT.json (from the fitted guide)',
    );
  if (args.options.has('json') && args.options.has('csv'))
    throw new UsageError('simulate takes one of --json and --csv');
  const draws = numberOption(
    args,
    'draws',
    1000,
    (n) => Number.isInteger(n) && n >= 1 && n <= MAX_DRAWS,
    `a positive integer up to ${MAX_DRAWS}`,
  );
  const seed = numberOption(
    args,
    'seed',
    0,
    (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
    'an integer from 0 to 2^32 - 1',
  );
  const backend = (stringOption(args, 'backend') ?? 'auto') as Backend;
  if (!BACKENDS.includes(backend))
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${backend}'`);
  const dataFile = stringOption(args, 'data');
  try {
    const c = await compileFile(file, { until: 'typed' });
    const params = paramsFile
      ? fitFileParams(readText(paramsFile, 'fit file'), paramsFile, c.source)
      : {};
    const given = await simulationData(c.typed!, c.source, dataFile);
    const { checked, data } = await intervened(c, given, dataFile, condition, doValues);
    const [{ SimulateError }, { simulateOn }] = await Promise.all([
      import('../infer/simulate.js'),
      import('../pipeline/simulate-run.js'),
    ]);
    let sim;
    try {
      const req = { checked, data, from: prior ? 'prior' : 'guide', params, draws, seed } as const;
      const run = await simulateOn(req, backend, file);
      if (run.note) process.stderr.write(`pplc: note: simulated on the CPU: ${run.note}\n`);
      sim = run.sim;
    } catch (e) {
      if (e instanceof SimulateError) throw new UserError(`${paramsFile}: ${e.message}`);
      if (isPlanUnsupported(e)) throw new UserError(e.message);
      throw e;
    }
    const trace = args.options.has('trace');
    const how = { file, from: prior ? ('prior' as const) : ('posterior' as const), seed, trace };
    if (args.options.has('json'))
      process.stdout.write(JSON.stringify(simulationJson(sim, trace)) + '\n');
    else if (args.options.has('csv')) process.stdout.write(simulationCsv(sim, trace));
    else process.stdout.write(simulationTable(sim, how));
    return 0;
  } catch (e) {
    if (e instanceof Reported) return 1;
    throw e;
  }
}

/** The program and data with the conditioned and intervened sites made data (unchanged without any). */
async function intervened(
  c: Compiled,
  data: BoundData,
  dataFile: string | undefined,
  condition: Readonly<Record<string, unknown>>,
  fixed: Readonly<Record<string, unknown>>,
): Promise<{ checked: CheckedProgram; data: BoundData }> {
  const { bindIntervened, interventionList, InterventionError } =
    await import('../pipeline/intervene.js');
  const ivs = interventionList(condition, fixed);
  if (ivs.length === 0) return { checked: c.typed!, data };
  const name = dataFile ?? '(no --data)';
  const text = dataFile === undefined ? '{}' : readText(dataFile, 'data file');
  let r;
  try {
    r = bindIntervened(c.ast!, c.typed!, ivs, JSON.parse(text), name, data.sizes, {
      observedOptional: true,
    });
  } catch (e) {
    if (e instanceof InterventionError) throw new UserError(e.message);
    throw e;
  }
  if ('diagnostics' in r) {
    printDiagnostics(
      r.diagnostics,
      new Map([
        [c.file, c.source],
        [name, text],
      ]),
    );
    throw new Reported();
  }
  return { checked: r.program, data: r.bound };
}

/** The data file (or none: an empty object), checked with the observed sites' members optional. */
async function simulationData(
  checked: CheckedProgram,
  source: string,
  dataFile: string | undefined,
): Promise<BoundData> {
  const { loadData } = await import('../data/load.js');
  const name = dataFile ?? '(no --data)';
  const text = dataFile === undefined ? '{}' : readText(dataFile, 'data file');
  const v = loadData(checked, text, name, { observedOptional: true });
  printDiagnostics(
    v.diagnostics,
    new Map([
      [checked.file, source],
      [name, text],
    ]),
  );
  if (!v.data || errorsOf(v).length > 0) throw new Reported();
  return v.data;
}
