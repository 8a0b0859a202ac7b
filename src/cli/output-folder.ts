// The folder `compile -o` writes into, made one level at a time, and its files written with one-line errors: a file
// in the way, a missing or read-only parent, a system folder (a recursive mkdir under /proc never returned).
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from './read-file.js';

const why = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Makes `out` (and the folders above it that are missing), or says why it cannot. */
export function outputFolder(out: string): void {
  const missing: string[] = [];
  for (let p = resolve(out); ; p = dirname(p)) {
    let isDir: boolean | null = null;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = null;
    }
    if (isDir === false)
      throw new UserError(`cannot write into '${out}': '${p}' is a file, not a folder`);
    if (isDir === true) break;
    missing.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing)
    try {
      mkdirSync(p);
    } catch (e) {
      throw new UserError(`cannot make the output folder '${p}': ${why(e)}`);
    }
}

export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UserError(`cannot write '${path}': ${why(e)}`);
  }
}
