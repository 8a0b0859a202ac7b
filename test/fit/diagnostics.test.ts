// PSIS diagnostics of every fit through the CLI: a badly wrong guide's k̂ above 0.7 with a warning, a right one's low, on both backends.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pplc, type FitJson } from './cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-psis-'));
// examples/scale.ppl's model (posterior exactly Normal(9.14, 0.6)) with the guide's scale fixed six times too small.
const narrow = join(dir, 'narrow.ppl');
writeFileSync(
  narrow,
  `data guess: real
data measurement: real

model {
  sample weight ~ Normal(guess, 1.0)
  observe measurement ~ Normal(weight, 0.75)
}

guide {
  param a = guess
  sample weight ~ Normal(a, 0.1)
}
`,
);

const WARNING = /warning: Pareto k̂ \d+\.\d\d > 0\.7: the guide is not to be trusted/;

function fit(
  program: string,
  data: string,
  extra: readonly string[],
): { json: FitJson; stderr: string } {
  const r = pplc(['fit', program, '--data', data, '--json', ...extra]);
  assert.is(r.status, 0, r.stderr);
  return { json: JSON.parse(r.stdout) as FitJson, stderr: r.stderr };
}

test('a guide far too narrow: k̂ > 0.7 in the JSON and the table, and a warning', () => {
  const { json, stderr } = fit(narrow, 'examples/scale.json', [
    '--backend',
    'cpu',
    '--steps',
    '1000',
  ]);
  const d = json.diagnostics!;
  assert.ok(d.khat !== null && d.khat > 0.7, `k̂ ${d.khat}`);
  assert.ok(d.ess < 200, `ESS ${d.ess}`);
  assert.is(d.draws, 1000);
  assert.match(stderr, WARNING);
  const table = pplc([
    'fit',
    narrow,
    '--data',
    'examples/scale.json',
    '--backend',
    'cpu',
    '--steps',
    '1000',
  ]);
  assert.match(table.stdout, /diagnostics: Pareto k̂ \d+\.\d\d, ESS \d+ of 1000 guide draws/);
  assert.match(table.stderr, WARNING);
});

test('the same model with its fitted scale: k̂ < 0.5, ESS near every draw, no warning', () => {
  const { json, stderr } = fit('examples/scale.ppl', 'examples/scale.json', [
    ...['--backend', 'cpu', '--optimizer', 'sgd', '--lr', '0.001', '--momentum', '0.1'],
    ...['--steps', '2500', '--seed', '1'],
  ]);
  const d = json.diagnostics!;
  assert.ok(d.khat !== null && d.khat < 0.5, `k̂ ${d.khat}`);
  assert.ok(d.ess > 900, `ESS ${d.ess}`);
  assert.not.match(stderr, /warning/);
});

test('no latents (maximum likelihood): no diagnostics', () => {
  const { json } = fit('examples/mle.ppl', 'examples/mle.json', [
    '--backend',
    'cpu',
    '--steps',
    '200',
  ]);
  assert.is(json.diagnostics, undefined);
});

test('discrete latents summed out (mixture): diagnostics of the continuous guide draws', () => {
  const { json } = fit('examples/mixture.ppl', 'examples/mixture.json', [
    '--backend',
    'cpu',
    '--steps',
    '300',
  ]);
  const d = json.diagnostics!;
  assert.ok(
    d.khat !== null && Number.isFinite(d.khat) && d.ess > 1 && d.ess <= 1000,
    JSON.stringify(d),
  );
});

test('a WebGPU fit has diagnostics too, and the narrow guide warns there as well', () => {
  const { json, stderr } = fit(narrow, 'examples/scale.json', [
    '--backend',
    'webgpu',
    '--steps',
    '1000',
  ]);
  const d = json.diagnostics!;
  assert.ok(d.khat !== null && d.khat > 0.7, `k̂ ${d.khat}`);
  assert.match(stderr, WARNING);
});

test.run();
