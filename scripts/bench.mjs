#!/usr/bin/env node
// `npm run bench`: times pplc fits per case and backend, the TF.js-wasm peer and the hand-fused kernel; prints one JSON object.
// Usage: node scripts/bench.mjs [--case NAME]... [--backend webgpu|cpu|tfjs-wasm|handfused]... [--quick]
//   --quick: a tenth of the steps (timings per step still comparable; fits not expected to converge).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
process.env.XDG_RUNTIME_DIR ??= '/tmp/pplc-xdg';
mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true });

const argv = process.argv.slice(2);
const many = (flag) => argv.flatMap((a, i) => (argv[i - 1] === flag ? [a] : []));
const quick = argv.includes('--quick');
const wantCases = many('--case');
const wantBackends = many('--backend');

/** Deterministic synthetic logistic regression, N x P, written once per temp dir. */
function logisticCase() {
  const N = 100000;
  const P = 50;
  const dir = join(tmpdir(), 'pplc-bench');
  mkdirSync(dir, { recursive: true });
  const ppl = join(dir, 'logistic.ppl');
  const data = join(dir, `logistic-${N}x${P}.json`);
  writeFileSync(
    ppl,
    `// logistic.ppl — synthetic logistic regression for benchmarking (N = ${N}, P = ${P}).
data N: int
data P: int
data x: real[N, P]
data y: int[N]

model {
  sample b0 ~ Normal(0, 10)
  plate j in P {
    sample w[j] ~ Normal(0, 1)
  }
  plate i in N {
    observe y[i] ~ Bernoulli(logits = b0 + dot(x[i], w))
  }
}

guide = AutoNormal
`,
  );
  if (!existsSync(data)) {
    // An LCG (not Math.random) so the file is the same on every machine.
    let s = 12345;
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const w = Array.from({ length: P }, (_, j) => Math.round(Math.sin(j + 1) * 100) / 100);
    const rows = [];
    const ys = [];
    for (let i = 0; i < N; i++) {
      const row = Array.from({ length: P }, () => Math.round((rnd() * 2 - 1) * 1000) / 1000);
      let eta = 0.5;
      for (let j = 0; j < P; j++) eta += row[j] * w[j];
      rows.push(row);
      ys.push(rnd() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    writeFileSync(data, JSON.stringify({ N, P, x: rows, y: ys }));
  }
  return { ppl, data };
}

const ex = (name) => ({
  ppl: join(root, 'examples', `${name}.ppl`),
  data: join(root, 'examples', `${name}.json`),
});
const CASES = {
  scale: {
    files: () => ex('scale'),
    steps: 2500,
    optimizer: 'sgd',
    lr: 0.001,
    extra: ['--momentum', '0.1'],
  },
  linreg: { files: () => ex('linreg'), steps: 30000, optimizer: 'adam', lr: 0.01, extra: [] },
  eight_schools: {
    files: () => ex('eight_schools'),
    steps: 5000,
    optimizer: 'adam',
    lr: 0.01,
    extra: [],
  },
  logistic_100k: { files: logisticCase, steps: 1000, optimizer: 'adam', lr: 0.01, extra: [] },
  // Seed 004's movielens by its massively parallel methods, 2000 iterations, Adam lr 0.01. `peer_ms_per_step`:
  // seed 004's implementation on the same 2-core machine (the issue's figures; it materialises every combination).
  ...Object.fromEntries(
    [3, 10, 30].flatMap((K) =>
      ['mp-vi', 'rws', 'qem'].map((m) => [
        `movielens_${m}_K${K}`,
        {
          files: () => ex('movielens'),
          steps: 2000,
          optimizer: 'adam',
          lr: 0.01,
          extra: ['--method', m, '--K', String(K), '--evidence-draws', '20'],
          peer: {
            10: { 'mp-vi': 26.8, rws: 13.6, qem: 23.6 },
            30: { 'mp-vi': 606, rws: 213, qem: 400 },
          }[K]?.[m],
        },
      ]),
    ),
  ),
};

const firstLine = (s) =>
  (s || '')
    .trim()
    .split('\n')
    .find((l) => l.trim() !== '' && !l.startsWith('Warning:')) ?? '';

function runCli(name, c, backend) {
  const steps = quick ? Math.max(1, Math.round(c.steps / 10)) : c.steps;
  const base = { case: name, backend, steps };
  let files;
  try {
    files = c.files();
  } catch (e) {
    return { ...base, ok: false, error: firstLine(String(e)) };
  }
  const args = [
    join(root, 'bin/pplc'),
    'fit',
    files.ppl,
    '--data',
    files.data,
    '--backend',
    backend,
    '--steps',
    String(steps),
    '--optimizer',
    c.optimizer,
    '--lr',
    String(c.lr),
    ...c.extra,
    '--json',
  ];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: 20 * 60 * 1000,
  });
  const processSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    return {
      ...base,
      process_seconds: round(processSeconds),
      ok: false,
      error: firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.status ?? r.signal}`,
    };
  try {
    const out = JSON.parse(r.stdout);
    return {
      ...base,
      ms_per_step: round((out.seconds * 1000) / out.steps),
      fit_seconds: round(out.seconds),
      process_seconds: round(processSeconds),
      loss: out.loss,
      // Where the fit ran (auto falls back to the CPU when the plan is too large for the kernels).
      ran_on: firstLine(r.stderr).includes('fitted on the CPU') ? 'cpu' : backend,
      ...(out.gpu_bytes === undefined ? {} : { gpu_mb: round(out.gpu_bytes / 2 ** 20) }),
      ...(out.log_evidence ? { log_evidence: out.log_evidence } : {}),
      ...(c.peer === undefined ? {} : { peer_ms_per_step: c.peer }),
      ok: true,
    };
  } catch {
    return {
      ...base,
      process_seconds: round(processSeconds),
      ok: false,
      error: `unparsable output: ${firstLine(r.stdout)}`,
    };
  }
}

function runScript(script, args, label) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    timeout: 20 * 60 * 1000,
  });
  const processSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    return {
      case: 'linreg',
      backend: label,
      ok: false,
      process_seconds: round(processSeconds),
      error: firstLine(r.stderr),
    };
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  const { case: _script, backend: _b, seconds, ms_per_step, steps, ok, ...rest } = out;
  return {
    case: 'linreg',
    backend: label,
    steps,
    ms_per_step,
    fit_seconds: seconds,
    process_seconds: round(processSeconds),
    // The peer's figure is a timing (possibly extrapolated), not a converged fit: ok means it ran.
    ok: ok ?? true,
    ...rest,
  };
}

const round = (x) => Number(x.toPrecision(4));
const results = [];
const caseNames = wantCases.length ? wantCases : Object.keys(CASES);
const backends = wantBackends.length ? wantBackends : ['webgpu', 'cpu', 'tfjs-wasm', 'handfused'];
for (const name of caseNames) {
  const c = CASES[name];
  if (!c) {
    results.push({
      case: name,
      ok: false,
      error: `unknown case (known: ${Object.keys(CASES).join(', ')})`,
    });
    continue;
  }
  for (const b of backends) {
    if (b === 'webgpu' || b === 'cpu') results.push(runCli(name, c, b));
    else if (name !== 'linreg')
      continue; // the peer and the hand-fused kernel exist for linreg only
    else if (b === 'handfused')
      results.push(
        runScript(
          'bench/linreg-handfused.mjs',
          ['--steps', String(quick ? 3000 : 30000)],
          'handfused-webgpu',
        ),
      );
    else if (b === 'tfjs-wasm')
      results.push(
        runScript('bench/linreg-tfjs.mjs', quick ? ['--steps', '300'] : [], 'tfjs-wasm'),
      );
  }
}
console.log(
  JSON.stringify(
    {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      quick,
      results,
    },
    null,
    1,
  ),
);
