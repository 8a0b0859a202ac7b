// `pplc compile -o`: the generated module is prettier-formatted, type-checks (nodenext and bundler resolution), and a
// small app fits scale with it through the runtime entry.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { format } from 'prettier';
import { pplc } from '../fit/cli-run.js';
import { COMPILED_FORMAT, PPLC_VERSION } from '../../src/infer/compiled.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-module-'));
const runtime = resolve('dist/src/runtime-entry.js');

test('compile -o writes NAME.ts, NAME.js and NAME.d.ts, already formatted as prettier would', async () => {
  for (const ex of ['scale', 'linreg', 'movielens', 'sleep']) {
    const r = pplc([
      'compile',
      `examples/${ex}.ppl`,
      '--data',
      `examples/${ex}.json`,
      '-o',
      dir,
      '--runtime',
      runtime,
    ]);
    assert.is(r.status, 0, r.stderr);
    for (const ext of ['ts', 'js', 'd.ts']) {
      const text = readFileSync(join(dir, `${ex}.${ext}`), 'utf8');
      assert.is(
        await format(text, { filepath: `x.${ext}` }),
        text,
        `${ex}.${ext} is not prettier-formatted`,
      );
    }
  }
  const ts = readFileSync(join(dir, 'linreg.ts'), 'utf8');
  assert.match(ts, /export interface Data \{[^}]*\bx: number\[\]\[\];/);
  assert.match(ts, /N\?: number;/);
  assert.match(ts, /beta: number\[\];/);
  assert.match(ts, /"beta\.loc": number\[\];/);
  assert.match(ts, /@compute/);
});

test('the generated TypeScript type-checks against the runtime, with an app using its types', () => {
  const app = join(dir, 'app.ts');
  writeFileSync(
    app,
    `import { load, type Data } from './scale.js';
const data: Data = { guess: 8.5, measurement: 9.5 };
export async function run(): Promise<number> {
  const m = await load();
  const fit = await m.fit(data, { steps: 10 });
  const s = fit.summary();
  const w: number = s.weight.mean;
  const draws: number[] = fit.sample(5).weight;
  return w + draws.length + fit.params.a + fit.losses.length;
}
`,
  );
  for (const [module, resolution] of [
    ['nodenext', 'nodenext'],
    ['esnext', 'bundler'],
  ]) {
    const tsc = spawnSync(
      process.execPath,
      [
        resolve('node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        module!,
        '--moduleResolution',
        resolution!,
        '--target',
        'es2022',
        '--skipLibCheck',
        '--types',
        'node',
        join(dir, 'scale.ts'),
        app,
      ],
      { encoding: 'utf8' },
    );
    assert.is(tsc.status, 0, `${resolution}: ${tsc.stdout}${tsc.stderr}`);
  }
});

test('an app importing the generated module fits scale to the exact posterior (default backend)', () => {
  const app = join(dir, 'app.mjs');
  writeFileSync(
    app,
    `import { load } from './scale.js';
const m = await load();
const fit = await m.fit({ guess: 8.5, measurement: 9.5 }, { steps: 2500, optimizer: 'sgd', lr: 0.001, momentum: 0.1, seed: 3 });
const draws = fit.sample(4000, 5).weight;
const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
console.log(JSON.stringify({ params: fit.params, summary: fit.summary(), losses: fit.losses.length, backend: fit.backend, mean }));
`,
  );
  const r = spawnSync(process.execPath, [app], { encoding: 'utf8', timeout: 300_000 });
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    params: { a: number; b: number };
    summary: { weight: { mean: number } };
    losses: number;
    mean: number;
  };
  assert.ok(Math.abs(out.params.a - 9.14) <= 0.1, `a = ${out.params.a}`);
  assert.ok(Math.abs(out.params.b - 0.6) <= 0.06, `b = ${out.params.b}`);
  assert.ok(Math.abs(out.summary.weight.mean - 9.14) <= 0.1);
  assert.ok(Math.abs(out.mean - out.params.a) <= 0.05, `draws mean ${out.mean}`);
  assert.is(out.losses, 2500);
});

test('a module another pplc wrote is refused at load(): a PplcError naming both versions and formats', () => {
  const js = readFileSync(join(dir, 'scale.js'), 'utf8');
  const mine = `"format":${COMPILED_FORMAT},"pplc":"${PPLC_VERSION}"`;
  assert.ok(js.includes(mine), 'the module embeds its format and version');
  writeFileSync(join(dir, 'old.js'), js.replace(mine, '"format":1,"pplc":"0.0.9"'));
  const app = join(dir, 'old-app.mjs');
  writeFileSync(
    app,
    `import { load } from './old.js';
import { PplcError } from ${JSON.stringify(runtime)};
try {
  await load();
  console.log(JSON.stringify({ loaded: true }));
} catch (e) {
  console.log(JSON.stringify({ pplcError: e instanceof PplcError, message: e.message }));
}
`,
  );
  const r = spawnSync(process.execPath, [app], { encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    pplcError?: boolean;
    message?: string;
  };
  assert.ok(out.pplcError, JSON.stringify(out));
  assert.is(
    out.message,
    `this module was compiled by pplc 0.0.9 (format 1), but the runtime is pplc ${PPLC_VERSION} (format ${COMPILED_FORMAT}): recompile it with this pplc's \`pplc compile\``,
  );
});

test.run();
