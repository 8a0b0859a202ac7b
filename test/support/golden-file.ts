// Compares text with a committed golden file: rewritten only under UPDATE_GOLDEN=1, never created under CI.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Null when the text matches (or the golden was written); otherwise a short description of the difference. */
export function compareGolden(path: string, actual: string): string | null {
  if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(path) && !process.env.CI)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return null;
  }
  if (!existsSync(path))
    return `golden file ${path} is missing (run with UPDATE_GOLDEN=1 outside CI)`;
  const expected = readFileSync(path, 'utf8');
  if (expected === actual) return null;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const k = a.findIndex((line, i) => line !== e[i]);
  const at = k < 0 ? Math.min(a.length, e.length) : k;
  return `${path} differs at line ${at + 1}:\n  expected: ${e[at] ?? '<end>'}\n  actual:   ${a[at] ?? '<end>'}`;
}
