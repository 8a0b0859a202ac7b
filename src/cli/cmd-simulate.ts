// `pplc simulate`: draws every site of a model forward (prior or posterior predictive) and prints their summaries, draws or trace.
import { createHash } from 'node:crypto';
import type { BoundData } from '../data/bound.js';
import type { CheckedProgram } from '../check/typed.js';
import { errorsOf } from '../pipeline/compile.js';
import { numberOption, parseArgs, stringOption, UsageError } from './args.js';
import { compileFile, printDiagnostics, Reported } from './load-files.js';
import { readText, UserError } from './read-file.js';
import { simulationCsv, simulationJson, simulationTable } from './simulate-output.js';

const BOOLEANS = new Set(['prior', 'json', 'csv', 'trace']);
const KNOWN = new Set([...BOOLEANS, 'data', 'params', 'draws', 'seed']);

/** The params of a FIT.json (`fit --save`'s file, or `fit --json`'s output), checked against the program. */
export function fitParams(text: string, fitFile: string, source: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${fitFile}: not a JSON file (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new UserError(`${fitFile}: expected a JSON object with a "params" member`);
  const o = json as Record<string, unknown>;
  if ('pplc_fit' in o && o.pplc_fit !== 1)
    throw new UserError(
      `${fitFile}: "pplc_fit" is ${JSON.stringify(o.pplc_fit)}; this pplc reads version 1`,
    );
  if ('program_hash' in o) {
    const hash = createHash('sha256').update(source).digest('hex');
    if (o.program_hash !== hash)
      throw new UserError(
        `${fitFile} was fitted to another program: its "program_hash" is not the SHA-256 of this program's text`,
      );
  }
  const params = o.params;
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw new UserError(`${fitFile}: "params" must be an object of param values`);
  return params as Record<string, unknown>;
}

export async function runSimulate(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, BOOLEANS, KNOWN);
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
    (n) => Number.isInteger(n) && n >= 1,
    'a positive integer',
  );
  const seed = numberOption(
    args,
    'seed',
    0,
    (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
    'an integer from 0 to 2^32 - 1',
  );
  const dataFile = stringOption(args, 'data');
  try {
    const c = await compileFile(file, { until: 'typed' });
    const checked = c.typed!;
    const params = paramsFile
      ? fitParams(readText(paramsFile, 'fit file'), paramsFile, c.source)
      : {};
    const data = await simulationData(checked, c.source, dataFile);
    const { simulate, SimulateError } = await import('../infer/simulate.js');
    let sim;
    try {
      sim = simulate({ checked, data, from: prior ? 'prior' : 'guide', params, draws, seed });
    } catch (e) {
      if (e instanceof SimulateError) throw new UserError(`${paramsFile}: ${e.message}`);
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
