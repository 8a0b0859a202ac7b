// `pplc simulate` as a user runs it: its JSON, CSV and table outputs, FIT.json handling and its errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pplc } from '../fit/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-sim-'));
const noTrace = (s: string): void =>
  assert.not.match(s, /^\s+at .+:\d+:\d+\)?$/m, 'a stack trace leaked');
const write = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
// The observed member left out: simulation draws it.
const DATA = write('scale-sizes.json', '{ "guess": 8.5 }');
const SOURCE = readFileSync('examples/scale.ppl', 'utf8');
const HASH = createHash('sha256').update(SOURCE).digest('hex');
const SAVED = write(
  'saved.json',
  JSON.stringify({ pplc_fit: 1, program_hash: HASH, settings: {}, params: { a: 9.14, b: 0.6 } }),
);

test('--json: draws and per-site mean, sd, q05, q50, q95 (nested over plates), observed sites included', () => {
  const r = pplc([
    'simulate',
    'examples/scale.ppl',
    '--data',
    DATA,
    '--prior',
    '--draws',
    '500',
    '--json',
  ]);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.draws, 500);
  assert.equal(Object.keys(j.sites), ['weight', 'measurement']);
  assert.equal(Object.keys(j.sites.measurement), ['mean', 'sd', 'q05', 'q50', 'q95']);
  assert.ok(Math.abs(j.sites.weight.mean - 8.5) < 0.2);
  const coin = pplc([
    'simulate',
    'examples/coin.ppl',
    '--data',
    write('n.json', '{"N": 4}'),
    '--prior',
    '--draws',
    '100',
    '--json',
  ]);
  assert.is(coin.status, 0, coin.stderr);
  const c = JSON.parse(coin.stdout);
  assert.is(c.sites.flips.mean.length, 4);
});

test("--params with fit --save's file (matching program_hash) and --trace: per draw each site's value and log_prob, their sum", () => {
  const r = pplc([
    'simulate',
    'examples/scale.ppl',
    '--data',
    DATA,
    '--params',
    SAVED,
    '--draws',
    '50',
    '--json',
    '--trace',
  ]);
  assert.is(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.is(j.trace.length, 50);
  for (const t of j.trace) {
    const sum = t.sites.weight.log_prob + t.sites.measurement.log_prob;
    assert.ok(Math.abs(sum - t.log_prob_sum) < 1e-9);
    assert.type(t.sites.measurement.value, 'number');
  }
});

test('--params accepts a plain fit --json output', () => {
  const fit = pplc([
    'fit',
    'examples/scale.ppl',
    '--data',
    'examples/scale.json',
    '--json',
    '--backend',
    'cpu',
    '--steps',
    '300',
  ]);
  assert.is(fit.status, 0, fit.stderr);
  const f = write('fit.json', fit.stdout);
  const r = pplc([
    'simulate',
    'examples/scale.ppl',
    '--data',
    'examples/scale.json',
    '--params',
    f,
    '--draws',
    '200',
  ]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /posterior predictive/);
  assert.match(r.stdout, /measurement\s+observed/);
});

test('--csv: a header of site elements, then one row per draw', () => {
  const r = pplc([
    'simulate',
    'examples/coin.ppl',
    '--data',
    write('n3.json', '{"N": 3}'),
    '--prior',
    '--draws',
    '7',
    '--csv',
    '--trace',
  ]);
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, 8);
  assert.is(lines[0], 'p,flips[0],flips[1],flips[2],log_prob:p,log_prob:flips,log_prob_sum');
  for (const l of lines.slice(1)) {
    const cells = l.split(',').map(Number);
    assert.is(cells.length, 7);
    assert.ok(cells[0]! > 0 && cells[0]! < 1);
    assert.ok(Math.abs(cells[4]! + cells[5]! - cells[6]!) < 1e-9);
  }
});

test('the table: one row per site element with its kind', () => {
  const r = pplc([
    'simulate',
    'examples/scale.ppl',
    '--data',
    DATA,
    '--prior',
    '--draws',
    '300',
    '--seed',
    '4',
  ]);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /300 draws, prior predictive, seed 4/);
  assert.match(r.stdout, /site\s+kind\s+mean\s+sd\s+5%\s+50%\s+95%/);
  assert.match(r.stdout, /weight\s+latent\s+8\.\d{3}/);
  assert.match(r.stdout, /measurement\s+observed/);
});

