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

/** The params of a FIT.json saved from this very program (its text's hash must match). */
export function loadFitFile(
  path: string,
  program: { readonly file: string; readonly source: string },
): Readonly<Record<string, unknown>> {
  const text = readText(path, 'fit file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`the fit file '${path}' is not JSON (write one with pplc fit --save)`);
  }
  const f = json as Partial<FitFile> | null;
  if (f === null || typeof f !== 'object' || f.pplc_fit !== VERSION)
    throw new UserError(
      `'${path}' is not a fit file of this pplc (no "pplc_fit": ${VERSION}; write one with pplc fit --save)`,
    );
  if (f.program_hash !== programHash(program.source))
    throw new UserError(
      `the fit file '${path}' was fitted to another program (${f.program ?? 'unknown'}), not to ${program.file} as it is now`,
    );
  if (f.params === null || typeof f.params !== 'object' || Array.isArray(f.params))
    throw new UserError(`the fit file '${path}' has no "params" object`);
  return f.params;
}
