// The long fuzz run's worker: `node dist/test/fuzz/main.js --seed N --cases M [--only CATS] [--from CAT:K] [--show CAT:K]`. Runs the
// categories (M cases split in the npm-test run's proportions), sends its parent (scripts/fuzz.mjs) each case as it
// starts and each record when done, then shrinks each distinct new failure and sends the reproduction.
import { CATEGORIES, QUICK_COUNTS } from './categories.js';
import type { FuzzEnv } from './category.js';
import { describeFailure, distinct, emptyResult, runCategory, tallyTable } from './runner.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg('seed') ?? 1);
const cases = Number(arg('cases') ?? 20000);
const only = arg('only')?.split(',');
const [fromCat, fromIndex] = (arg('from') ?? ':0').split(':');
const mode = (arg('mode') ?? 'long') as FuzzEnv['mode'];
const send = (m: unknown): void => {
  if (process.send) process.send(m);
  else if ((m as { kind: string }).kind === 'shrunk') console.log(JSON.stringify(m, null, 1));
};

/** Cases per category: `cases` split as the npm-test run splits its cases. */
const total = CATEGORIES.reduce((s, c) => s + (QUICK_COUNTS[c.name] ?? 0), 0);
const countOf = (name: string): number => Math.round((cases * (QUICK_COUNTS[name] ?? 0)) / total);

// `--show CAT:K` prints case K's reproduction without running it (the parent asks after a hang or a crash).
const showing = arg('show');
if (showing !== undefined) {
  const [name, k] = showing.split(':');
  const cat = CATEGORIES.find((c) => c.name === name);
  const text = cat?.describe?.(Number(k), { seed, mode, gpu: null });
  console.log(text ?? `case ${k} of ${name} (seed ${seed})`);
  process.exit(0);
}

let gpu = null;
if (process.env.PPLC_FUZZ_GPU !== '0') {
  try {
    const { acquireGpu } = await import('../../src/runtime/gpu.js');
    gpu = await acquireGpu({ optionalFeatures: ['subgroups'] });
  } catch {
    gpu = null;
  }
}
const env: FuzzEnv = { seed, mode, gpu };
send({ kind: 'env', gpu: gpu !== null });
const result = emptyResult();
for (const c of CATEGORIES.filter((c) => !only || only.includes(c.name))) {
  const start = c.name === fromCat ? Number(fromIndex) : 0;
  await runCategory(c, env, start, Math.max(0, countOf(c.name) - start), result, {
    start: (category, index) => send({ kind: 'start', category, index }),
    done: (rec) => send({ kind: 'case', rec }),
  });
}
for (const f of distinct(result.failures)) {
  if (f.known) continue;
  const cat = CATEGORIES.find((c) => c.name === f.category)!;
  send({ kind: 'start', category: f.category, index: f.index, shrinking: true });
  const repro = await cat.minimize?.(f.index, env, f.problem).catch(() => null);
  if (repro) send({ kind: 'shrunk', category: f.category, index: f.index, repro });
}
send({ kind: 'done' });
// Run alone (not under scripts/fuzz.mjs): print the counts and failures here.
if (!process.send) {
  console.log(tallyTable(result));
  for (const f of distinct(result.failures)) console.log(`\n${describeFailure(f)}`);
}
gpu?.destroy();
process.exit(0);
