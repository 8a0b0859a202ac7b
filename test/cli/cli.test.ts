// The command line as a user runs it: exit statuses, diagnostics with positions, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pplc } from '../fit/cli-run.js';

const EXAMPLES = ['coin', 'eight_schools', 'linreg', 'mle', 'movielens', 'scale', 'sleep'];
const dir = mkdtempSync(join(tmpdir(), 'pplc-cli-'));
const noTrace = (s: string): void =>
  assert.not.match(s, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace leaked');

test('check: every example checks clean with its data', () => {
  for (const ex of EXAMPLES) {
    const r = pplc(['check', `examples/${ex}.ppl`, '--data', `examples/${ex}.json`]);
    assert.is(r.status, 0, `${ex}: ${r.stderr}`);
    assert.match(r.stdout, /ok/);
  }
});

test('check: a malformed program gives code, file:line:column, a caret and exit 1', () => {
  const f = join(dir, 'bad.ppl');
  writeFileSync(
    f,
    'data N: int\nmodel {\n  sample mu ~ Normal(0, 1)\n  observe y ~ Normal(mu, sigma)\n}\n',
  );
  const r = pplc(['check', f]);
  assert.is(r.status, 1);
  assert.match(r.stderr, new RegExp(`${f.replace(/[.]/g, '\\.')}:4:\\d+: error\\[E\\d{4}\\]`));
  assert.match(r.stderr, /\^/);
  assert.match(r.stderr, /sigma/);
  noTrace(r.stderr);
});

test('check: several errors are reported in one run', () => {
  const f = join(dir, 'two.ppl');
  writeFileSync(f, 'model {\n  sample a ~ Normal(0, bogus1)\n  sample b ~ Normal(0, bogus2)\n}\n');
  const r = pplc(['check', f]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /bogus1/);
  assert.match(r.stderr, /bogus2/);
  assert.match(r.stderr, /2 errors/);
});

test('check --data: a wrong data file names the member', () => {
  const f = join(dir, 'coin-bad.json');
  writeFileSync(f, '{ "N": 3, "flips": [1, 0] }');
  const r = pplc(['check', 'examples/coin.ppl', '--data', f]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /flips/);
  noTrace(r.stderr);
});

test('check --data: malformed JSON gives its position', () => {
  const f = join(dir, 'broken.json');
  writeFileSync(f, '{ "guess": 8.5,\n  "measurement": }');
  const r = pplc(['check', 'examples/scale.ppl', '--data', f]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /broken\.json:2:\d+/);
});

test('a compiler bug is an internal error asking for a report, exit 3, without a stack trace', () => {
  const r = spawnSync(process.execPath, ['bin/pplc', 'check', 'examples/scale.ppl'], {
    encoding: 'utf8',
    env: { ...process.env, PPLC_FAULT: 'internal' },
  });
  assert.is(r.status, 3);
  assert.match(r.stderr, /internal error/);
  assert.match(r.stderr, /Please report it/);
  noTrace(r.stderr);
});

test('missing files and bad usage are plain one-line errors', () => {
  const missing = pplc(['check', 'no/such/file.ppl']);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /cannot read the program 'no\/such\/file\.ppl': no such file/);
  const usage = pplc(['fit', 'examples/scale.ppl']);
  assert.is(usage.status, 2);
  assert.match(usage.stderr, /needs --data/);
  const unknown = pplc(['frobnicate']);
  assert.is(unknown.status, 2);
  const badOpt = pplc([
    'fit',
    'examples/scale.ppl',
    '--data',
    'examples/scale.json',
    '--steps',
    'many',
  ]);
  assert.is(badOpt.status, 2);
  assert.match(badOpt.stderr, /--steps must be a positive integer/);
  for (const r of [missing, usage, unknown, badOpt]) noTrace(r.stderr);
});

test('compile --emit prints every front-end and IR stage', () => {
  for (const stage of ['ast', 'typed', 'ir', 'grad']) {
    const r = pplc(['compile', 'examples/linreg.ppl', '--emit', stage]);
    assert.is(r.status, 0, `${stage}: ${r.stderr}`);
    assert.ok(r.stdout.length > 100, stage);
  }
  assert.match(pplc(['compile', 'examples/linreg.ppl', '--emit', 'grad']).stdout, /grad:beta\.loc/);
});

test('fit --json prints the documented object', () => {
  const r = pplc([
    'fit',
    'examples/scale.ppl',
    '--data',
    'examples/scale.json',
    '--backend',
    'cpu',
    '--steps',
    '50',
    '--json',
  ]);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(Object.keys(j).sort(), [
    'diagnostics',
    'latents',
    'latents_from',
    'loss',
    'params',
    'seconds',
    'steps',
  ]);
  const w = (j.latents as Record<string, Record<string, number>>).weight!;
  assert.equal(Object.keys(w).sort(), ['mean', 'q05', 'q50', 'q95', 'sd']);
  assert.ok(w.q05! < w.q50! && w.q50! < w.q95!);
  assert.equal(Object.keys(j.diagnostics as object).sort(), ['draws', 'ess', 'khat']);
});

for (const backend of ['cpu', 'webgpu'])
  test(`fit (${backend}): a divergent fit stops with an error naming the step and keeps finite params`, () => {
    const r = pplc([
      'fit',
      'examples/eight_schools.ppl',
      '--data',
      'examples/eight_schools.json',
      '--backend',
      backend,
      '--optimizer',
      'sgd',
      '--lr',
      '100',
      '--steps',
      '300',
      '--json',
    ]);
    assert.is(r.status, 1);
    assert.match(r.stderr, /diverged: .* at step \d+/);
    const j = JSON.parse(r.stdout) as { params: Record<string, unknown>; error: string };
    assert.match(j.error, /step/);
    assert.ok(JSON.stringify(j.params).length > 2);
    assert.not.match(JSON.stringify(j.params), /null/);
    noTrace(r.stderr);
  });

test('fit: an enumerated site used across its plate is an error at the site (as in Pyro)', () => {
  const f = join(dir, 'across.ppl');
  writeFileSync(
    f,
    'data N: int\ndata s: real\nmodel {\n  plate i in N {\n    sample z[i] ~ Bernoulli(0.5)\n  }\n  observe s ~ Normal(sum(z), 1)\n}\n',
  );
  const d = join(dir, 'across.json');
  writeFileSync(d, '{ "N": 2, "s": 1.5 }');
  const r = pplc(['fit', f, '--data', d, '--backend', 'cpu']);
  assert.is(r.status, 1);
  assert.match(r.stderr, /across\.ppl:5:\d+: error\[E0706\].*'z'.*plate 'i'/);
  noTrace(r.stderr);
});

test('fit --json through a shell pipe is complete (large output is flushed before exit)', () => {
  const r = spawnSync(
    'sh',
    [
      '-c',
      'bin/pplc fit examples/movielens.ppl --data examples/movielens.json --backend cpu --steps 20 --json | cat',
    ],
    { encoding: 'utf8' },
  );
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 65536, `${r.stdout.length} bytes`);
  const j = JSON.parse(r.stdout) as { latents: Record<string, unknown> };
  assert.ok('z' in j.latents);
});

test.run();
