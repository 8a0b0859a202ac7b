// A hand-fused WGSL kernel of one whole SVI step of examples/linreg.ppl, looped over all steps inside the kernel:
// the template the code generator generalises. Prints JSON {steps, seconds, params, latents, ok}.
//
// Model: alpha ~ Normal(0,100); beta[j] ~ Normal(0,10), j<8; sigma ~ HalfNormal(10); y[i] ~ Normal(alpha + x[i].beta, sigma).
// Guide: AutoNormal (Pyro 1.8.6): per latent an unconstrained loc (init_to_feasible: 0) and a scale
// constrained by softplus (init 0.1); sigma = exp(u) with u the unconstrained latent.
// Objective: Trace_ELBO, 1 particle, reparameterised: z = loc + softplus(rho) * eps, eps ~ N(0,1) from Philox.
// Optimiser: Adam (torch semantics), lr 0.01, betas (0.9, 0.999), eps 1e-8.
//
// Usage: node bench/linreg-handfused.mjs [--steps 30000] [--chunk 1000] [--wg 32] [--seed 0]   (env SPIN=1: busy-wait)
import { readFileSync } from 'node:fs';
import {
  acquireGpu,
  createComputePipeline,
  bindBuffers,
  uploadStorageBuffer,
  readFloat32,
} from '../dist/src/runtime/gpu.js';
import { streamId, WGSL_KEYED } from '../dist/src/rng/keyed.js';
import { WGSL_PHILOX } from '../dist/src/rng/philox.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const STEPS = arg('steps', 30000);
const CHUNK = arg('chunk', 1000); // steps per dispatch
const MODE = process.argv.includes('--flat') ? 'flat' : 'subgroup';
// 'subgroup': the workgroup IS one subgroup (8 lanes on lavapipe's 256-bit SIMD), so plate sums are
// subgroupAdd and the kernel has no barrier at all. 'flat': WG threads, shared-memory partials, one barrier.
const WG = MODE === 'subgroup' ? 8 : arg('wg', 32);
const SEED = arg('seed', 0);
const LR = 0.01;

const root = new URL('..', import.meta.url).pathname;
const data = JSON.parse(readFileSync(`${root}examples/linreg.json`, 'utf8'));
const { N, P } = data;
const K = P + 2; // latents: 0 = alpha, 1..P = beta, P+1 = u (sigma = exp(u))
const R = P + 2; // plate sums per step: sum r, sum r^2, sum r*x_j

const xT = Float32Array.from(data.x.flat());
const y = Float32Array.from(data.y);

const wgsl = /* wgsl */ `${MODE === 'subgroup' ? 'enable subgroups;' : ''}
${WGSL_PHILOX}
${WGSL_KEYED}

const N: u32 = ${N}u;
const P: u32 = ${P}u;
const K: u32 = ${K}u;   // latents
const R: u32 = ${R}u;   // plate sums per step
const WG: u32 = ${WG}u;
const LOG_2PI: f32 = 1.8378770664093453;

struct Config {
  seed: u32,
  step0: u32,       // first step of this dispatch (0-based); Adam's t = step + 1
  nsteps: u32,
  _pad: u32,
  streams: array<u32, ${K}>,  // Philox stream id per latent (FNV-1a of the site name)
}

@group(0) @binding(0) var<storage, read> x4: array<vec4<f32>>;   // [N, P/4] row-major
@group(0) @binding(1) var<storage, read> y: array<f32>;    // [N]
@group(0) @binding(2) var<storage, read> cfg: Config;
// Optimiser state, persisted between dispatches: loc[K], rho[K], m[2K], v[2K] (params ordered loc then rho).
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
@group(0) @binding(4) var<storage, read_write> loss_out: array<f32>; // loss of the last step

// Double-buffered by step parity: partial sums of step t go to slot t&1 with the noise of step t+1.
// Why: a thread can only overwrite slot s at step t+2 after passing the barrier of step t+1, which
// every thread reaches only after reading slot s at step t; so ONE barrier per step suffices.
${
  MODE === 'subgroup'
    ? ''
    : `var<workgroup> partials: array<f32, ${2 * R * WG}>;  // [slot][sum][thread]
var<workgroup> noise: array<f32, ${2 * K}>;          // [slot][latent]`
}

// Which element of its site a latent is (beta[j] -> j), for the Philox counter.
fn element_of(k: u32) -> u32 { return select(0u, k - 1u, k >= 1u && k <= P); }

fn eps_for(k: u32, step: u32) -> f32 {
  return philox_normal(cfg.seed, cfg.streams[k], step, element_of(k), 0u, 0u);
}

