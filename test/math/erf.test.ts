// erf (float64) and the WGSL erf_f (float32, on a WebGPU device) against mpmath references (scripts/ref/erf_refs.py).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { erf, WGSL_SPECIAL } from '../../src/math/special.js';
import {
  acquireGpu,
  bindBuffers,
  createStorageBuffer,
  dispatch,
  getPipeline,
  readFloat32,
  uploadStorageBuffer,
  type GpuContext,
} from '../../src/runtime/gpu.js';

interface Case {
  readonly x: number;
  readonly erf: number;
  /** erf(x) - float64(erf(x)): lets the error be measured below half an ulp. */
  readonly lo: number;
}

const refs = (JSON.parse(readFileSync('test/math/ref-erf.json', 'utf8')) as { cases: Case[] })
  .cases;

/** Spacing of the floats with `mant` explicit mantissa bits at |v|, floored at the smallest subnormal. */
function ulp(v: number, mant: number, minExp: number): number {
  const e = v === 0 ? minExp : Math.max(Math.floor(Math.log2(Math.abs(v))), minExp);
  return 2 ** (e - mant);
}
const ulp64 = (v: number) => ulp(v, 52, -1022);
const ulp32 = (v: number) => ulp(v, 23, -126);

// fdlibm's fits are good to ~2^-57 relative, so what is left is a few roundings (measured: 0.62 ulp);
// 2 ulp leaves room for Math.exp (< 1 ulp) and still catches a mistyped high-order coefficient.
const MAX_ULP64 = 2;
// Float32 Horner evaluation costs ~1-2 ulp, and the erfc tail's exp errors are scaled down by
// erfc(x)/erf(x) < 0.09; 4 ulp of float32 (~5e-7 relative at worst) allows for the device's exp and division.
const MAX_ULP32 = 4;

test('reference file: ~200 cases, both signed zeros, dense in [-6, 6]', () => {
  assert.ok(refs.length >= 200, `${refs.length} cases`);
  assert.ok(refs.some((c) => Object.is(c.x, -0)) && refs.some((c) => Object.is(c.x, 0)));
  assert.ok(refs.filter((c) => Math.abs(c.x) <= 6).length >= 150);
});

test(`float64 erf is within ${MAX_ULP64} ulp of the reference everywhere`, () => {
  let worst = 0;
  let at = 0;
  for (const c of refs) {
    const got = erf(c.x);
    const err = Math.abs(got - c.erf - c.lo) / ulp64(c.erf);
    if (err > worst) [worst, at] = [err, c.x];
    assert.ok(err <= MAX_ULP64, `erf(${c.x}) = ${got}, reference ${c.erf}: ${err.toFixed(2)} ulp`);
  }
  console.log(`  float64 erf: worst ${worst.toFixed(3)} ulp at x = ${at}`);
});

test('float64 erf: signed zeros, NaN, infinities and huge |x|', () => {
  assert.ok(Object.is(erf(0), 0));
  assert.ok(Object.is(erf(-0), -0));
  assert.ok(Number.isNaN(erf(NaN)));
  assert.is(erf(Infinity), 1);
  assert.is(erf(-Infinity), -1);
  for (const x of [6, 27, 1e10, 1e300, Number.MAX_VALUE]) {
    assert.is(erf(x), 1, `erf(${x})`);
    assert.is(erf(-x), -1, `erf(${-x})`);
  }
  // The smallest subnormal: 2/sqrt(pi) * 2^-1074 rounds back to 2^-1074.
  assert.is(erf(Number.MIN_VALUE), Number.MIN_VALUE);
  for (const c of refs) assert.ok(Object.is(erf(-c.x), -erf(c.x)), `odd at ${c.x}`);
});

// ---- WGSL erf_f on a real device ----

let ctx: GpuContext;
test.before(async () => {
  ctx = await acquireGpu();
});
test.after(() => ctx.destroy());

