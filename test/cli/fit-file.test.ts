// `pplc fit --save FIT.json` and `--init FIT.json`, `--condition` and `--do` on the command line, as a user runs them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pplc } from '../fit/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-fitfile-'));
const saved = join(dir, 'scale-fit.json');
const scale = ['examples/scale.ppl', '--data', 'examples/scale.json', '--backend', 'cpu'];

test('--save writes the constrained params, the program hash and the settings', () => {
  const r = pplc(['fit', ...scale, '--steps', '1500', '--lr', '0.05', '--json', '--save', saved]);
  assert.is(r.status, 0, r.stderr);
  const fit = JSON.parse(r.stdout) as { params: Record<string, number> };
  const file = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
  assert.is(file.pplc_fit, 1);
  assert.match(String(file.program_hash), /^[0-9a-f]{64}$/);
  assert.equal(file.params, fit.params);
  assert.is((file.settings as { steps: number }).steps, 1500);
});

test('--init starts from the saved params: one step at a tiny rate leaves them where they were', () => {
  const before = (JSON.parse(readFileSync(saved, 'utf8')) as { params: Record<string, number> })
    .params;
  const r = pplc(['fit', ...scale, '--steps', '1', '--lr', '1e-9', '--json', '--init', saved]);
  assert.is(r.status, 0, r.stderr);
  const after = (JSON.parse(r.stdout) as { params: Record<string, number> }).params;
  for (const k of Object.keys(before))
    assert.ok(Math.abs(after[k]! - before[k]!) < 1e-6, `${k}: ${after[k]} vs ${before[k]}`);
});

test('a fit file of another program, or not a fit file, is a one-line error', () => {
  const other = pplc(['fit', 'examples/coin.ppl', '--data', 'examples/coin.json', '--init', saved]);
  assert.is(other.status, 1);
  assert.match(other.stderr, /was fitted to another program \(examples\/scale\.ppl\)/);
  const notFit = join(dir, 'not-fit.json');
  writeFileSync(notFit, '{"pplc_fit": 2, "params": {}}');
  const r = pplc(['fit', ...scale, '--init', notFit]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /"pplc_fit" is 2; this pplc reads version 1/);
  const r2 = pplc(['fit', ...scale, '--init', join(dir, 'missing.json')]);
  assert.is(r2.status, 1);
  assert.match(r2.stderr, /cannot read the fit file .*no such file/);
});

test('init values that do not fit the params name the param', () => {
  const f = JSON.parse(readFileSync(saved, 'utf8')) as { params: Record<string, unknown> };
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...f, params: { ...f.params, b: -1 } }));
  const r = pplc(['fit', ...scale, '--init', bad]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /the initial value of 'b' \(-1\) is outside its constraint/);
});

test('--condition and --do on the command line (repeatable), and their errors', () => {
  const chain = ['test/programs/chain_guided.ppl', '--data', 'test/programs/chain.json'];
  const common = ['--backend', 'cpu', '--steps', '3000', '--lr', '0.05', '--lr-decay', '0.9985'];
  const c = pplc(['fit', ...chain, ...common, '--particles', '4', '--json', '--condition', 'x=3']);
  assert.is(c.status, 0, c.stderr);
  const mz = (JSON.parse(c.stdout) as { params: { mz: number } }).params.mz;
  assert.ok(Math.abs(mz - 1.5) < 0.04, `conditioned z mean ${mz}`);
  const both = pplc(['fit', ...chain, ...common, '--json', '--do', 'x=3', '--do', 'z=0']);
  assert.is(both.status, 0, both.stderr);
  assert.equal(Object.keys((JSON.parse(both.stdout) as { latents: object }).latents), []);
  const bad = pplc(['fit', ...chain, '--do', 'x=abc']);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--do x=\.\.\.: the value must be a number or a JSON array/);
  const obs = pplc(['fit', ...chain, '--condition', 'y=1']);
  assert.is(obs.status, 1);
  assert.match(obs.stderr, /cannot condition 'y': it is a data name, not a latent of the model/);
});

test('simulate takes --do and --condition too: under do(x = 3), y ~ Normal(3, 1) and z keeps its prior (3 SE)', () => {
  const base = ['simulate', 'test/programs/chain.ppl', '--data', 'test/programs/chain.json'];
  const r = pplc([...base, '--prior', '--draws', '10000', '--json', '--do', 'x=3']);
  assert.is(r.status, 0, r.stderr);
  const sites = (JSON.parse(r.stdout) as { sites: Record<string, { mean: number; sd: number }> })
    .sites;
  assert.equal(Object.keys(sites).sort(), ['y', 'z']);
  assert.ok(Math.abs(sites.y!.mean - 3) < 0.03, `y mean ${sites.y!.mean}`);
  assert.ok(Math.abs(sites.z!.mean) < 0.03, `z mean ${sites.z!.mean}`);
  const c = pplc([...base, '--prior', '--draws', '100', '--json', '--condition', 'x=3']);
  assert.is(c.status, 0, c.stderr);
  assert.ok(
    'x' in (JSON.parse(c.stdout) as { sites: object }).sites,
    'a conditioned site is observed',
  );
  const bad = pplc([...base, '--prior', '--do', 'y=1']);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /cannot do 'y': it is a data name/);
});

test.run();
