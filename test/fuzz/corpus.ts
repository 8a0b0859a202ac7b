// The programs the fuzzer mutates: every example, every test/programs/*.ppl and the coverage programs beside this file,
// each with its data (the large data sets shrunk to a few elements per plate, so that a mutant's fit stays short).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../../src/parser/parse.js';
import type { SizeExpr } from '../../src/parser/ast.js';

/** The repository's root (this file runs from dist/test/fuzz/). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Seed {
  /** Where it came from, relative to the root: examples/scale.ppl. */
  readonly file: string;
  readonly source: string;
  /** Its data file relative to the root, when it has one. */
  readonly dataFile: string | null;
  /** The data as JSON text, shrunk where it was large (null when the program has none). */
  readonly data: string | null;
}

/** test/programs files whose data file is not named after them. */
const DATA_OF: Readonly<Record<string, string>> = {
  'test/programs/chain_guided.ppl': 'test/programs/chain.json',
  'test/programs/corr_mvn.ppl': 'test/programs/corr.json',
  'test/programs/dirichlet_auto.ppl': 'test/programs/dirichlet_categorical.json',
  'test/programs/mixture_guided.ppl': 'examples/mixture.json',
  'test/programs/normal_mean_subsample.ppl': 'test/programs/normal_mean.json',
  'test/programs/observed_support.ppl': 'test/fuzz/programs/observed_support.json',
};

/** The most elements a shrunk plate keeps. */
const SHRINK_TO = 6;

const ppls = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ppl'))
    .sort()
    .map((f) => `${dir}/${f}`);

/**
 * Shrinks every size member above SHRINK_TO and cuts the arrays it sizes to match, reading which dimension each size
 * is from the program's data declarations. Members the program does not declare are left as they are.
 */
export function shrinkData(source: string, json: Record<string, unknown>): Record<string, unknown> {
  const program = parse(source, 'seed.ppl').program;
  if (program === null) return json;
  const out: Record<string, unknown> = { ...json };
  const cut = new Map<string, number>();
  for (const item of program.items) {
    if (item.kind !== 'DataDecl' || item.type.dims.length > 0) continue;
    const v = json[item.name.name];
    if (item.type.base === 'int' && typeof v === 'number' && v > SHRINK_TO) {
      out[item.name.name] = SHRINK_TO;
      cut.set(item.name.name, SHRINK_TO);
    }
  }
  const sliceDims = (v: unknown, dims: readonly SizeExpr[]): unknown => {
    if (!Array.isArray(v) || dims.length === 0) return v;
    const [d, ...rest] = dims;
    const n = d!.kind === 'SizeName' ? cut.get(d!.name) : undefined;
    const kept = n === undefined ? v : v.slice(0, n);
    return kept.map((x) => sliceDims(x, rest));
  };
  for (const item of program.items)
    if (item.kind === 'DataDecl' && item.type.dims.length > 0 && item.name.name in json)
      out[item.name.name] = sliceDims(json[item.name.name], item.type.dims);
  return out;
}

function load(file: string): Seed {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const named = file.replace(/\.ppl$/, '.json');
  const dataFile = DATA_OF[file] ?? (existsSync(join(ROOT, named)) ? named : null);
  if (dataFile === null) return { file, source, dataFile, data: null };
  const text = readFileSync(join(ROOT, dataFile), 'utf8');
  const small =
    text.length > 2000 ? shrinkData(source, JSON.parse(text) as Record<string, unknown>) : null;
  return { file, source, dataFile, data: small ? JSON.stringify(small) : text };
}

let cached: readonly Seed[] | undefined;

/** Every seed program, in a fixed order. */
export function seeds(): readonly Seed[] {
  cached ??= [...ppls('examples'), ...ppls('test/programs'), ...ppls('test/fuzz/programs')].map(
    load,
  );
  return cached;
}