const KERNEL = `${WGSL_SPECIAL}
@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> ys: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x < arrayLength(&xs)) { ys[id.x] = erf_f(xs[id.x]); }
}`;

/** erf_f of each input, computed on the device. */
async function erfOnDevice(xs: Float32Array): Promise<Float32Array> {
  const xb = await uploadStorageBuffer(ctx, 'erf_x', xs);
  const yb = await createStorageBuffer(ctx, 'erf_y', xs.byteLength);
  const p = await getPipeline(ctx, KERNEL, 'main', 'erf_f');
  dispatch(ctx, p, [bindBuffers(ctx, p, [xb, yb])], [Math.ceil(xs.length / 64)]);
  const ys = await readFloat32(ctx, yb, 0, xs.length);
  xb.destroy();
  yb.destroy();
  return ys;
}

test(`WGSL erf_f is within ${MAX_ULP32} float32 ulp of the reference at float32 inputs`, async () => {
  // Only the float32-representable inputs: the reference is then erf at exactly the kernel's input.
  const cases = refs.filter((c) => Math.fround(c.x) === c.x);
  assert.ok(cases.length >= 150, `${cases.length} float32 cases`);
  const ys = await erfOnDevice(Float32Array.from(cases, (c) => c.x));
  let worst = 0;
  let at = 0;
  cases.forEach((c, i) => {
    const got = ys[i]!;
    const err = Math.abs(got - c.erf) / ulp32(c.erf);
    if (err > worst) [worst, at] = [err, c.x];
    assert.ok(
      err <= MAX_ULP32,
      `erf_f(${c.x}) = ${got}, reference ${c.erf}: ${err.toFixed(2)} ulp`,
    );
  });
  console.log(`  WGSL erf_f (references): worst ${worst.toFixed(3)} float32 ulp at x = ${at}`);
});

test(`WGSL erf_f on a million float32 inputs agrees with float64 erf to ${MAX_ULP32} ulp`, async () => {
  // Every 357th float32 from 2^-20 to 5, and its negative (an odd stride varies the low mantissa bits):
  // float64 erf, checked above to a few float64 ulp, is an oracle ~2^-29 float32 ulp off.
  const lo = 0x35800000; // 2^-20
  const hi = 0x40a00000; // 5
  const stride = 357;
  const n = Math.ceil((hi - lo) / stride);
  const bits = Uint32Array.from(
    { length: 2 * n },
    (_, i) => (lo + (i >> 1) * stride) | ((i & 1) << 31),
  );
  const xs = new Float32Array(bits.buffer);
  const ys = await erfOnDevice(xs);
  let worst = 0;
  let at = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const want = erf(x);
    const err = Math.abs(ys[i]! - want) / ulp32(want);
    if (err > worst) [worst, at] = [err, x];
  }
  console.log(
    `  WGSL erf_f (sweep of ${xs.length}): worst ${worst.toFixed(3)} float32 ulp at x = ${at}`,
  );
  assert.ok(worst <= MAX_ULP32, `worst ${worst} ulp at x = ${at}`);
  // Odd symmetry holds bit for bit: the kernel computes |x| and applies the sign last.
  for (let i = 0; i < xs.length; i += 2) assert.ok(ys[i + 1] === -ys[i]!, `odd at ${xs[i]}`);
});

test('WGSL erf_f: zeros, NaN, infinities and huge |x|', async () => {
  const big = Math.fround(3.4e38);
  const xs = Float32Array.from([0, -0, NaN, Infinity, -Infinity, 4, -4, 10, -10, big, -big]);
  const ys = await erfOnDevice(xs);
  assert.is(ys[0], 0);
  assert.is(ys[1], 0); // drivers need not keep the sign of zero
  assert.ok(Number.isNaN(ys[2]!), `erf_f(NaN) = ${ys[2]}`);
  assert.equal([...ys.subarray(3)], [1, -1, 1, -1, 1, -1, 1, -1]);
});

test.run();
