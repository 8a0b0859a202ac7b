// The WebGPU runtime on a real device (lavapipe on CI): reductions, Philox bits, readback, errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  acquireGpu,
  bindBuffers,
  createStorageBuffer,
  dispatch,
  getPipeline,
  GpuError,
  readFloat32,
  readUint32,
  uploadStorageBuffer,
  type GpuContext,
} from '../../src/runtime/gpu.js';
import { philox4x32, WGSL_PHILOX } from '../../src/rng/philox.js';
import { standardNormal, WGSL_KEYED } from '../../src/rng/keyed.js';

let ctx: GpuContext;

test.before(async () => {
  ctx = await acquireGpu({ optionalFeatures: ['subgroups'] });
});

test.after(() => ctx.destroy());

/** Deterministic pseudo-random floats in [-1, 1) (an LCG: no dependence on the code under test). */
function lcgFloats(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

test('device has the large storage limits it asked for', () => {
  assert.ok(ctx.device.limits.maxStorageBufferBindingSize >= 128 * 1024 * 1024);
  assert.is(
    ctx.device.limits.maxStorageBufferBindingSize,
    ctx.adapter.limits.maxStorageBufferBindingSize,
  );
});

test('two-level tree reduction matches a CPU sum', async () => {
  const n = 100003; // not a multiple of the workgroup size: the tail is masked
  const WG = 64;
  const groups = Math.ceil(n / WG);
  const data = lcgFloats(n, 7);
  const partial = `@group(0) @binding(0) var<storage, read> v: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
var<workgroup> s: array<f32, ${WG}>;
@compute @workgroup_size(${WG}) fn main(@builtin(local_invocation_index) l: u32, @builtin(workgroup_id) g: vec3<u32>) {
  let i = g.x * ${WG}u + l;
  s[l] = select(0.0, v[i], i < arrayLength(&v));
  workgroupBarrier();
  for (var w = ${WG / 2}u; w > 0u; w >>= 1u) {
    if (l < w) { s[l] += s[l + w]; }
    workgroupBarrier();
  }
  if (l == 0u) { out[g.x] = s[0]; }
}`;
  const vb = await uploadStorageBuffer(ctx, 'v', data);
  const pb = await createStorageBuffer(ctx, 'partials', groups * 4);
  const tb = await createStorageBuffer(ctx, 'total', 4);
  const p = await getPipeline(ctx, partial);
  dispatch(ctx, p, [bindBuffers(ctx, p, [vb, pb])], [groups]);
  // The finishing pass is the same kernel over the partials (one workgroup per 64 partials, twice).
  const pb2 = await createStorageBuffer(ctx, 'partials2', Math.ceil(groups / WG) * 4);
  dispatch(ctx, p, [bindBuffers(ctx, p, [pb, pb2])], [Math.ceil(groups / WG)]);
  dispatch(ctx, p, [bindBuffers(ctx, p, [pb2, tb])], [1]);
  const [gpuSum] = await readFloat32(ctx, tb, 0, 1);
  let cpu = 0;
  let abs = 0;
  for (const x of data) {
    cpu += x;
    abs += Math.abs(x);
  }
  assert.ok(Math.abs(gpuSum! - cpu) <= 1e-6 * abs + 1e-3, `gpu ${gpuSum} vs cpu ${cpu}`);
});

test('WGSL Philox gives the same u32 bits as src/rng/philox.ts for 10000 counters', async () => {
  const n = 10000;
  const code = `${WGSL_PHILOX}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= ${n}u) { return; }
  // Counters and keys that exercise high bits and carries in every word.
  let ctr = vec4<u32>(i, i * 2654435761u, ~i, i ^ 0xdeadbeefu);
  let key = vec2<u32>(i * 40503u + 17u, 0xffffffffu - i);
  out[i] = philox4x32(ctr, key);
}`;
  const ob = await createStorageBuffer(ctx, 'philox', n * 16);
  const p = await getPipeline(ctx, code);
  dispatch(ctx, p, [bindBuffers(ctx, p, [ob])], [Math.ceil(n / 64)]);
  const gpu = await readUint32(ctx, ob, 0, n * 4);
  const block = new Uint32Array(4);
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    const c1 = Math.imul(i, 2654435761) >>> 0;
    philox4x32(
      i,
      c1,
      ~i >>> 0,
      (i ^ 0xdeadbeef) >>> 0,
      (Math.imul(i, 40503) + 17) >>> 0,
      (0xffffffff - i) >>> 0,
      block,
    );
    for (let w = 0; w < 4; w++) if (gpu[4 * i + w] !== block[w]) mismatches++;
  }
  assert.is(mismatches, 0);
});

