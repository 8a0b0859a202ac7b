// The runtime entry (pplc/runtime) loads no compiler; require() and import both load the package; a compiled scale
// module fits to the answer in a CommonJS project and in an ES module project, and refuses another pplc's runtime.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { importGraph } from './import-graph.js';
import { compile } from '../../src/pipeline/compile.js';
import { drawsFunction } from '../../src/infer/prepare.js';
import {
  COMPILED_FORMAT,
  PPLC_VERSION,
  decodeCompiled,
  encodeCompiled,
  resizeDraws,
} from '../../src/infer/compiled.js';
import { compiledProgram } from '../../src/pipeline/compiled-program.js';
import { loadCompiled } from '../../src/api/compiled-model.js';
import { loadModel, PplcError } from '../../src/api/library.js';
import { pplc } from '../fit/cli-run.js';

const FRONT_END = /\/dist\/src\/(parser|check|lower|ad)\//;
const SCALE_DATA = { guess: 8.5, measurement: 9.5 };
const SCALE_FIT = { steps: 2500, optimizer: 'sgd', lr: 0.001, momentum: 0.1, seed: 1 } as const;

/** A temp project whose node_modules/pplc is this checkout (as `npm install ../pplc` would link it). */
function project(type: 'commonjs' | 'module'): string {
  const dir = mkdtempSync(join(tmpdir(), `pplc-${type}-`));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve('.'), join(dir, 'node_modules', 'pplc'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', type }));
  return dir;
}

function runNode(file: string): { params: { a: number; b: number }; mean: number } {
  const r = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: 300_000,
    cwd: resolve(file, '..'),
  });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ReturnType<typeof runNode>;
}

function assertScale(out: ReturnType<typeof runNode>): void {
  assert.ok(Math.abs(out.params.a - 9.14) <= 0.1, `a = ${out.params.a}`);
  assert.ok(Math.abs(out.params.b - 0.6) <= 0.06, `b = ${out.params.b}`);
  assert.ok(Math.abs(out.mean - 9.14) <= 0.1, `weight mean ${out.mean}`);
}

const FIT_SCRIPT = `fit(${JSON.stringify(SCALE_DATA)}, { ...${JSON.stringify(SCALE_FIT)}, backend: 'cpu' })`;
const PRINT = `console.log(JSON.stringify({ params: fit.params, mean: fit.summary().weight.mean }));`;

test("the runtime entry's import graph has no parser, checker, lowering, AD, Chevrotain or Node built-in", () => {
  const rt = importGraph('dist/src/runtime-entry.js');
  const rtAll = importGraph('dist/src/runtime-entry.js', true);
  const lib = importGraph('dist/src/index.js');
  const libAll = importGraph('dist/src/index.js', true);
  for (const g of [rt, rtAll]) {
    assert.equal(
      g.modules.filter((m) => FRONT_END.test(m)),
      [],
    );
    // 'webgpu' is imported by a variable specifier (src/runtime/device.ts): bundlers leave it out.
    assert.equal(
      [...g.bare.keys(), ...[...g.dynamic.keys()].filter((s) => !s.startsWith('.'))],
      [],
    );
    assert.equal(g.topLevelAwait, []);
  }
  assert.equal(lib.topLevelAwait, [], 'require(esm) needs a static graph without top-level await');
  assert.ok(libAll.modules.some((m) => m.includes('/dist/src/parser/')));
  const line = (name: string, g: typeof rt): string =>
    `${name}: ${g.modules.length} modules, ${g.bytes} bytes, ${g.lines} lines`;
  console.log(
    [
      line('runtime static', rt),
      line('runtime with dynamic imports', rtAll),
      line('compiler static', lib),
      line('compiler with dynamic imports', libAll),
    ].join('\n'),
  );
});

test("PPLC_VERSION is package.json's version", () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  assert.is(PPLC_VERSION, pkg.version);
});

test('the compiled draws function resized to n draws is the one lowered for n (every example)', async () => {
  for (const ex of ['scale', 'linreg', 'mixture', 'eight_schools', 'sleep', 'coin']) {
    const c = await compile(readFileSync(`examples/${ex}.ppl`, 'utf8'), `${ex}.ppl`, {
      until: 'typed',
    });
    assert.is(
      JSON.stringify(resizeDraws(drawsFunction(c.typed!, 2), 13)),
      JSON.stringify(drawsFunction(c.typed!, 13)),
      ex,
    );
  }
});

test('a compiled program round-trips its JSON, fits as the library does, and refuses another pplc', async () => {
  const source = readFileSync('examples/scale.ppl', 'utf8');
  const c = await compile(source, 'scale.ppl');
  const text = encodeCompiled(
    compiledProgram(c.typed!, source, c.objective!, 'vi', {
      particles: 1,
      K: 10,
      qemLr: 0.1,
    }),
  );
  assert.is(encodeCompiled(decodeCompiled(text)), text);
  const options = { ...SCALE_FIT, steps: 300, backend: 'cpu' } as const;
  const a = await loadCompiled(text).fit(SCALE_DATA, options);
  const b = await (await loadModel(source, 'scale.ppl')).fit(SCALE_DATA, options);
  assert.equal(a.params, b.params);
  assert.equal(a.summary(), b.summary());
  assert.equal(a.sample(7, 2), b.sample(7, 2));
  const other = text.replace(`"pplc":"${PPLC_VERSION}"`, '"pplc":"0.0.1"');
  try {
    loadCompiled(other);
    assert.unreachable('loaded another version');
  } catch (e) {
    assert.instance(e, PplcError);
    assert.match(
      (e as Error).message,
      `compiled by pplc 0.0.1 (format ${COMPILED_FORMAT}), but the runtime is pplc ${PPLC_VERSION}`,
    );
  }
  assert.throws(
    () => loadCompiled(text.replace(`"format":${COMPILED_FORMAT}`, '"format":99')),
    (e: Error) => e instanceof PplcError && /format 99/.test(e.message),
  );
});

test("require('pplc') and require('pplc/runtime') load in a CommonJS project; the library fits scale", () => {
  const dir = project('commonjs');
  writeFileSync(
    join(dir, 'app.js'),
    `const { loadModel } = require('pplc');
const { loadCompiled } = require('pplc/runtime');
if (typeof loadCompiled !== 'function') throw new Error('no loadCompiled');
const source = require('node:fs').readFileSync(${JSON.stringify(resolve('examples/scale.ppl'))}, 'utf8');
loadModel(source, 'scale.ppl')
  .then((m) => m.${FIT_SCRIPT})
  .then((fit) => { ${PRINT} });
`,
  );
  assertScale(runNode(join(dir, 'app.js')));
});

test('a compiled scale module fits to the answer in a CommonJS project and in an ES module project', () => {
  for (const type of ['commonjs', 'module'] as const) {
    const dir = project(type);
    const r = pplc([
      'compile',
      'examples/scale.ppl',
      '--data',
      'examples/scale.json',
      '-o',
      join(dir, 'out'),
    ]);
    assert.is(r.status, 0, r.stderr);
    const app =
      type === 'commonjs'
        ? `const { load } = require('./out/scale.js');
load().then((m) => m.${FIT_SCRIPT}).then((fit) => { ${PRINT} });
`
        : `import { load } from './out/scale.js';
const m = await load();
const fit = await m.${FIT_SCRIPT};
${PRINT}
`;
    writeFileSync(join(dir, 'app.js'), app);
    assertScale(runNode(join(dir, 'app.js')));
  }
});

test.run();
