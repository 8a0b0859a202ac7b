// GpuError formatting (no device needed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpuError } from '../../src/runtime/gpu-error.js';

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