test('WGSL philox_normal agrees with keyed standardNormal to f32 precision', async () => {
  const n = 4096;
  const code = `${WGSL_PHILOX}
${WGSL_KEYED}
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  out[id.x] = philox_normal(42u, 0x811c9dc5u, id.x / 16u, id.x % 16u, 0u, 3u);
}`;
  const ob = await createStorageBuffer(ctx, 'normals', n * 4);
  const p = await getPipeline(ctx, code);
  dispatch(ctx, p, [bindBuffers(ctx, p, [ob])], [n / 64]);
  const gpu = await readFloat32(ctx, ob, 0, n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const cpu = standardNormal(42, 0x811c9dc5, Math.floor(i / 16), i % 16, 0, 3);
    worst = Math.max(worst, Math.abs(gpu[i]! - cpu));
  }
  assert.ok(worst < 2e-5, `worst difference ${worst}`);
});

test('readback returns exactly the uploaded words at an offset', async () => {
  const words = Uint32Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 0);
  const b = await uploadStorageBuffer(ctx, 'words', words);
  const back = await readUint32(ctx, b, 100, 800, { expectedMs: 5 });
  assert.equal([...back], [...words.subarray(100, 900)]);
  // A keyed read learns its expected duration; the second read must still return the right data.
  assert.equal([...(await readUint32(ctx, b, 0, 4, { key: 'words' }))], [...words.subarray(0, 4)]);
  assert.equal(
    [...(await readUint32(ctx, b, 996, 4, { key: 'words' }))],
    [...words.subarray(996, 1000)],
  );
});

test('a read past the end of a buffer is a GpuError naming it', async () => {
  const b = await createStorageBuffer(ctx, 'short', 16);
  try {
    await readUint32(ctx, b, 2, 4);
    assert.unreachable('expected an error');
  } catch (e) {
    assert.instance(e, GpuError);
    assert.is((e as GpuError).code, 'GPU007');
    assert.match((e as GpuError).message, /'short'/);
  }
});

test('a WGSL syntax error becomes a GpuError with line:col', async () => {
  const code = [
    '@group(0) @binding(0) var<storage, read_write> o: array<f32>;',
    '@compute @workgroup_size(1) fn main() {',
    '  o[0] = 1.0 +;',
    '}',
  ].join('\n');
  try {
    await getPipeline(ctx, code, 'main', 'broken');
    assert.unreachable('expected an error');
  } catch (e) {
    assert.instance(e, GpuError);
    const g = e as GpuError;
    assert.is(g.code, 'GPU005');
    assert.ok(g.wgslMessages.length > 0);
    assert.is(g.wgslMessages[0]!.line, 3);
    assert.ok(g.wgslMessages[0]!.col > 0);
    assert.match(g.message, /^GPU005: the compute shader 'broken' failed to compile at 3:\d+/);
  }
});

test('a failed compile is not cached; a good one is', async () => {
  const good = '@compute @workgroup_size(1) fn main() {}';
  assert.is(getPipeline(ctx, good), getPipeline(ctx, good));
  const bad = '@compute @workgroup_size(1) fn main() { let x = ; }';
  const first = getPipeline(ctx, bad);
  await first.catch(() => undefined);
  assert.is.not(getPipeline(ctx, bad), first);
  await getPipeline(ctx, bad).catch(() => undefined);
});

test('an oversized buffer gives a clear error naming the buffer', async () => {
  const limit = ctx.device.limits.maxStorageBufferBindingSize;
  try {
    await createStorageBuffer(ctx, 'huge_x', limit + 4);
    assert.unreachable('expected an error');
  } catch (e) {
    assert.instance(e, GpuError);
    assert.is((e as GpuError).code, 'GPU006');
    assert.match((e as GpuError).message, /buffer 'huge_x' needs \d+ bytes/);
  }
});

test('subgroupAdd reduces a one-subgroup workgroup when the adapter has subgroups', async () => {
  if (!ctx.features.has('subgroups')) return; // lavapipe has it; other adapters may not
  const S = ctx.subgroupMaxSize;
  const code = `enable subgroups;
@group(0) @binding(0) var<storage, read_write> o: array<f32>;
@compute @workgroup_size(${S}) fn main(@builtin(local_invocation_index) l: u32) {
  let t = subgroupAdd(f32(l + 1u));
  o[l] = t;
}`;
  const ob = await createStorageBuffer(ctx, 'sg', S * 4);
  const p = await getPipeline(ctx, code);
  dispatch(ctx, p, [bindBuffers(ctx, p, [ob])], [1]);
  const got = await readFloat32(ctx, ob, 0, S);
  assert.equal([...got], new Array(S).fill((S * (S + 1)) / 2));
});

test.run();
