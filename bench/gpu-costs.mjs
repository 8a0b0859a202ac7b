// Measures what costs what on this machine's WebGPU (Dawn + lavapipe): dispatch, submit, loop iteration, reductions, big passes. Prints JSON.
// Method: each quantity is a slope between two workloads that differ only in the thing measured (so the
// fixed cost of a submit + readback round trip cancels), each timed as the minimum of REPS repeats after a warm-up.
import {
  acquireGpu,
  getPipeline,
  bindBuffers,
  uploadStorageBuffer,
  createStorageBuffer,
  readBuffer,
  sleep,
} from '../dist/src/runtime/gpu.js';

const ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
const { device } = ctx;
const REPS = Number(process.env.REPS ?? 5);
const only = process.argv[2];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 4) => Number(x.toPrecision(d));

const tiny = await createStorageBuffer(ctx, 'tiny', 16);
/** Submits `encode`'s commands and waits for them (a 4-byte readback), returning ms; median over REPS after one warm-up. */
async function time(encodeAndSubmit, { spin = true } = {}) {
  const ts = [];
  let est;
  for (let r = 0; r <= REPS; r++) {
    const t0 = performance.now();
    encodeAndSubmit();
    await readBuffer(ctx, tiny, 0, 4, spin ? {} : { expectedMs: est });
    const dt = performance.now() - t0;
    if (r > 0) ts.push(dt);
    est = dt;
  }
  // The minimum, not the median: other processes share the 2 cores, and interference only ever adds time.
  return Math.min(...ts);
}

function encodePass(pipeline, bg, wgs, dispatches = 1) {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bg);
  for (let i = 0; i < dispatches; i++) pass.dispatchWorkgroups(wgs);
  pass.end();
  return enc.finish();
}

const out = {};

// (a) + (b): an almost empty kernel (one thread writes one word).
if (!only || only === 'dispatch') {
  const p = await getPipeline(
    ctx,
    `@group(0) @binding(0) var<storage, read_write> o: array<u32>;
@compute @workgroup_size(1) fn main() { o[0] = o[0] + 1u; }`,
  );
  const bg = bindBuffers(ctx, p, [tiny]);
  const rt = await time(() => device.queue.submit([encodePass(p, bg, 1, 1)]));
  const n = 2000;
  const inPass = await time(() => device.queue.submit([encodePass(p, bg, 1, n)]));
  const passes = await time(() => {
    const enc = device.createCommandEncoder();
    for (let i = 0; i < n; i++) {
      const pass = enc.beginComputePass();
      pass.setPipeline(p);
      pass.setBindGroup(0, bg);
      pass.dispatchWorkgroups(1);
      pass.end();
    }
    device.queue.submit([enc.finish()]);
  });
  const submits = await time(() => {
    for (let i = 0; i < n; i++) device.queue.submit([encodePass(p, bg, 1, 1)]);
  });
  out.round_trip_ms = round(rt);
  out.dispatch_in_one_pass_us = round(((inPass - rt) / (n - 1)) * 1000);
  out.dispatch_own_pass_us = round(((passes - rt) / (n - 1)) * 1000);
  out.submit_with_one_dispatch_us = round(((submits - rt) / (n - 1)) * 1000);
  // JS-side cost only (encode + submit, no wait): how much of a submit is the CPU thread's own time.
  const t0 = performance.now();
  for (let i = 0; i < n; i++) device.queue.submit([encodePass(p, bg, 1, 1)]);
  out.submit_js_side_us = round(((performance.now() - t0) / n) * 1000);
  await readBuffer(ctx, tiny, 0, 4);
}

// (c) loop iterations inside a kernel: 64 threads, little work per iteration, with and without a barrier.
if (!only || only === 'loop') {
  const mk = (barrier) => `@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@group(0) @binding(1) var<storage, read> n: array<u32>;
var<workgroup> s: array<f32, 64>;
@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) l: u32) {
  var x = f32(l);
  for (var i = 0u; i < n[0]; i++) {
    x = x * 0.9999 + 1.0;
    ${barrier ? 's[l] = x; workgroupBarrier(); x = x + s[(l + 1u) & 63u] * 1e-6; workgroupBarrier();' : ''}
  }
  o[l] = x;
}`;
  for (const barrier of [false, true]) {
    const p = await getPipeline(ctx, mk(barrier));
    const ob = await createStorageBuffer(ctx, 'o', 256);
    const res = [];
    for (const L of [1000, 21000]) {
      const nb = await uploadStorageBuffer(ctx, 'n', new Uint32Array([L]));
      const bg = bindBuffers(ctx, p, [ob, nb]);
      res.push(await time(() => device.queue.submit([encodePass(p, bg, 1)])));
    }
    out[barrier ? 'loop_iter_64thr_2barriers_us' : 'loop_iter_64thr_no_barrier_us'] = round(
      ((res[1] - res[0]) / 20000) * 1000,
    );
  }
}

