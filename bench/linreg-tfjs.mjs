// The peer: TensorFlow.js (wasm backend) fitting linreg's ELBO the same way (AutoNormal, 1 particle, Adam lr 0.01).
// Prints JSON {steps, seconds, ms_per_step, extrapolated, ...}. Usage: node bench/linreg-tfjs.mjs [--steps 30000] [--budget-s 30]
// If the full run is predicted (from a 200-step calibration) to exceed the budget, it runs a tenth of the
// steps and extrapolates the time linearly; the JSON says so ("extrapolated_from").
import { readFileSync } from 'node:fs';
// The umbrella package: tfjs-core alone registers neither gradients nor chained ops in Node.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const STEPS = arg('steps', 30000);
const BUDGET_S = arg('budget-s', 30);

const t00 = performance.now();
await tf.setBackend('wasm');
await tf.ready();
const data = JSON.parse(readFileSync(new URL('../examples/linreg.json', import.meta.url), 'utf8'));
const { N, P } = data;
const K = P + 2;
const x = tf.tensor2d(data.x.flat(), [N, P]);
const y = tf.tensor1d(data.y);
const LOG_2PI = Math.log(2 * Math.PI);

// AutoNormal as Pyro: unconstrained loc (init 0), scale = softplus(rho) (init 0.1); sigma = exp(u).
const loc = tf.variable(tf.zeros([K]));
const rho = tf.variable(tf.fill([K], Math.log(Math.expm1(0.1))));
const opt = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
const priorSd = tf.tensor1d([100, ...new Array(P).fill(10)]);

let seed = 1;
// Functional ops only: tfjs-core's node bundle does not register the chained methods (a.add(b)).
const { add, sub, mul, div, neg, square, sum, log, exp, slice, reshape, matMul } = tf;
function loss() {
  const eps = tf.randomNormal([K], 0, 1, 'float32', seed++);
  const scale = tf.softplus(rho);
  const z = add(loc, mul(scale, eps));
  const ab = slice(z, 0, 1 + P);
  const u = reshape(slice(z, 1 + P, 1), []);
  const sigma = exp(u);
  const mu = add(reshape(matMul(x, reshape(slice(ab, 1, P), [P, 1])), [N]), slice(ab, 0, 1));
  const r = div(sub(y, mu), sigma);
  const loglik = sub(mul(sum(square(r)), -0.5), mul(add(log(sigma), 0.5 * LOG_2PI), N));
  const logPriorAB = sum(
    sub(sub(mul(square(div(ab, priorSd)), -0.5), log(priorSd)), 0.5 * LOG_2PI),
  );
  const logPriorSigma = add(
    add(mul(square(div(sigma, 10)), -0.5), Math.log(2) - Math.log(10) - 0.5 * LOG_2PI),
    u,
  );
  const logq = sum(sub(sub(neg(log(scale)), 0.5 * LOG_2PI), mul(square(eps), 0.5)));
  return sub(logq, add(add(loglik, logPriorAB), logPriorSigma));
}

function run(n) {
  let last = 0;
  for (let s = 0; s < n; s++) {
    const l = opt.minimize(loss, s === n - 1, [loc, rho]);
    if (l) {
      last = l.dataSync()[0];
      l.dispose();
    }
  }
  return last;
}

// Calibrate on 200 steps (also warms up the wasm kernels), then decide.
const tc = performance.now();
run(200);
const calMsPerStep = (performance.now() - tc) / 200;
const predicted = (calMsPerStep * STEPS) / 1000;
const measured = predicted > BUDGET_S ? Math.round(STEPS / 10) : STEPS;
const t0 = performance.now();
const finalLoss = run(measured);
const seconds = (performance.now() - t0) / 1000;
const msPerStep = (seconds * 1000) / measured;
const locs = loc.dataSync();
const out = {
  case: 'linreg',
  backend: 'tfjs-wasm',
  steps: STEPS,
  ms_per_step: Number(msPerStep.toFixed(4)),
  seconds: Number(((msPerStep * STEPS) / 1000).toFixed(3)),
  ...(measured !== STEPS ? { extrapolated_from: measured } : {}),
  process_seconds_measured: Number(((performance.now() - t00) / 1000).toFixed(3)),
  loss: finalLoss,
  latents: { alpha: locs[0], beta: Array.from(locs.slice(1, 1 + P)), sigma: Math.exp(locs[1 + P]) },
  note: 'steps after a 200-step warm-up; the fit continues from it, so convergence is not the point of this figure',
  threads:
    tf.getBackend() === 'wasm'
      ? 'default (wasm backend picks SIMD/threads if available)'
      : tf.getBackend(),
};
console.log(JSON.stringify(out));
