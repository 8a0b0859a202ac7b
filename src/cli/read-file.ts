// Reading the user's files with clear errors (a missing file is a one-line error, not a stack trace).
import { readFileSync } from 'node:fs';

export class UserError extends Error {}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : 'it cannot be read';
    throw new UserError(`cannot read the ${what} '${path}': ${why}`);
  }
}
