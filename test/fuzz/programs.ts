// Category (a): program mutants. Token and structure mutations of every seed program go through check; a sample of
// those that check is fitted for a few steps on the CPU (with the seed's data), and, given a device, has its kernels'
// WGSL validated.
import { DataText } from '../../src/api/library.js';
import type { MethodName } from '../../src/methods/method-names.js';
import { timed, type Category, type CaseOutcome, type FuzzEnv } from './category.js';
import { seeds, type Seed } from './corpus.js';
import type { Problem } from './oracle.js';
import { caseRng, type Rng } from './prng.js';
import { checkText, fitText, wgslProbe, type Probe } from './probe.js';
import { signature } from './runner.js';
import { shrinkText } from './shrink.js';
import { mutateStructure } from './structure.js';
import { mutateTokens } from './tokens.js';

const FILE = 'mutant.ppl';

/** A mutant of a seed: one to three edits, each a structure mutation or a few token edits. */
export function mutant(seed: Seed, r: Rng): string {
  let text = seed.source;
  const edits = r.chance(0.6) ? 1 : r.chance(0.6) ? 2 : 3;
  for (let k = 0; k < edits; k++) {
    const s = r.chance(0.55) ? mutateStructure(text, r) : null;
    text = s ?? mutateTokens(text, r, 2);
  }
  if (r.chance(0.02)) text = `\ufeff${text}`;
  if (r.chance(0.02)) text = text.replace(/\n/g, '\r\n');
  return text;
}

/** Integer literals large enough that lowering would unroll or allocate without bound: kept out of quick fits. */
const HUGE = /(?<![\w.])\d{5,}(?![\w.])|\d(?:\.\d+)?e\+?\d{2,}/i;

interface Plan {
  readonly seed: Seed;
  readonly text: string;
  readonly fit: { readonly options: Record<string, unknown> } | null;
  readonly wgsl: boolean;
}

function plan(index: number, env: FuzzEnv): Plan {
  const all = seeds();
  const r = caseRng(env.seed, 'programs', index);
  const seed = all[index % all.length]!;
  const text = mutant(seed, r);
  const quick = env.mode === 'quick';
  const method: MethodName = r.chance(0.8) ? 'vi' : r.pick(['mp-vi', 'rws', 'qem', 'is'] as const);
  const options = {
    backend: 'cpu',
    steps: 2 + r.int(quick ? 6 : 30),
    method,
    ...(method === 'vi'
      ? { particles: 1 + r.int(3) }
      : { K: 1 + r.int(3), importanceSamples: r.int(50), evidenceDraws: 1 + r.int(2) }),
    seed: r.int(1000),
    lr: r.pick([0.01, 0.1, 1, 1e-6, 50]),
    optimizer: r.pick(['adam', 'sgd', 'clipped-adam'] as const),
  };
  const fitOk = seed.data !== null && (!quick || !HUGE.test(text));
  return {
    seed,
    text,
    fit: fitOk && r.chance(quick ? 0.12 : 0.6) ? { options } : null,
    wgsl:
      env.gpu !== null &&
      seed.data !== null &&
      (!quick || !HUGE.test(text)) &&
      r.chance(quick ? 0.05 : 0.2),
  };
}

/** The most a check of a program of a few hundred characters may take (a blow-up in the front end, not a busy machine). */
const CHECK_BOUND_MS = 5000;

async function probe(p: Plan, text: string, env: FuzzEnv): Promise<Probe> {
  const { value: checked, ms } = await timed(() => checkText(text, FILE));
  if (ms > CHECK_BOUND_MS)
    checked.problems.push({
      kind: 'slow',
      message: `check took ${Math.round(ms)} ms, over ${CHECK_BOUND_MS} ms`,
    });
  if (!checked.accepted || checked.problems.length > 0) return checked;
  const problems: Problem[] = [];
  let accepted = true;
  if (p.fit) {
    const data = new DataText(p.seed.data!, 'data.json');
    const sources = new Map([
      [FILE, text],
      ['data.json', p.seed.data!],
    ]);
    const f = await fitText(text, FILE, data, p.fit.options, sources);
    problems.push(...f.problems);
    accepted &&= f.accepted;
  }
  if (p.wgsl && env.gpu) {
    const w = await wgslProbe(text, FILE, p.seed.data!, env.gpu);
    problems.push(...w.problems);
  }
  return { accepted, problems };
}

function repro(p: Plan, text: string): string {
  const what = [
    'check',
    ...(p.fit ? [`fit ${JSON.stringify(p.fit.options)} with the data of ${p.seed.dataFile}`] : []),
    ...(p.wgsl ? ['WGSL validation'] : []),
  ].join(', then ');
  return `mutant of ${p.seed.file} (${what}):\n${text}`;
}

export const programs: Category = {
  name: 'programs',
  boundMs: 20_000,
  async run(index, env): Promise<CaseOutcome> {
    const p = plan(index, env);
    const r = await probe(p, p.text, env);
    return { accepted: r.accepted, problems: r.problems, repro: repro(p, p.text) };
  },
  describe(index, env) {
    const p = plan(index, env);
    return repro(p, p.text);
  },
  async minimize(index, env, problem) {
    const p = plan(index, env);
    const want = signature({ category: 'programs', problem });
    const small = await shrinkText(
      p.text,
      async (t) =>
        (await probe(p, t, env)).problems.some(
          (q) => signature({ category: 'programs', problem: q }) === want,
        ),
      p.fit || p.wgsl ? 80 : 300,
    );
    return repro(p, small);
  },
};
