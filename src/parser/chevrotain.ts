// Loads Chevrotain from its single-file bundle: the package entry pulls in hundreds of lodash modules (~400 ms).
import type * as Chevrotain from 'chevrotain';

type ChevrotainModule = typeof Chevrotain;

const BUNDLE = 'node_modules/chevrotain/lib/chevrotain.min.mjs';

const underNode = (): boolean =>
  (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !==
  undefined;

/** The bundle in the nearest node_modules above this file, as Node looks for packages (null if none). */
async function nearestBundle(): Promise<string | null> {
  // A variable specifier keeps bundlers from pulling node:fs into browser builds.
  const fs = 'node:fs';
  const { existsSync } = (await import(fs)) as typeof import('node:fs');
  for (let dir = new URL('./', import.meta.url); ;) {
    const candidate = new URL(BUNDLE, dir);
    if (existsSync(candidate)) return candidate.href;
    const parent = new URL('../', dir);
    if (parent.href === dir.href) return null;
    dir = parent;
  }
}

async function load(): Promise<ChevrotainModule> {
  // In a browser the page's bundler has resolved the package (and kept only what the parser uses).
  if (!underNode()) return await import('chevrotain');
  try {
    // Walking up is ~4 ms cheaper than import.meta.resolve, slow on its first bare specifier; that
    // resolves to the package entry, .../chevrotain/lib/src/api.js, next to which the bundle lies.
    const bundle =
      (await nearestBundle()) ??
      new URL('../chevrotain.min.mjs', import.meta.resolve('chevrotain')).href;
    return (await import(bundle)) as ChevrotainModule;
  } catch {
    return await import('chevrotain');
  }
}

export const chev: ChevrotainModule = await load();
