// Times fitWebGpu (H6's generated kernels) on an example: a warm-up fit compiles the pipelines, the timed
// fit reuses them. Usage: node bench/webgpu-fit.mjs NAME [--steps N] [--data FILE] [--ppl FILE] [--reps R]
// Prints JSON {case, steps, seconds (best of reps), ms_per_step, steps_per_s, plan}.
import { readFileSync } from 'node:fs';
import { compile } from '../dist/src/pipeline/compile.js';
import { loadData } from '../dist/src/data/load.js';
import { prepareFit } from '../dist/src/infer/prepare.js';
import { fitWebGpu } from '../dist/src/infer/webgpu-driver.js';
import { acquireGpu } from '../dist/src/runtime/gpu.js';
import { DEFAULT_HYPERPARAMETERS } from '../dist/src/optim/optimizer.js';

const name = process.argv[2] ?? 'linreg';
const arg = (k, d) => {
  const i = process.argv.indexOf(`--${k}`);
  return i >= 0 ? process.argv[i + 1] : d;
};
const steps = Number(arg('steps', 30000));
const reps = Number(arg('reps', 2));
const ppl = arg('ppl', `examples/${name}.ppl`);
const dataFile = arg('data', `examples/${name}.json`);
const c = await compile(readFileSync(ppl, 'utf8'), ppl);
if (!c.objective) throw new Error(JSON.stringify(c.diagnostics));
const checked = c.typed;
const { data, diagnostics: dd } = loadData(checked, readFileSync(dataFile, 'utf8'), dataFile);
if (!data) throw new Error(JSON.stringify(dd));
const prep = prepareFit(checked, data, c.objective);
const opts = {
  steps,
  optimizer: { ...DEFAULT_HYPERPARAMETERS, name: 'adam', lr: 0.01 },
  particles: 1,
  seed: 0,
  draws: 1000,
};
const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
const t0 = performance.now();
await fitWebGpu(prep, { ...opts, steps: Math.min(steps, 10) }, ctx);
const warm = (performance.now() - t0) / 1000;
let best = Infinity;
let last;
for (let r = 0; r < reps; r++) {
  last = await fitWebGpu(prep, opts, ctx);
  best = Math.min(best, last.seconds);
}
ctx.destroy();
console.log(JSON.stringify({ case: name, steps, warmup_seconds: +warm.toFixed(3), seconds: +best.toFixed(4), ms_per_step: +((best * 1000) / steps).toFixed(4), steps_per_s: Math.round(steps / best), final_loss: last.losses[last.losses.length - 1] }));
