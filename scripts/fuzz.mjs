// `npm run fuzz -- --seed N [--cases M] [--only CATS] [--stall S]`: the long fuzz run (test/fuzz). A worker process runs
// the cases and reports each; a case that stalls the worker for S seconds (default 300) or crashes it is recorded as a
// failure and the run resumes after it. Prints counts per category (tried, clean, failures) and each distinct failure
// with its (shrunk) reproduction; exits 1 if any failure is not on test/fuzz/known-open.ts's list.
import { fork, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const worker = `${root}dist/test/fuzz/main.js`;
const { addCase, describeFailure, distinct, emptyResult, tallyTable } = await import(
  `${root}dist/test/fuzz/runner.js`
);
const { CATEGORIES } = await import(`${root}dist/test/fuzz/categories.js`);
const { KNOWN_OPEN } = await import(`${root}dist/test/fuzz/known-open.js`);

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seed = Number(arg('seed', '1'));
const cases = Number(arg('cases', '20000'));
const stallMs = Number(arg('stall', '300')) * 1000;
const names = (arg('only') ?? CATEGORIES.map((c) => c.name).join(',')).split(',');
if (!Number.isInteger(seed) || !Number.isInteger(cases) || cases < 1) {
  console.error('usage: npm run fuzz -- --seed N [--cases M] [--only CATS] [--stall SECONDS]');
  process.exit(2);
}

const result = emptyResult();
const shrunk = new Map();
const t0 = Date.now();
let from = null;
let remaining = names;
console.log(`fuzzing with seed ${seed}, ${cases} cases over ${names.join(', ')}`);

/** Runs a worker until it finishes, stalls or dies; returns the case it was on when it did not finish. */
function runWorker() {
  return new Promise((resolve) => {
    const args = ['--seed', String(seed), '--cases', String(cases), '--only', remaining.join(',')];
    const child = fork(worker, from ? [...args, '--from', from] : args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let current = null;
    let last = Date.now();
    let finished = false;
    let stalled = false;
    const timer = setInterval(() => {
      if (Date.now() - last < stallMs) return;
      stalled = true;
      child.kill('SIGKILL');
    }, 1000);
    child.on('message', (m) => {
      last = Date.now();
      if (m.kind === 'env' && !m.gpu)
        console.log('(no WebGPU device: the WebGPU cases are skipped)');
      if (m.kind === 'start') current = m;
      if (m.kind === 'case') {
        addCase(result, m.rec);
        const done = [...result.tallies.values()].reduce((s, t) => s + t.tried, 0);
        if (done % 1000 === 0)
          console.log(`${done} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
      if (m.kind === 'shrunk') shrunk.set(`${m.category}#${m.index}`, m.repro);
      if (m.kind === 'done') finished = true;
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve(finished ? null : { current, stalled, code, signal });
    });
  });
}

for (;;) {
  const stop = await runWorker();
  if (stop === null) break;
  const { current } = stop;
  if (current === null || current.shrinking) {
    console.log(
      `the worker stopped ${current ? 'while shrinking' : 'before its first case'} (${stop.signal ?? stop.code})`,
    );
    break;
  }
  const show = spawnSync(
    process.execPath,
    [worker, '--seed', String(seed), '--show', `${current.category}:${current.index}`],
    { encoding: 'utf8' },
  );
  const kind = stop.stalled ? 'hang' : 'crash';
  const message = stop.stalled
    ? `no answer for ${stallMs / 1000} s: the worker was stopped`
    : `the worker died (${stop.signal ?? `exit status ${stop.code}`})`;
  addCase(result, {
    category: current.category,
    index: current.index,
    ms: 0,
    accepted: false,
    failures: [
      {
        category: current.category,
        index: current.index,
        problem: { kind, message },
        repro: show.stdout.trim(),
        known: undefined,
      },
    ],
  });
  // Resume after the case, in its category.
  from = `${current.category}:${current.index + 1}`;
  remaining = names.slice(names.indexOf(current.category));
}

console.log(
  `\n${tallyTable(result)}\n(${((Date.now() - t0) / 1000).toFixed(0)} s in all, seed ${seed})`,
);
const fresh = distinct(result.failures.filter((f) => !f.known));
const known = distinct(result.failures.filter((f) => f.known));
if (fresh.length > 0) {
  console.log(`\n${fresh.length} distinct failure${fresh.length === 1 ? '' : 's'}:`);
  for (const f of fresh)
    console.log(`\n${describeFailure(f, shrunk.get(`${f.category}#${f.index}`) ?? f.repro)}`);
}
if (known.length > 0) {
  console.log('\nknown-open (test/fuzz/known-open.ts), cases per entry:');
  for (const k of KNOWN_OPEN) {
    const n = result.failures.filter((f) => f.known === k.id).length;
    console.log(`  ${k.id}: ${n}${n === 0 ? ' (not seen in this run)' : ''}`);
  }
}
process.exit(fresh.length > 0 ? 1 : 0);
