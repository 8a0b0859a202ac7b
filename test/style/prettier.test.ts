// Every TypeScript source and test file is formatted as prettier (with the project's config) formats it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('src and test are prettier-formatted', async () => {
  const bad: string[] = [];
  for (const f of [...walk('src'), ...walk('test')]) {
    const text = readFileSync(f, 'utf8');
    const options = (await resolveConfig(f)) ?? {};
    if ((await format(text, { ...options, filepath: f })) !== text) bad.push(f);
  }
  assert.equal(bad, [], `run npm run format: ${bad.join(', ')}`);
});

test.run();
