// FIT.json: a fit's constrained params with the hash of the program they were fitted to and the settings used
// (`pplc fit --save`), and reading it back for `--init`, a foreign or malformed file being a one-line error.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { readText, UserError } from './read-file.js';

/** The format's version, the first member of every FIT.json. */
const VERSION = 1;

export interface FitFile {
  readonly pplc_fit: typeof VERSION;
  /** sha256 of the program's text: params fitted to another program do not start this one. */
  readonly program_hash: string;
  readonly program: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Constrained, as `fit --json` prints them. */
  readonly params: Readonly<Record<string, unknown>>;
}

export const programHash = (source: string): string =>
  createHash('sha256').update(source).digest('hex');

export function saveFitFile(
  path: string,
  program: { readonly file: string; readonly source: string },
  settings: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>>,
): void {
  const out: FitFile = {
    pplc_fit: VERSION,
    program_hash: programHash(program.source),
    program: program.file,
    settings,
    params,
  };
  try {
    writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot write the fit file '${path}': ${code ?? 'write failed'}`);
  }
}

/** The params of a FIT.json (`fit --save`'s file, or `fit --json`'s output), checked against the program. */
export function fitFileParams(
  text: string,
  fitFile: string,
  source: string,
): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${fitFile}: not a JSON file (${(e as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new UserError(`${fitFile}: expected a JSON object with a "params" member`);
  const o = json as Record<string, unknown>;
  if ('pplc_fit' in o && o.pplc_fit !== VERSION)
    throw new UserError(
      `${fitFile}: "pplc_fit" is ${JSON.stringify(o.pplc_fit)}; this pplc reads version ${VERSION}`,
    );
  if ('program_hash' in o) {
    if (o.program_hash !== programHash(source))
      throw new UserError(
        `${fitFile} was fitted to another program${typeof o.program === 'string' ? ` (${o.program})` : ''}: its "program_hash" is not the SHA-256 of this program's text`,
      );
  }
  const params = o.params;
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw new UserError(`${fitFile}: "params" must be an object of param values`);
  return params as Record<string, unknown>;
}

/** The params of a FIT.json (`--save`'s, or `fit --json`'s output) for this program. */
export function loadFitFile(
  path: string,
  program: { readonly file: string; readonly source: string },
): Readonly<Record<string, unknown>> {
  return fitFileParams(readText(path, 'fit file'), path, program.source);
}
