// The npm-test portion of the fuzz suite (issue 12): over 3000 seeded cases of mutated programs, bad data, CLI and
// library misuse and numeric faults on both backends. Each case must raise no undocumented exception, give diagnostics
// with a code and a position (or a named data member), exit 0, 1 or 2 without a stack trace, stay within its time bound
// and never report a non-finite loss as a success. Failures on test/fuzz/known-open.ts's list are reported apart;
// `npm run fuzz -- --seed N` runs more.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { CATEGORIES, QUICK_COUNTS } from './categories.js';
import type { FuzzEnv } from './category.js';
import { KNOWN_OPEN } from './known-open.js';
import { cliProblems } from './oracle.js';
import { describeFailure, distinct, emptyResult, runCategory, tallyTable } from './runner.js';
import { ROOT, seeds } from './corpus.js';
import { compile } from '../../src/pipeline/compile.js';
import { loadData } from '../../src/data/load.js';
import { DISTRIBUTIONS } from '../../src/distributions/table.js';
import { AUTOGUIDES, CONSTRAINTS } from '../../src/check/builtins.js';
import type { Stmt } from '../../src/parser/ast.js';
import { cliCase } from './cli.js';
import { sandbox } from './sandbox.js';
import type { GpuContext } from '../../src/runtime/gpu.js';

const SEED = 20250612;

async function device(): Promise<GpuContext | null> {
  try {
    const { acquireGpu } = await import('../../src/runtime/gpu.js');
    return await acquireGpu({ optionalFeatures: ['subgroups'] });
  } catch {
    return null;
  }
}

test('the seeds check with their data and cover every statement, family, constraint and guide', async () => {
  const kinds = new Set<string>();
  const families = new Set<string>();
  const guides = new Set<string>(['guide block']);
  const constraints = new Set<string>();
  const walk = (body: readonly Stmt[]): void => {
    for (const s of body) {
      kinds.add(
        s.kind === 'Plate' && s.subsample
          ? 'Plate subsample'
          : s.kind === 'If' && s.else
            ? 'If else'
            : s.kind,
      );
      if (s.kind === 'Sample' || s.kind === 'Observe') families.add(s.dist.name.name);
      if (s.kind === 'Param') constraints.add(s.constraint?.name.name ?? 'real');
      if (s.kind === 'Plate' || s.kind === 'Group') walk(s.body);
      if (s.kind === 'If') walk([...s.then, ...(s.else ?? [])]);
    }
  };
  for (const seed of seeds()) {
    const c = await compile(seed.source, seed.file, { until: 'typed' });
    assert.ok(c.typed, `${seed.file}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
    if (seed.data !== null) {
      const v = loadData(c.typed!, seed.data, seed.dataFile!);
      assert.ok(v.data, `${seed.dataFile}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
    }
    for (const item of c.ast!.items) {
      if (item.kind === 'Model' || item.kind === 'Guide') walk(item.body);
      if (item.kind === 'AutoGuide') guides.add(item.name.name);
    }
  }
  const missing = (want: Iterable<string>, have: Set<string>): string[] =>
    [...want].filter((w) => !have.has(w));
  assert.equal(
    missing(
      ['Let', 'Sample', 'Observe', 'Param', 'Plate', 'Plate subsample', 'Group', 'If', 'If else'],
      kinds,
    ),
    [],
  );
  assert.equal(missing(DISTRIBUTIONS.keys(), families), []);
  assert.equal(missing(CONSTRAINTS, constraints), []);
  assert.equal(missing(AUTOGUIDES, guides), []);
});

test('the fuzz run: at least 3000 cases, no failure that is not known-open', async () => {
  const t0 = Date.now();
  const gpu = await device();
  const env: FuzzEnv = { seed: SEED, mode: 'quick', gpu };
  const result = emptyResult();
  try {
    for (const c of CATEGORIES) await runCategory(c, env, 0, QUICK_COUNTS[c.name] ?? 0, result);
  } finally {
    gpu?.destroy();
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `\n${tallyTable(result)}\n(${seconds.toFixed(1)} s${gpu ? '' : '; no WebGPU device: its cases skipped'})`,
  );
  const known = result.failures.filter((f) => f.known);
  if (known.length > 0) {
    console.log('known-open (test/fuzz/known-open.ts), cases per entry:');
    for (const k of KNOWN_OPEN)
      console.log(`  ${k.id}: ${known.filter((f) => f.known === k.id).length}`);
  }
  const fresh = distinct(result.failures.filter((f) => !f.known));
  const tried = [...result.tallies.values()].reduce((s, t) => s + t.tried, 0);
  assert.ok(tried >= 3000, `${tried} cases`);
  assert.ok(
    fresh.length === 0,
    `${fresh.length} distinct failures:\n\n${fresh
      .slice(0, 20)
      .map((f) => describeFailure(f))
      .join('\n\n')}`,
  );
});

test('a few commands through the real bin/pplc: the same exit status as in-process, no stack trace', async () => {
  const sb = await sandbox();
  for (const index of [3, 11, 19, 27, 35]) {
    const { argv, code } = await cliCase(index, { seed: SEED, mode: 'quick', gpu: null });
    const r = spawnSync(process.execPath, [`${ROOT}bin/pplc`, ...argv], {
      cwd: sb.dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const run = { argv, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    assert.equal(cliProblems(run), [], `${argv.join(' ')}: ${r.stderr}`);
    assert.is(
      run.code,
      code,
      `${argv.join(' ')}: in-process ${code}, spawned ${run.code}: ${r.stderr}`,
    );
  }
});

test.run();