// (d) one workgroup of 64 threads: per iteration, each thread sums its strided share of 2500 floats, then a
// shared-memory tree reduction (6 barrier levels). This is one plate sum of the fused linreg kernel.
if (!only || only === 'reduce') {
  const N = 2500;
  // 'tree': the textbook log2(WG)-level shared-memory tree (a barrier per level).
  // 'flat': one barrier per iteration: partials go to a double-buffered array (alternating by iteration
  // parity, so no second barrier is needed before it is overwritten) and every thread sums all WG partials itself.
  const reduceCode = (WG, kind) => `@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@group(0) @binding(1) var<storage, read> n: array<u32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
var<workgroup> s: array<f32, ${2 * WG}>;
@compute @workgroup_size(${WG}) fn main(@builtin(local_invocation_index) l: u32) {
  var acc = 0.0;
  for (var it = 0u; it < n[0]; it++) {
    var part = 0.0;
    for (var i = l; i < ${N}u; i += ${WG}u) { part += v[i] * acc + v[i]; }
    ${
      kind === 'tree'
        ? `s[l] = part;
    workgroupBarrier();
    for (var w = ${Math.max(1, WG / 2)}u; w > 0u; w >>= 1u) {
      if (l < w) { s[l] += s[l + w]; }
      workgroupBarrier();
    }
    acc = s[0] * 1e-9;
    workgroupBarrier();`
        : `let base = (it & 1u) * ${WG}u;
    s[base + l] = part;
    workgroupBarrier();
    var tot = 0.0;
    for (var k = 0u; k < ${WG}u; k++) { tot += s[base + k]; }
    acc = tot * 1e-9;`
    }
  }
  if (l == 0u) { o[0] = acc; }
}`;
  out.reduce2500_per_iter_us = {};
  for (const kind of ['tree', 'flat']) {
    for (const WG of [1, 8, 16, 32, 64, 128]) {
      if (kind === 'tree' && WG === 1) continue;
      const p = await getPipeline(ctx, reduceCode(WG, kind));
      const ob = await createStorageBuffer(ctx, 'o', 16);
      const vb = await uploadStorageBuffer(ctx, 'v', new Float32Array(N).fill(1));
      const res = [];
      for (const L of [200, 2200]) {
        const nb = await uploadStorageBuffer(ctx, 'n', new Uint32Array([L]));
        const bg = bindBuffers(ctx, p, [ob, nb, vb]);
        res.push(await time(() => device.queue.submit([encodePass(p, bg, 1)])));
      }
      out.reduce2500_per_iter_us[`${kind}_wg${WG}`] = round(((res[1] - res[0]) / 2000) * 1000);
    }
  }
  // 'subgroup': the workgroup is one subgroup (8 lanes on lavapipe): subgroupAdd, no barrier, no shared memory.
  if (ctx.features.has('subgroups')) {
    const S = ctx.subgroupMaxSize;
    const p = await getPipeline(
      ctx,
      `enable subgroups;
@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@group(0) @binding(1) var<storage, read> n: array<u32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@compute @workgroup_size(${S}) fn main(@builtin(local_invocation_index) l: u32) {
  var acc = 0.0;
  for (var it = 0u; it < n[0]; it++) {
    var part = 0.0;
    for (var i = l; i < ${N}u; i += ${S}u) { part += v[i] * acc + v[i]; }
    acc = subgroupAdd(part) * 1e-9;
  }
  if (l == 0u) { o[0] = acc; }
}`,
    );
    const ob = await createStorageBuffer(ctx, 'o', 16);
    const vb = await uploadStorageBuffer(ctx, 'v', new Float32Array(N).fill(1));
    const res = [];
    for (const L of [200, 2200]) {
      const nb = await uploadStorageBuffer(ctx, 'n', new Uint32Array([L]));
      const bg = bindBuffers(ctx, p, [ob, nb, vb]);
      res.push(await time(() => device.queue.submit([encodePass(p, bg, 1)])));
    }
    out.reduce2500_per_iter_us[`subgroupAdd_wg${S}`] = round(((res[1] - res[0]) / 2000) * 1000);
  }
}

