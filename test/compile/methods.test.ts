// Compiled modules of every method (src/pipeline/compiled-program.ts): the objective and the functions evaluated after
// the fit travel as data, so a compiled mp-vi, rws, qem or is program fits as the compiler entry does (bit for bit on
// the CPU: losses, params, evidence, moments, importance samples); a module written by `pplc compile --method rws`
// fits in an app; a fit asking for other build settings (method, K, qemLr, particles) than the module's is refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadCompiled } from '../../src/api/compiled-model.js';
import { PplcError, type Fit } from '../../src/api/fit.js';
import { pplc } from '../fit/cli-run.js';
import { compiledText } from './compiled-text.js';

const SCALE = { guess: 8.5, measurement: 9.5 };
const HIER = 'test/programs/hier_gauss';

function assertSame(a: Fit, b: Fit, what: string): void {
  const { seconds: _a, ...ja } = a.toJSON();
  const { seconds: _b, ...jb } = b.toJSON();
  assert.equal(ja, jb, what);
  assert.equal(Array.from(a.losses), Array.from(b.losses), `${what}: losses`);
  assert.equal(a.sample(5, 4), b.sample(5, 4), `${what}: draws`);
}

test('mp-vi, rws, qem and is modules fit as the compiler entry does (CPU, bit for bit)', async () => {
  const data = JSON.parse(
    (await import('node:fs')).readFileSync(`${HIER}.json`, 'utf8'),
  ) as unknown;
  for (const method of ['mp-vi', 'rws', 'qem', 'is'] as const) {
    const { text, model } = await compiledText(`${HIER}.ppl`, { method });
    const options = {
      method,
      steps: 60,
      seed: 7,
      backend: 'cpu',
      evidenceDraws: 3,
      importanceSamples: 200,
    } as const;
    const compiled = await loadCompiled(text).fit(data, options);
    const entry = await model.fit(data, options);
    assert.ok(compiled.toJSON().log_evidence, `${method}: no evidence`);
    assertSame(compiled, entry, method);
  }
});

test("a module's K and qem rate are the fit's: given again they fit, other values are refused", async () => {
  const { text, model } = await compiledText('examples/scale.ppl', {
    method: 'qem',
    K: 5,
    qemLr: 0.3,
  });
  const m = loadCompiled(text);
  const options = { steps: 40, seed: 1, backend: 'cpu', evidenceDraws: 2 } as const;
  assertSame(
    await m.fit(SCALE, options),
    await model.fit(SCALE, { ...options, method: 'qem', K: 5, qemLr: 0.3 }),
    'qem K 5',
  );
  await m.fit(SCALE, { ...options, method: 'qem', K: 5, qemLr: 0.3, steps: 2 });
  for (const [given, flag] of [
    [{ K: 7 }, '--K 7'],
    [{ qemLr: 0.5 }, '--qem-lr 0.5'],
    [{ method: 'vi' }, '--method vi'],
  ] as const)
    try {
      await m.fit(SCALE, { ...options, ...given });
      assert.unreachable(`fitted with ${flag}`);
    } catch (e) {
      assert.instance(e, PplcError);
      assert.match((e as Error).message, 'compiled for --method qem --K 5 --qem-lr 0.3');
      assert.match((e as Error).message, flag);
    }
  // vi reads particles, not K: a vi module takes any K (as loadModel ignores it) but not other particles.
  const vi = loadCompiled((await compiledText('examples/scale.ppl')).text);
  await vi.fit(SCALE, { steps: 2, backend: 'cpu', K: 3 });
  try {
    await vi.fit(SCALE, { steps: 2, backend: 'cpu', particles: 4 });
    assert.unreachable('fitted with 4 particles');
  } catch (e) {
    assert.match((e as Error).message, 'compiled for --method vi --particles 1');
  }
});

test('`pplc compile --method rws -o` writes a module an app fits, as the compiler entry does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pplc-rws-'));
  const r = pplc([
    'compile',
    'examples/scale.ppl',
    '--method',
    'rws',
    '--K',
    '6',
    '-o',
    dir,
    '--runtime',
    resolve('dist/src/runtime-entry.js'),
  ]);
  assert.is(r.status, 0, r.stderr);
  const app = join(dir, 'app.mjs');
  writeFileSync(
    app,
    `import { readFileSync } from 'node:fs';
import { load } from './scale.js';
import { loadModel } from ${JSON.stringify(resolve('dist/src/index.js'))};
const data = ${JSON.stringify(SCALE)};
const options = { steps: 300, seed: 4, backend: 'cpu', evidenceDraws: 3 };
const a = await (await load()).fit(data, options);
const source = readFileSync(${JSON.stringify(resolve('examples/scale.ppl'))}, 'utf8');
const b = await (await loadModel(source, 'examples/scale.ppl')).fit(data, { ...options, method: 'rws', K: 6 });
const strip = (f) => { const { seconds, ...j } = f.toJSON(); return JSON.stringify(j); };
console.log(JSON.stringify({ same: strip(a) === strip(b), evidence: a.toJSON().log_evidence, weight: a.summary().weight.mean }));
`,
  );
  const run = spawnSync(process.execPath, [app], { encoding: 'utf8', timeout: 300_000 });
  assert.is(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
    same: boolean;
    evidence: { mean: number };
    weight: number;
  };
  assert.ok(out.same, 'the module fits as loadModel does');
  assert.ok(Math.abs(out.weight - 9.14) < 0.3, `weight ${out.weight}`);
  assert.ok(Number.isFinite(out.evidence.mean));
});

test.run();
