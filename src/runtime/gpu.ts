// The WebGPU runtime's public API: device, buffers, readback, waiting, pipelines, errors, WGSL Philox.
export { acquireGpu, checkAlive, type AcquireOptions, type GpuContext } from './device.js';
export { GpuError, isGpuError, type GpuErrorCode, type WgslMessage } from './gpu-error.js';
export {
  checkBindingSize,
  createStorageBuffer,
  uploadStorageBuffer,
  writeBuffer,
  type HostArray,
} from './buffers.js';
export { readBuffer, readFloat32, readUint32, type ReadOptions } from './readback.js';
export {
  DEFAULT_WAIT_POLICY,
  DurationEstimates,
  guardLost,
  sleep,
  sleepBeforePoll,
  waitForQueue,
  type WaitPolicy,
} from './wait.js';
export {
  bindBuffers,
  createComputePipeline,
  dispatch,
  getPipeline,
  storageLayout,
  type StorageSlot,
} from './pipelines.js';