test('--backend webgpu: the CSV trace of the CPU (float32 against float64: within 1e-4 relative), no note', () => {
  const run = (backend: string) =>
    pplc([
      'simulate',
      'examples/sleep.ppl',
      '--prior',
      '--draws',
      '300',
      '--seed',
      '6',
      '--csv',
      '--trace',
      '--backend',
      backend,
    ]);
  const [cpu, gpu] = [run('cpu'), run('webgpu')];
  assert.is(cpu.status, 0, cpu.stderr);
  assert.is(gpu.status, 0, gpu.stderr);
  assert.not.match(gpu.stderr, /note/);
  const rows = (s: string) => s.trim().split('\n');
  const [c, g] = [rows(cpu.stdout), rows(gpu.stdout)];
  assert.is(g.length, 301);
  assert.is(g[0], c[0]);
  for (let i = 1; i < c.length; i++) {
    const [a, b] = [c[i]!.split(','), g[i]!.split(',')];
    a.forEach((x, k) => {
      // An empty cell (ignore_alarm where feeling_lazy = 0) must be empty on both.
      if (x === '') return assert.is(b[k], '', `row ${i} column ${k}`);
      const [p, q] = [Number(x), Number(b[k])];
      assert.ok(
        Math.abs(p - q) <= 1e-4 * (1 + Math.abs(p)),
        `row ${i} column ${k}: ${x} vs ${b[k]}`,
      );
    });
  }
});

test('usage errors: neither --prior nor --params, both, --json with --csv, a bad --backend (exit 2)', () => {
  for (const args of [
    [],
    ['--prior', '--params', SAVED],
    ['--prior', '--json', '--csv'],
    ['--prior', '--draws', '0'],
    ['--prior', '--backend', 'gpu'],
  ]) {
    const r = pplc(['simulate', 'examples/scale.ppl', '--data', DATA, ...args]);
    assert.is(r.status, 2, args.join(' '));
    noTrace(r.stderr);
  }
  const r = pplc(['simulate', 'examples/scale.ppl', '--data', DATA]);
  assert.match(r.stderr, /exactly one of --prior .* and --params/);
});

test('bad FIT.json: not JSON, no params, another program, a param missing or misshapen (exit 1, named)', () => {
  const cases: [string, RegExp][] = [
    ['{ "params": ', /not a JSON file/],
    ['[1, 2]', /"params"/],
    [
      JSON.stringify({ pplc_fit: 1, program_hash: '0'.repeat(64), params: { a: 1, b: 1 } }),
      /fitted to another program/,
    ],
    [JSON.stringify({ params: { a: 9 } }), /no value for 'b'/],
    [JSON.stringify({ params: { a: [9, 1], b: 1 } }), /param 'a' must be a finite number/],
    [JSON.stringify({ params: { a: 9, b: 'x' } }), /param 'b'/],
  ];
  cases.forEach(([text, msg], i) => {
    const f = write(`bad${i}.json`, text);
    const r = pplc(['simulate', 'examples/scale.ppl', '--data', DATA, '--params', f]);
    assert.is(r.status, 1, text);
    assert.match(r.stderr, msg);
    assert.match(r.stderr, new RegExp(`bad${i}\\.json`));
    noTrace(r.stderr);
  });
  const missing = pplc([
    'simulate',
    'examples/scale.ppl',
    '--data',
    DATA,
    '--params',
    join(dir, 'none.json'),
  ]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /cannot read the fit file/);
});

test('data: covariates are still needed; without --data a program with data says what is missing', () => {
  const r = pplc(['simulate', 'examples/scale.ppl', '--prior']);
  assert.is(r.status, 1);
  assert.match(r.stderr, /'guess'/);
  assert.not.match(r.stderr, /'measurement'/);
  noTrace(r.stderr);
  const none = write('nodata.ppl', 'model {\n  sample z ~ Normal(0, 1)\n}\n');
  const ok = pplc(['simulate', none, '--prior', '--draws', '10', '--json']);
  assert.is(ok.status, 0, ok.stderr);
});

test.run();
