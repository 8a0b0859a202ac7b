// Start-up of a compiled module with and without its embedded kernels: a fresh Node process imports the module,
// load()s it and runs a first WebGPU fit of one step, timed in the process; median of RUNS processes per case. Also
// the cost the embedded kernels skip (loading the planner and generator, planning and generating WGSL), cold in a
// fresh process and warm. Prints JSON.
// Usage: node bench/compiled-startup.mjs [scale linreg ...]   (env RUNS, default 7; needs a WebGPU adapter)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { acquireGpu } from '../dist/src/runtime/gpu.js';
import { fixedSubgroupSize } from '../dist/src/infer/webgpu-driver.js';
import { compile } from '../dist/src/pipeline/compile.js';
import { loadData } from '../dist/src/data/load.js';
import { kernelSource, prepareFit } from '../dist/src/infer/prepare.js';
import { generateWgsl } from '../dist/src/codegen-wgsl/generate.js';

const RUNS = Number(process.env.RUNS ?? 7);
const examples = process.argv.slice(2).length ? process.argv.slice(2) : ['scale', 'linreg'];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
const device = {
  subgroupSize: fixedSubgroupSize(ctx),
  maxBindingBytes: ctx.device.limits.maxStorageBufferBindingSize,
  maxStorageBuffers: ctx.device.limits.maxStorageBuffersPerShaderStage,
};
ctx.destroy();

const dir = mkdtempSync(join(tmpdir(), 'pplc-startup-'));
const runtime = resolve('dist/src/runtime-entry.js');
const pplc = (args) => {
  const r = spawnSync(process.execPath, [resolve('bin/pplc'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
};

/** One fresh process: import, load(), one-step fit; times in ms and where the kernels came from. */
function child(module, dataFile) {
  const app = join(dir, `app-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    app,
    `const t0 = performance.now();
const { load } = await import(${JSON.stringify(module)});
const t1 = performance.now();
const m = await load();
const t2 = performance.now();
const data = JSON.parse((await import('node:fs')).readFileSync(${JSON.stringify(dataFile)}, 'utf8'));
const t3 = performance.now();
const fit = await m.fit(data, { steps: 1, backend: 'webgpu', seed: 1 });
const t4 = performance.now();
console.log(JSON.stringify({ import: t1 - t0, load: t2 - t1, fit: t4 - t3, total: t4 - t0 - (t3 - t2), kernels: fit.kernels }));
`,
  );
  const r = spawnSync(process.execPath, [app], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** A fresh process: the generator's modules loaded, then its first run, on a prepared fit of the example. */
function coldPlan(ppl, dataFile) {
  const app = join(dir, `plan-${Math.random().toString(36).slice(2)}.mjs`);
  const dist = (f) => JSON.stringify(resolve('dist/src', f));
  writeFileSync(
    app,
    `import { readFileSync } from 'node:fs';
import { compile } from ${dist('pipeline/compile.js')};
import { loadData } from ${dist('data/load.js')};
import { kernelSource, prepareFit } from ${dist('infer/prepare.js')};
const c = await compile(readFileSync(${JSON.stringify(ppl)}, 'utf8'), 'x.ppl');
const data = loadData(c.typed, readFileSync(${JSON.stringify(dataFile)}, 'utf8'), 'd').data;
const src = kernelSource(prepareFit(c.typed, data, c.objective), 'adam');
const t0 = performance.now();
const { generateWgsl } = await import(${dist('codegen-wgsl/generate.js')});
const t1 = performance.now();
generateWgsl(src, ${JSON.stringify(device)});
const t2 = performance.now();
console.log(JSON.stringify({ load: t1 - t0, generate: t2 - t1 }));
`,
  );
  const r = spawnSync(process.execPath, [app], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const out = { device, runs: RUNS, examples: {} };
for (const ex of examples) {
  const ppl = `examples/${ex}.ppl`;
  const dataFile = resolve(`examples/${ex}.json`);
  const withDir = join(dir, `${ex}-embedded`);
  const withoutDir = join(dir, `${ex}-planned`);
  pplc([
    'compile',
    ppl,
    '--data',
    dataFile,
    '--subgroup-size',
    String(device.subgroupSize),
    '-o',
    withDir,
    '--runtime',
    runtime,
  ]);
  pplc(['compile', ppl, '-o', withoutDir, '--runtime', runtime]);
  const cases = { embedded: [], planned: [] };
  // One untimed run each (disk caches: Mesa's shader cache, the files), then alternating runs.
  child(join(withDir, `${ex}.js`), dataFile);
  child(join(withoutDir, `${ex}.js`), dataFile);
  for (let i = 0; i < RUNS; i++) {
    cases.embedded.push(child(join(withDir, `${ex}.js`), dataFile));
    cases.planned.push(child(join(withoutDir, `${ex}.js`), dataFile));
  }
  const summary = Object.fromEntries(
    Object.entries(cases).map(([k, rs]) => [
      k,
      {
        kernels: [...new Set(rs.map((r) => r.kernels))].join(','),
        ...Object.fromEntries(
          ['import', 'load', 'fit', 'total'].map((f) => [
            `${f}_ms`,
            round(median(rs.map((r) => r[f]))),
          ]),
        ),
      },
    ]),
  );
  // What the embedded kernels skip: loading the planner and generator and running them, in a fresh process
  // (median of RUNS), and warm in this one (median of 20 after a warm-up).
  const cold = [];
  for (let i = 0; i < RUNS; i++) cold.push(coldPlan(ppl, dataFile));
  const c = await compile(readFileSync(ppl, 'utf8'), ppl);
  const data = loadData(c.typed, readFileSync(dataFile, 'utf8'), dataFile).data;
  const src = kernelSource(prepareFit(c.typed, data, c.objective), 'adam');
  const times = [];
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    generateWgsl(src, device);
    if (i > 0) times.push(performance.now() - t0);
  }
  const { size } = await import('node:fs').then((fs) => fs.statSync(join(withDir, `${ex}.js`)));
  const { size: plain } = await import('node:fs').then((fs) =>
    fs.statSync(join(withoutDir, `${ex}.js`)),
  );
  out.examples[ex] = {
    ...summary,
    plan_and_wgsl_cold_ms: {
      load_generator: round(median(cold.map((r) => r.load))),
      first_generate: round(median(cold.map((r) => r.generate))),
    },
    plan_and_wgsl_warm_ms: round(median(times)),
    module_js_bytes: { embedded: size, planned: plain },
  };
}
console.log(JSON.stringify(out, null, 2));
