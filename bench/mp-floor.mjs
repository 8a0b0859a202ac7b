// The floor of movielens's K³·U combination sum on this machine's WebGPU: hand-written, model-specific kernels. Prints JSON.
// Why: issue 9 asks for movielens at K = 30 in 30 ms a step; these kernels do only the unavoidable part of one step
// (the log-sum-exp over k_z of every (k_mu, k_psi, k_z, user) combination's 5-term Gaussian quadratic form, and a
// second pass that forms the same combinations' weights for the gradient), with everything else precomputed, so
// their time is a lower bound for any compiler's step. Method as gpu-costs.mjs: slope between 2 and 12 passes per
// submit, minimum over repeats, sleeping wait.
import { acquireGpu, getPipeline, bindBuffers, createStorageBuffer, readBuffer } from '../dist/src/runtime/gpu.js';

const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
const { device } = ctx;
const U = 300;
const D = 5;

/** One thread per (block of T of the K² (k_mu, k_psi) pairs, user); z's D values are loaded once per k_z for all T. */
function kernel(K, T, body) {
  const KK = K * K;
  const NB = Math.ceil(KK / T);
  return {
    threads: NB * U,
    code: `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read> Z: array<f32>;
@group(0) @binding(3) var<storage, read_write> O: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x + g.y * ${65535 * 64}u;
  if (i >= ${NB * U}u) { return; }
  let kb = i / ${U}u;
  let u = i % ${U}u;
  var a: array<f32, ${D * T}>;
  var b: array<f32, ${D * T}>;
  var m: array<f32, ${T}>;
  var s: array<f32, ${T}>;
  for (var j = 0u; j < ${T}u; j++) {
    let kk = min(kb * ${T}u + j, ${KK - 1}u);
    for (var d = 0u; d < ${D}u; d++) { a[j * ${D}u + d] = A[kk * ${D}u + d]; b[j * ${D}u + d] = B[kk * ${D}u + d]; }
    m[j] = O[kk * ${U}u + u];
    s[j] = 0.0;
  }
  for (var k = 0u; k < ${K}u; k++) {
    var z: array<f32, ${D}>;
    var gz: array<f32, ${D}>;
    for (var d = 0u; d < ${D}u; d++) { z[d] = Z[(k * ${U}u + u) * ${D}u + d]; gz[d] = 0.0; }
    for (var j = 0u; j < ${T}u; j++) {
      var t = 0.0;
      for (var d = 0u; d < ${D}u; d++) { t += z[d] * (z[d] * a[j * ${D}u + d] + b[j * ${D}u + d]); }
      ${body}
    }
  }
  for (var j = 0u; j < ${T}u; j++) { let kk = kb * ${T}u + j; if (kk < ${KK}u) { O[kk * ${U}u + u] = m[j] + log(s[j]); } }
}`,
  };
}

// forward: the one-pass log-sum-exp over k_z; weights: exp against the forward's result (known, in O), with the
// gradient of z's 5 values accumulated in registers (the part every method's backward pass needs).
const BODIES = {
  forward: 'let mm = max(m[j], t); s[j] = s[j] * exp(m[j] - mm) + exp(t - mm); m[j] = mm;',
  weights:
    'let w = exp(t - m[j]); s[j] += w; for (var d = 0u; d < ' + D + 'u; d++) { gz[d] += w * (2.0 * z[d] * a[j * ' + D + 'u + d] + b[j * ' + D + 'u + d]); } if (j == ' + '0u) { O[0] += gz[0] * 1e-30; }',
  quadratic_only: 's[j] += t;',
};

async function time(K, T, name) {
  const { code, threads } = kernel(K, T, BODIES[name]);
  const p = await getPipeline(ctx, code);
  const mk = async (n, label, scale) => {
    const b = await createStorageBuffer(ctx, label, n * 4);
    device.queue.writeBuffer(b, 0, new Float32Array(n).map(() => (Math.random() - 0.5) * scale));
    return b;
  };
  const bufs = [await mk(K * K * D, 'A', 0.1), await mk(K * K * D, 'B', 0.1), await mk(K * U * D, 'Z', 1), await mk(K * K * U, 'O', 0)];
  const bg = bindBuffers(ctx, p, bufs);
  const wgs = Math.ceil(threads / 64);
  let est;
  const run = async (n) => {
    const t0 = performance.now();
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(p);
    pass.setBindGroup(0, bg);
    for (let r = 0; r < n; r++) pass.dispatchWorkgroups(Math.min(wgs, 65535), Math.ceil(wgs / 65535));
    pass.end();
    device.queue.submit([enc.finish()]);
    await readBuffer(ctx, bufs[3], 0, 4, { expectedMs: est === undefined ? undefined : est * n });
    return performance.now() - t0;
  };
  await run(1); // compiles the pipeline
  est = await run(1);
  est = Math.min(est, await run(1)) / 1.5;
  const best = async (n) => Math.min(await run(n), await run(n), await run(n));
  const ms = ((await best(12)) - (await best(2))) / 10;
  return Number(ms.toPrecision(3));
}

const out = { machine: 'Mesa lavapipe via Dawn (webgpu npm)', U, D, rows: [] };
for (const K of [10, 30])
  for (const T of [1, 8])
    for (const name of Object.keys(BODIES)) out.rows.push({ K, combinations: K ** 3 * U, T, pass: name, ms: await time(K, T, name) });
console.log(JSON.stringify(out, null, 1));
process.exit(0);
