// Measures ways to stream a 100000 x 50 f32 matrix (20 MB) on this WebGPU: dot + gradient accumulation per row, or a plain sum; one JSON line per variant. Usage: node bench/stream-loads.mjs [NAME-SUBSTRING]
import {
  acquireGpu,
  getPipeline,
  bindBuffers,
  uploadStorageBuffer,
  createStorageBuffer,
  readBuffer,
} from '../dist/src/runtime/gpu.js';
const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
const { device } = ctx;
const N = 100000,
  P = 50,
  PP = 52,
  Q = PP / 4;
const tiny = await createStorageBuffer(ctx, 'tiny', 16);
// Every vec4 variant binds the same four buffers.
const BINDINGS_V4 = `@group(0) @binding(0) var<storage, read> x: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;`;
async function time(f, reps = 5) {
  const ts = [];
  let est;
  for (let r = 0; r <= reps; r++) {
    const t0 = performance.now();
    f();
    await readBuffer(ctx, tiny, 0, 4, { expectedMs: est });
    const dt = performance.now() - t0;
    if (r) ts.push(dt);
    est = dt;
  }
  return Math.min(...ts);
}
const xRow = new Float32Array(N * PP);
for (let n = 0; n < N; n++)
  for (let j = 0; j < P; j++) xRow[n * PP + j] = (((n * P + j) * 2654435761) % 1000) / 1000 - 0.5;
const xBlk = new Float32Array(N * PP);
for (let n = 0; n < N; n++)
  for (let q = 0; q < Q; q++)
    for (let c = 0; c < 4; c++)
      xBlk[Math.floor(n / 8) * Q * 32 + q * 32 + (n % 8) * 4 + c] = xRow[n * PP + q * 4 + c];
const xb = await uploadStorageBuffer(ctx, 'x', xRow);
const xbb = await uploadStorageBuffer(ctx, 'xb', xBlk);
const yb = await uploadStorageBuffer(ctx, 'y', new Float32Array(N).fill(1));
const betab = await uploadStorageBuffer(ctx, 'beta', new Float32Array(PP).fill(0.01));
const outb = await createStorageBuffer(ctx, 'out', 4096 * 64 * 4);
const variants = {};
const J = [...Array(P).keys()];
// A: lane per row, scalar loads (gathers), WG 64, strided rows.
variants.A_gather_wg64 = {
  wg: 64,
  groups: 128,
  src: `
@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) g: vec3<u32>) {
  ${J.map((j) => `let b${j} = beta[${j}u]; var a${j} = 0.0;`).join('\n  ')}
  for (var n = g.x * 64u + l; n < ${N}u; n += 8192u) {
    ${J.map((j) => `let x${j} = x[n * ${PP}u + ${j}u];`).join(' ')}
    let eta = ${J.map((j) => `x${j} * b${j}`).join(' + ')};
    let r = 1.0 / (1.0 + exp(-eta)) - y[n];
    ${J.map((j) => `a${j} += r * x${j};`).join(' ')}
  }
  ${J.map((j) => `o[(g.x * 64u + l) * 64u + ${j}u] = a${j};`).join(' ')}
}`,
};
// B: uniform vec4 loads: the row comes from workgroup_id only; a workgroup of 1 invocation walks a chunk of rows.
for (const G of [64, 256, 1024]) {
  const R = Math.ceil(N / G);
  variants[`B_uniform_vec4_wg1_g${G}`] = {
    wg: 1,
    groups: G,
    src: `
${BINDINGS_V4}
@compute @workgroup_size(1) fn main(@builtin(workgroup_id) g: vec3<u32>) {
  ${[...Array(Q).keys()].map((q) => `let b${q} = beta[${q}u]; var a${q} = vec4<f32>();`).join('\n  ')}
  let n0 = g.x * ${R}u;
  let n1 = min(n0 + ${R}u, ${N}u);
  for (var n = n0; n < n1; n++) {
    ${[...Array(Q).keys()].map((q) => `let x${q} = x[n * ${Q}u + ${q}u];`).join(' ')}
    let eta = ${[...Array(Q).keys()].map((q) => `dot(x${q}, b${q})`).join(' + ')};
    let r = 1.0 / (1.0 + exp(-eta)) - y[n];
    ${[...Array(Q).keys()].map((q) => `a${q} += r * x${q};`).join(' ')}
  }
  ${[...Array(Q).keys()].map((q) => `o[g.x * 64u + ${q * 4}u] = a${q}.x + a${q}.y + a${q}.z + a${q}.w;`).join(' ')}
}`,
  };
}
// B8: like B, but a workgroup of 8 whose lanes take rows n0 + lane (non-uniform vec4 loads).
variants.C_vec4_gather_wg8 = {
  wg: 8,
  groups: 256,
  src: `
${BINDINGS_V4}
@compute @workgroup_size(8) fn main(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) g: vec3<u32>) {
  ${[...Array(Q).keys()].map((q) => `let b${q} = beta[${q}u]; var a${q} = vec4<f32>();`).join('\n  ')}
  for (var n = g.x * 8u + l; n < ${N}u; n += 2048u) {
    ${[...Array(Q).keys()].map((q) => `let x${q} = x[n * ${Q}u + ${q}u];`).join(' ')}
    let eta = ${[...Array(Q).keys()].map((q) => `dot(x${q}, b${q})`).join(' + ')};
    let r = 1.0 / (1.0 + exp(-eta)) - y[n];
    ${[...Array(Q).keys()].map((q) => `a${q} += r * x${q};`).join(' ')}
  }
  ${[...Array(Q).keys()].map((q) => `o[(g.x * 8u + l) * 64u + ${q * 4}u] = a${q}.x + a${q}.y + a${q}.z + a${q}.w;`).join(' ')}
}`,
};

