// Splitting arrays into storage-binding-sized chunks, and GpuError formatting (no device needed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitByBytes } from '../../src/runtime/buffers.js';
import { GpuError } from '../../src/runtime/errors.js';

test('splitByBytes cuts at whole rows within the byte limit and covers the array', () => {
  const a = Float32Array.from({ length: 1000 }, (_, i) => i);
  const chunks = splitByBytes(a, 50, 4096); // 200 bytes per row: all 20 rows fit in one chunk
  assert.is(chunks.length, 1);
  const small = splitByBytes(a, 50, 1000); // 200 bytes per row -> 5 rows per chunk -> 4 chunks
  assert.is(small.length, 4);
  assert.equal(
    small.map((c) => c.start),
    [0, 250, 500, 750],
  );
  for (const c of small) {
    assert.ok(c.data.byteLength <= 1000);
    assert.is(c.data[0], c.start);
  }
  const odd = splitByBytes(a.subarray(0, 900), 50, 1000);
  assert.equal(
    odd.map((c) => c.data.length),
    [250, 250, 250, 150],
  );
});

test('splitByBytes rejects a row larger than a binding', () => {
  assert.throws(
    () => splitByBytes(new Uint32Array(100), 100, 16),
    (e: unknown) => e instanceof GpuError && e.code === 'GPU006',
  );
});

test('GpuError shows its code and sentence first, driver text only as detail', () => {
  const e = new GpuError('GPU002', 'the WebGPU device could not be created', 'VK_ERROR_XYZ\nmore');
  assert.is(e.message, 'GPU002: the WebGPU device could not be created\n  (VK_ERROR_XYZ)');
  const w = new GpuError('GPU005', "the compute shader 'k' failed to compile at 2:5", 'raw', [
    { type: 'error', line: 2, col: 5, message: 'bad token' },
  ]);
  assert.is(
    w.message,
    "GPU005: the compute shader 'k' failed to compile at 2:5\n  2:5 error: bad token",
  );
});

test.run();
