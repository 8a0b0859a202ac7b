// Runs fuzz categories case by case: each case under its time bound (a hang is cut off at several bounds), its problems
// sorted into new failures and known-open ones, counts per category, and a report with each failure's reproduction.
import type { Category, FuzzEnv } from './category.js';
import { knownOpen } from './known-open.js';
import type { Problem } from './oracle.js';

export interface Tally {
  tried: number;
  /** Cases with no problem (accepted or rejected properly). */
  clean: number;
  /** Inputs accepted: checked, bound, exited 0 or fitted. */
  accepted: number;
  /** Cases with a problem no known-open entry covers. */
  failures: number;
  /** Cases whose problems are all known-open. */
  knownOpen: number;
  ms: number;
}

export interface Failure {
  readonly category: string;
  readonly index: number;
  readonly problem: Problem;
  readonly repro: string;
  /** The id of the known-open entry it belongs to, if any. */
  readonly known: string | undefined;
}

/** One case's result (plain data: the long run's worker sends it to its parent). */
export interface CaseRecord {
  readonly category: string;
  readonly index: number;
  readonly ms: number;
  readonly accepted: boolean;
  readonly failures: readonly Failure[];
}

export interface RunResult {
  readonly tallies: Map<string, Tally>;
  readonly failures: Failure[];
}

export const emptyResult = (): RunResult => ({ tallies: new Map(), failures: [] });

const sleep = (ms: number): Promise<'hang'> =>
  new Promise((resolve) => {
    const t = setTimeout(() => resolve('hang'), ms);
    t.unref();
  });

/** Runs case `index` of a category under its time bound. */
export async function runCase(cat: Category, env: FuzzEnv, index: number): Promise<CaseRecord> {
  const t0 = performance.now();
  // A fault of the fuzzer itself is a failure too (it would hide the cases after it).
  const guarded = cat.run(index, env).catch((e: unknown) => ({
    accepted: false,
    problems: [
      {
        kind: 'threw' as const,
        message: `the fuzzer itself failed: ${e instanceof Error ? e.stack : String(e)}`,
        owner: 'test/fuzz',
      },
    ],
    repro: `case ${index} of ${cat.name} (seed ${env.seed})`,
  }));
  const raced = await Promise.race([guarded, sleep(cat.boundMs * 4)]);
  const ms = performance.now() - t0;
  const problems: Problem[] =
    raced === 'hang'
      ? [{ kind: 'hang', message: `no answer after ${Math.round(ms)} ms` }]
      : [...raced.problems];
  if (raced !== 'hang' && ms > cat.boundMs)
    problems.push({
      kind: 'slow',
      message: `took ${Math.round(ms)} ms, over the bound of ${cat.boundMs} ms`,
    });
  const repro =
    raced === 'hang'
      ? `case ${index} of ${cat.name} (seed ${env.seed}; run it alone to see it)`
      : raced.repro;
  return {
    category: cat.name,
    index,
    ms,
    accepted: raced !== 'hang' && raced.accepted,
    failures: problems.map((problem) => ({
      category: cat.name,
      index,
      problem,
      repro,
      known: knownOpen(cat.name, problem, repro)?.id,
    })),
  };
}

/** Adds a case's record to the counts and the failures. */
export function addCase(into: RunResult, rec: CaseRecord): void {
  let t = into.tallies.get(rec.category);
  if (!t)
    into.tallies.set(
      rec.category,
      (t = { tried: 0, clean: 0, accepted: 0, failures: 0, knownOpen: 0, ms: 0 }),
    );
  t.tried++;
  t.ms += rec.ms;
  if (rec.accepted) t.accepted++;
  if (rec.failures.length === 0) t.clean++;
  else if (rec.failures.every((f) => f.known)) t.knownOpen++;
  else t.failures++;
  into.failures.push(...rec.failures);
}

/** Runs cases [from, from + count) of a category into `into`; `onCase` hears of each before it starts and after. */
export async function runCategory(
  cat: Category,
  env: FuzzEnv,
  from: number,
  count: number,
  into: RunResult,
  onCase?: { start?(category: string, index: number): void; done?(rec: CaseRecord): void },
): Promise<void> {
  for (let index = from; index < from + count; index++) {
    onCase?.start?.(cat.name, index);
    const rec = await runCase(cat, env, index);
    addCase(into, rec);
    onCase?.done?.(rec);
  }
}

/** One line per category: tried, clean, accepted, failures, known-open, time. */
export function tallyTable(r: RunResult): string {
  const row = (name: string, t: Tally): string =>
    [
      name.padEnd(16),
      ...[t.tried, t.clean, t.accepted, t.failures, t.knownOpen].map((n, i) =>
        String(n).padStart([6, 6, 8, 8, 10][i]!),
      ),
      `${(t.ms / 1000).toFixed(1).padStart(7)} s`,
    ].join(' ');
  const total: Tally = { tried: 0, clean: 0, accepted: 0, failures: 0, knownOpen: 0, ms: 0 };
  for (const t of r.tallies.values())
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
  return [
    `${'category'.padEnd(16)} ${'tried'.padStart(6)} ${'clean'.padStart(6)} ${'accepted'.padStart(8)} ${'failures'.padStart(8)} ${'known-open'.padStart(10)} ${'time'.padStart(9)}`,
    ...[...r.tallies].map(([name, t]) => row(name, t)),
    row('total', total),
  ].join('\n');
}

/** A failure's identity: its category and kind, and its message with names and numbers blanked. */
export const signature = (f: Pick<Failure, 'category' | 'problem'>): string =>
  `${f.category}:${f.problem.kind}:${f.problem.message
    .replace(/'[^']*'/g, "'_'")
    .replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, 'N')
    .slice(0, 80)}`;

/** The failures once per signature (or known-open entry), in the order found. */
export function distinct(fs: readonly Failure[]): Failure[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const key = f.known ?? signature(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A failure as the report prints it: where, what went wrong, and the reproduction. */
export function describeFailure(f: Failure, repro = f.repro): string {
  const owner = f.problem.owner ? ` [src/${f.problem.owner}]` : '';
  const known = f.known ? ` (known-open: ${f.known})` : '';
  return `${f.category} #${f.index}: ${f.problem.kind}${owner}${known}: ${f.problem.message}\n${repro.replace(/^/gm, '    ')}`;
}