for (const G of [2, 16, 64]) {
  const R = Math.ceil(N / G);
  variants[`D_sumonly_uniform_wg1_g${G}`] = {
    wg: 1,
    groups: G,
    src: `
${BINDINGS_V4}
@compute @workgroup_size(1) fn main(@builtin(workgroup_id) g: vec3<u32>) {
  var a = vec4<f32>();
  let n0 = g.x * ${R}u;
  let n1 = min(n0 + ${R}u, ${N}u);
  for (var k = n0 * ${Q}u; k < n1 * ${Q}u; k++) { a += x[k]; }
  o[g.x * 64u] = a.x + a.y + a.z + a.w + y[0] + beta[0].x;
}`,
  };
  variants[`E_sumonly_lanes_wg8_g${G}`] = {
    wg: 8,
    groups: G,
    src: `
${BINDINGS_V4}
@compute @workgroup_size(8) fn main(@builtin(workgroup_id) g: vec3<u32>, @builtin(local_invocation_index) l: u32) {
  var a = vec4<f32>();
  let n0 = g.x * ${R}u;
  let n1 = min(n0 + ${R}u, ${N}u);
  for (var k = n0 * ${Q}u + l; k < n1 * ${Q}u; k += 8u) { a += x[k]; }
  o[g.x * 64u + l] = a.x + a.y + a.z + a.w + y[0] + beta[0].x;
}`,
  };
}

const QK = [...Array(Q).keys()];
for (const [G, WG, layout] of [
  [256, 8, 'row'],
  [64, 8, 'row'],
  [1024, 8, 'row'],
  [256, 8, 'blk'],
  [256, 16, 'row'],
  [256, 32, 'row'],
]) {
  const S = G * WG;
  const idx = (q) =>
    layout === 'row' ? `n * ${Q}u + ${q}u` : `(n / 8u) * ${Q * 8}u + ${q * 8}u + n % 8u`;
  variants[`F_vec4_${layout}_wg${WG}_g${G}`] = {
    wg: WG,
    groups: G,
    layout,
    src: `
enable subgroups;
${BINDINGS_V4}
@compute @workgroup_size(${WG}) fn main(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) g: vec3<u32>) {
  ${QK.map((q) => `let b${q} = beta[${q}u]; var a${q} = vec4<f32>();`).join('\n  ')}
  for (var n = g.x * ${WG}u + l; n < ${N}u; n += ${S}u) {
    ${QK.map((q) => `let x${q} = x[${idx(q)}];`).join(' ')}
    let eta = ${QK.map((q) => `dot(x${q}, b${q})`).join(' + ')};
    let r = 1.0 / (1.0 + exp(-eta)) - y[n];
    ${QK.map((q) => `a${q} += r * x${q};`).join(' ')}
  }
  ${QK.map((q) => `let s${q} = subgroupAdd(a${q});`).join(' ')}
  if (l == 0u) { ${QK.map((q) => `o[g.x * 64u + ${q * 4}u] = s${q}.x + s${q}.y + s${q}.z + s${q}.w;`).join(' ')} }
}`,
  };
}
const only = process.argv[2];
for (const [name, v] of Object.entries(variants)) {
  if (only && !name.includes(only)) continue;
  const t0 = performance.now();
  const p = await getPipeline(ctx, v.src);
  const bg = bindBuffers(ctx, p, [v.layout === 'blk' ? xbb : xb, yb, betab, outb]);
  const run = (k) => {
    const e = device.createCommandEncoder();
    const pass = e.beginComputePass();
    pass.setPipeline(p);
    pass.setBindGroup(0, bg);
    for (let i = 0; i < k; i++) pass.dispatchWorkgroups(v.groups);
    pass.end();
    device.queue.submit([e.finish()]);
  };
  await time(() => run(1), 0);
  const compile = performance.now() - t0;
  const t1 = await time(() => run(1)),
    t11 = await time(() => run(11));
  const o = new Float32Array(await readBuffer(ctx, outb, 0, 16));
  console.log(
    JSON.stringify({
      name,
      compile_ms: Math.round(compile),
      ms_per_pass: +((t11 - t1) / 10).toFixed(2),
      one: +t1.toFixed(2),
      o0: o[0],
    }),
  );
}
process.exit(0);
