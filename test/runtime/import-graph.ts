// The static import graph of a compiled module (dist JS): what an app that imports it loads before any dynamic import.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface ImportGraph {
  /** Every relative module reached by static imports and re-exports, absolute paths. */
  readonly modules: readonly string[];
  /** Bare specifiers (packages, node: builtins) imported statically, with a module that imports each. */
  readonly bare: ReadonlyMap<string, string>;
  /** Specifiers imported dynamically (`import('…')` with a literal), with a module that imports each. */
  readonly dynamic: ReadonlyMap<string, string>;
  /** Modules with a top-level await (an `await` outside any function; crude: at the start of a line). */
  readonly topLevelAwait: readonly string[];
  readonly bytes: number;
  readonly lines: number;
}

const STATIC = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
const TLA = /^(?:export\s+)?(?:(?:const|let|var)\s+[^=]+=\s*)?await\b/m;

/** Walks the static imports from `entry` (a .js file), and the literal dynamic ones too when `followDynamic`. */
export function importGraph(entry: string, followDynamic = false): ImportGraph {
  const seen = new Set<string>();
  const bare = new Map<string, string>();
  const dynamic = new Map<string, string>();
  const tla: string[] = [];
  let bytes = 0;
  let lines = 0;
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    bytes += statSync(file).size;
    lines += text.split('\n').length;
    if (TLA.test(text)) tla.push(file);
    for (const m of text.matchAll(DYNAMIC)) {
      const spec = m[1]!;
      if (!dynamic.has(spec)) dynamic.set(spec, file);
      if (followDynamic && spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
    for (const m of text.matchAll(STATIC)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!bare.has(spec)) bare.set(spec, file);
    }
  };
  visit(resolve(entry));
  return { modules: [...seen], bare, dynamic, topLevelAwait: tla, bytes, lines };
}