// (e) a 100000 x 50 f32 matrix (20 MB): per row r = y - x.beta, per-workgroup partial sums of r*r and x*r
// (the gradient shape of a regression), then a finishing dispatch summing the partials.
if (!only || only === 'bigpass') {
  const N = 100000,
    P = 50;
  const x = new Float32Array(N * P);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const xb = await uploadStorageBuffer(ctx, 'x', x);
  const yb = await uploadStorageBuffer(ctx, 'y', new Float32Array(N).fill(1));
  const betab = await uploadStorageBuffer(ctx, 'beta', new Float32Array(P).fill(0.1));
  out.bigpass = {};
  for (const WG of [32, 64, 128, 256]) {
    for (const ROWS of [1, 4]) {
      const groups = Math.ceil(N / (WG * ROWS));
      const partial = await createStorageBuffer(ctx, 'partial', groups * 4);
      const total = await createStorageBuffer(ctx, 'total', 4);
      const pass1 = await getPipeline(
        ctx,
        `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> beta: array<f32>;
@group(0) @binding(3) var<storage, read_write> partial: array<f32>;
var<workgroup> s: array<f32, ${WG}>;
@compute @workgroup_size(${WG}) fn main(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) g: vec3<u32>) {
  var acc = 0.0;
  for (var k = 0u; k < ${ROWS}u; k++) {
    let row = (g.x * ${ROWS}u + k) * ${WG}u + l;
    if (row < ${N}u) {
      var eta = 0.0;
      for (var j = 0u; j < ${P}u; j++) { eta += x[row * ${P}u + j] * beta[j]; }
      let r = y[row] - eta;
      acc += r * r;
    }
  }
  s[l] = acc;
  workgroupBarrier();
  for (var w = ${WG / 2}u; w > 0u; w >>= 1u) {
    if (l < w) { s[l] += s[l + w]; }
    workgroupBarrier();
  }
  if (l == 0u) { partial[g.x] = s[0]; }
}`,
      );
      const pass2 = await getPipeline(
        ctx,
        `@group(0) @binding(0) var<storage, read> partial: array<f32>;
@group(0) @binding(1) var<storage, read_write> total: array<f32>;
var<workgroup> s: array<f32, 256>;
@compute @workgroup_size(256) fn main(@builtin(local_invocation_index) l: u32) {
  var acc = 0.0;
  for (var i = l; i < ${groups}u; i += 256u) { acc += partial[i]; }
  s[l] = acc;
  workgroupBarrier();
  for (var w = 128u; w > 0u; w >>= 1u) {
    if (l < w) { s[l] += s[l + w]; }
    workgroupBarrier();
  }
  if (l == 0u) { total[0] = s[0]; }
}`,
      );
      const bg1 = bindBuffers(ctx, pass1, [xb, yb, betab, partial]);
      const bg2 = bindBuffers(ctx, pass2, [partial, total]);
      const reps = Number(process.env.BIGREPS ?? 10);
      const enc = (k) => {
        const e = device.createCommandEncoder();
        const pass = e.beginComputePass();
        for (let i = 0; i < k; i++) {
          pass.setPipeline(pass1);
          pass.setBindGroup(0, bg1);
          pass.dispatchWorkgroups(groups);
          pass.setPipeline(pass2);
          pass.setBindGroup(0, bg2);
          pass.dispatchWorkgroups(1);
        }
        pass.end();
        device.queue.submit([e.finish()]);
      };
      if (process.env.RAW)
        console.error(
          WG,
          ROWS,
          await time(() => enc(1)),
          await time(() => enc(1), { spin: false }),
          await time(() => enc(reps + 1), { spin: false }),
        );
      const t1 = await time(() => enc(1), { spin: false });
      const tk = await time(() => enc(reps + 1), { spin: false });
      const tks = await time(() => enc(reps + 1), { spin: true });
      out.bigpass[`wg${WG}_rows${ROWS}`] = {
        ms_per_pass: round((tk - t1) / reps),
        ms_per_pass_spinning_wait: round((tks - t1) / reps),
        workgroups: groups,
      };
    }
  }
  const r = await readBuffer(ctx, xb, 0, 8);
  void r;
}

// Waiting: CPU time the process burns while a long single-thread job runs, spinning vs sleeping first.
if (!only || only === 'wait') {
  const p = await getPipeline(
    ctx,
    `@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@group(0) @binding(1) var<storage, read> n: array<u32>;
@compute @workgroup_size(1) fn main() {
  var x = 0.0;
  for (var i = 0u; i < n[0]; i++) { x = x * 0.999 + f32(i & 7u); }
  o[0] = x;
}`,
  );
  const ob = await createStorageBuffer(ctx, 'o', 16);
  const nb = await uploadStorageBuffer(ctx, 'n', new Uint32Array([3e7]));
  const bg = bindBuffers(ctx, p, [ob, nb]);
  const one = async (expectedMs) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    device.queue.submit([encodePass(p, bg, 1)]);
    await readBuffer(ctx, ob, 0, 4, expectedMs === undefined ? {} : { expectedMs });
    const c = process.cpuUsage(c0);
    return { wall_ms: performance.now() - t0, cpu_ms: (c.user + c.system) / 1000 };
  };
  const job = [];
  for (let i = 0; i < 3; i++) job.push((await one()).wall_ms);
  const est = median(job);
  const rows = { spin: [], sleep_then_map: [] };
  for (let i = 0; i < REPS; i++) {
    rows.spin.push(await one());
    rows.sleep_then_map.push(await one(est));
  }
  const summ = (rs) => ({
    wall_ms: round(median(rs.map((r) => r.wall_ms))),
    cpu_ms: round(median(rs.map((r) => r.cpu_ms))),
  });
  out.wait_single_thread_job = {
    job_ms: round(est),
    spin: summ(rows.spin),
    sleep_then_map: summ(rows.sleep_then_map),
  };
  await sleep(1);
}

ctx.destroy();
console.log(JSON.stringify(out, null, 1));