fn softplus(x: f32) -> f32 { return select(log(1.0 + exp(x)), x, x > 20.0); }
fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) l: u32) {
  // Every thread keeps its own identical copy of all parameters and optimiser moments: the reduction
  // below gives every thread the same totals in the same summation order, so the redundant updates
  // stay bit-identical and no second barrier (to broadcast new parameters) is needed.
  var loc: array<f32, ${K}>;
  var rho: array<f32, ${K}>;
  var m: array<f32, ${2 * K}>;
  var v: array<f32, ${2 * K}>;
  for (var k = 0u; k < K; k++) {
    loc[k] = state[k];
    rho[k] = state[K + k];
    m[k] = state[2u * K + k];
    m[K + k] = state[3u * K + k];
    v[k] = state[4u * K + k];
    v[K + k] = state[5u * K + k];
  }
${
  MODE === 'subgroup'
    ? ''
    : `  // Noise of the first step: thread k < K draws latent k's normal (one Philox per lane, in parallel).
  if (l < K) { noise[(cfg.step0 & 1u) * K + l] = eps_for(l, cfg.step0); }
  workgroupBarrier();`
}

  var last_loss = 0.0;
  for (var s = 0u; s < cfg.nsteps; s++) {
    let step = cfg.step0 + s;
    let slot = step & 1u;

    // Guide sample (redundantly in every thread): z = loc + scale * eps.
    var eps: array<f32, ${K}>;
    var scale: array<f32, ${K}>;
    var z: array<f32, ${K}>;
${
  MODE === 'subgroup'
    ? `    // Lane l draws latents l and l + 8 (K = 10 > 8 lanes): two Philox blocks per lane, all lanes in
    // parallel, then broadcast so every lane holds all K normals.
    let e_lo = eps_for(l, step);
    let e_hi = eps_for(min(l + WG, K - 1u), step);
    for (var k = 0u; k < WG; k++) { eps[k] = subgroupShuffle(e_lo, k); }
    for (var k = WG; k < K; k++) { eps[k] = subgroupShuffle(e_hi, k - WG); }`
    : ''
}
    for (var k = 0u; k < K; k++) {
      ${MODE === 'subgroup' ? '' : 'eps[k] = noise[slot * K + k];'}
      scale[k] = softplus(rho[k]);
      z[k] = loc[k] + scale[k] * eps[k];
    }
    let sigma = exp(z[K - 1u]);
    let inv_var = 1.0 / (sigma * sigma);

${
  MODE === 'subgroup'
    ? ''
    : `    // Next step's noise, drawn now so it rides on this step's barrier.
    if (l < K) { noise[(1u - slot) * K + l] = eps_for(l, step + 1u); }`
}

    // Plate i in N: this thread's share of sum r, sum r^2 and sum r*x_j, with r = y - (alpha + x.beta).
    // Hot loop in vec4s, no dynamically indexed private arrays: lavapipe keeps those in memory
    // (a stack slot per lane), which made this loop ~100x slower (measured).
    let b0 = vec4<f32>(z[1], z[2], z[3], z[4]);
    let b1 = vec4<f32>(z[5], z[6], z[7], z[8]);
    var acc_r = 0.0;
    var acc_rr = 0.0;
    var acc_g0 = vec4<f32>(0.0);
    var acc_g1 = vec4<f32>(0.0);
    for (var i = l; i < N; i += WG) {
      let x0 = x4[2u * i];
      let x1 = x4[2u * i + 1u];
      let r = y[i] - (z[0] + dot(x0, b0) + dot(x1, b1));
      acc_r += r;
      acc_rr += r * r;
      acc_g0 += r * x0;
      acc_g1 += r * x1;
    }
${
  MODE === 'subgroup'
    ? `    // Lanes of the one subgroup add their shares: every lane gets the same totals, no barrier.
    var tot: array<f32, ${R}>;
    tot[0] = subgroupAdd(acc_r);
    tot[1] = subgroupAdd(acc_rr);
    let g0 = vec4<f32>(subgroupAdd(acc_g0.x), subgroupAdd(acc_g0.y), subgroupAdd(acc_g0.z), subgroupAdd(acc_g0.w));
    let g1 = vec4<f32>(subgroupAdd(acc_g1.x), subgroupAdd(acc_g1.y), subgroupAdd(acc_g1.z), subgroupAdd(acc_g1.w));
    for (var j = 0u; j < 4u; j++) { tot[2u + j] = g0[j]; tot[6u + j] = g1[j]; }

`
    : `    let base = slot * R * WG + l;
    partials[base] = acc_r;
    partials[base + WG] = acc_rr;
    for (var j = 0u; j < 4u; j++) {
      partials[base + (2u + j) * WG] = acc_g0[j];
      partials[base + (6u + j) * WG] = acc_g1[j];
    }
    workgroupBarrier();
    // Every thread sums all WG partials itself (flat, one barrier): on lavapipe a barrier costs
    // microseconds (it switches every SIMD group), far more than WG broadcast reads.
    var tot: array<f32, ${R}>;
    for (var q = 0u; q < R; q++) {
      var t = 0.0;
      for (var w = 0u; w < WG; w++) { t += partials[(slot * R + q) * WG + w]; }
      tot[q] = t;
    }

`
}
    // d log p / dz for each latent (the model's log joint, with sigma = exp(u) and its log-Jacobian u).
    var g: array<f32, ${K}>;
    g[0] = -z[0] / 10000.0 + tot[0] * inv_var;
    for (var j = 0u; j < P; j++) { g[1u + j] = -z[1u + j] / 100.0 + tot[2u + j] * inv_var; }
    g[K - 1u] = -sigma * sigma / 100.0 - f32(N) + tot[1] * inv_var + 1.0;

    // Loss = -ELBO = -(log p(y, z) + log|J|) + log q(z); only its value at the last step is kept,
    // so it is computed only there (a uniform branch: all lanes agree).
    if (s + 1u == cfg.nsteps) {
    var logp = -0.5 * z[0] * z[0] / 10000.0 - log(100.0) - 0.5 * LOG_2PI;
    for (var j = 0u; j < P; j++) { logp += -0.5 * z[1u + j] * z[1u + j] / 100.0 - log(10.0) - 0.5 * LOG_2PI; }
    logp += log(2.0) - log(10.0) - 0.5 * LOG_2PI - sigma * sigma / 200.0 + z[K - 1u];
    logp += -f32(N) * (log(sigma) + 0.5 * LOG_2PI) - 0.5 * tot[1] * inv_var;
    var logq = 0.0;
    for (var k = 0u; k < K; k++) { logq += -log(scale[k]) - 0.5 * LOG_2PI - 0.5 * eps[k] * eps[k]; }
    last_loss = logq - logp;
    }

    // Gradients of the loss w.r.t. loc and rho (pathwise; log q(z) = -log scale - eps^2/2 + c, so
    // its only parameter gradient is d(-log scale)), then Adam with torch's bias corrections.
    let t = f32(step + 1u);
    let bc1 = 1.0 - pow(0.9, t);
    let bc2 = 1.0 - pow(0.999, t);
    for (var k = 0u; k < K; k++) {
      let g_loc = -g[k];
      let g_rho = (-g[k] * eps[k] - 1.0 / scale[k]) * sigmoid(rho[k]);
      m[k] = 0.9 * m[k] + 0.1 * g_loc;
      v[k] = 0.999 * v[k] + 0.001 * g_loc * g_loc;
      loc[k] -= (${LR} / bc1) * m[k] / (sqrt(v[k]) / sqrt(bc2) + 1e-8);
      m[K + k] = 0.9 * m[K + k] + 0.1 * g_rho;
      v[K + k] = 0.999 * v[K + k] + 0.001 * g_rho * g_rho;
      rho[k] -= (${LR} / bc1) * m[K + k] / (sqrt(v[K + k]) / sqrt(bc2) + 1e-8);
    }
  }

  if (l == 0u) {
    for (var k = 0u; k < K; k++) {
      state[k] = loc[k];
      state[K + k] = rho[k];
      state[2u * K + k] = m[k];
      state[3u * K + k] = m[K + k];
      state[4u * K + k] = v[k];
      state[5u * K + k] = v[K + k];
    }
    loss_out[0] = last_loss;
  }
}
`;

const sites = ['alpha', ...Array.from({ length: P }, () => 'beta'), 'sigma'];
const tStart = performance.now();
const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
if (MODE === 'subgroup' && (!ctx.features.has('subgroups') || ctx.subgroupMaxSize !== WG)) {
  throw new Error(
    `the subgroup kernel needs 'subgroups' with subgroup size ${WG} (got ${ctx.subgroupMinSize}-${ctx.subgroupMaxSize}); use --flat`,
  );
}
const pipeline = await createComputePipeline(ctx, wgsl, 'main', 'linreg-step');
const xb = await uploadStorageBuffer(ctx, 'x', xT);
const yb = await uploadStorageBuffer(ctx, 'y', y);
const init = new Float32Array(6 * K);
init.fill(Math.log(Math.expm1(0.1)), K, 2 * K); // rho = softplus^-1(0.1)
const stateb = await uploadStorageBuffer(ctx, 'state', init);
const lossb = await uploadStorageBuffer(ctx, 'loss', new Float32Array(1));
const cfgs = [];
for (let s0 = 0; s0 < STEPS; s0 += CHUNK) {
  const cfg = new Uint32Array(4 + K);
  cfg.set([SEED, s0, Math.min(CHUNK, STEPS - s0), 0]);
  sites.forEach((name, k) => (cfg[4 + k] = streamId(name)));
  cfgs.push(await uploadStorageBuffer(ctx, `cfg${s0}`, cfg));
}
const groups = cfgs.map((c) => bindBuffers(ctx, pipeline, [xb, yb, c, stateb, lossb]));
// Warm-up: lavapipe compiles the shader with LLVM at its first dispatch, which takes SECONDS for a
// kernel this size (Mesa caches the result on disk, so later processes skip it). Run a 0-step dispatch
// (it rewrites the state unchanged) so the timed fit measures steps only; the compile time is reported.
const tc = performance.now();
{
  const warm = new Uint32Array(4 + K);
  const wb = await uploadStorageBuffer(ctx, 'cfg-warm', warm);
  const enc = ctx.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindBuffers(ctx, pipeline, [xb, yb, wb, stateb, lossb]));
  pass.dispatchWorkgroups(1);
  pass.end();
  ctx.device.queue.submit([enc.finish()]);
  await readFloat32(ctx, lossb, 0, 1);
}
const compileSeconds = (performance.now() - tc) / 1000;
// The fit: chunks of CHUNK steps, one dispatch each (state flows through the storage buffer). The
// first chunk is waited for alone (spinning) to measure ms per step; the rest are submitted at once and
// we SLEEP through ~85% of their predicted time before mapping the result, so the process does not
// busy-poll a core that lavapipe's worker thread needs (see src/runtime/wait.ts).
const submitChunks = (list) => {
  const enc = ctx.device.createCommandEncoder();
  for (const bg of list) {
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bg);
    pass.dispatchWorkgroups(1);
    pass.end();
  }
  ctx.device.queue.submit([enc.finish()]);
};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
submitChunks(groups.slice(0, 1));
await readFloat32(ctx, lossb, 0, 1);
const msPerStepFirst = (performance.now() - t0) / Math.min(CHUNK, STEPS);
submitChunks(groups.slice(1));
const spin = process.env.SPIN === '1';
const expectedMs = spin ? undefined : msPerStepFirst * Math.max(0, STEPS - CHUNK);
const state = await readFloat32(ctx, stateb, 0, 2 * K, { expectedMs });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const loss = (await readFloat32(ctx, lossb, 0, 1))[0];
ctx.destroy();

const softplus = (x) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const loc = Array.from(state.slice(0, K));
const scale = Array.from(state.slice(K, 2 * K), softplus);
const latents = {
  alpha: { mean: loc[0], sd: scale[0] },
  beta: { mean: loc.slice(1, 1 + P), sd: scale.slice(1, 1 + P) },
  // AutoNormal's median of sigma = exp(loc_u); its mean is exp(loc + s^2/2), within 1e-4 here.
  sigma: { mean: Math.exp(loc[K - 1] + scale[K - 1] ** 2 / 2), median: Math.exp(loc[K - 1]) },
};
const ref = {
  alpha: 48.49,
  beta: [4.673, -6.471, -11.845, -1.463, 12.036, 13.411, 9.137, 3.503],
  sigma: 2.358,
};
const within = (a, b, sd) => Math.abs(a - b) <= 3 * sd;
const ok =
  within(latents.alpha.mean, ref.alpha, 0.046) &&
  latents.beta.mean.every((b, j) => within(b, ref.beta[j], 0.048)) &&
  within(latents.sigma.mean, ref.sigma, 0.034);
console.log(
  JSON.stringify({
    case: 'linreg-handfused',
    steps: STEPS,
    chunk: CHUNK,
    mode: MODE,
    wg: WG,
    seconds: Number(seconds.toFixed(4)),
    ms_per_step: Number(((seconds * 1000) / STEPS).toFixed(5)),
    cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(3)),
    compile_seconds: Number(compileSeconds.toFixed(3)),
    process_seconds: Number(((performance.now() - tStart) / 1000).toFixed(3)),
    loss,
    latents,
    ok,
  }),
);
