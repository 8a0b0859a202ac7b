// What the page's browser offers for WebGPU: whether navigator.gpu exists and finds an adapter, in a sentence.
export interface GpuProbe {
  readonly available: boolean;
  readonly message: string;
}

export async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (gpu === undefined)
    return {
      available: false,
      message:
        'This browser has no WebGPU (navigator.gpu is missing): fits run on the CPU backend, in a Worker.',
    };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    adapter = null;
    console.warn('requestAdapter failed', e);
  }
  if (adapter === null)
    return {
      available: false,
      message:
        'WebGPU is here but found no adapter (no GPU, or one the browser blocks): fits run on the CPU backend, in a Worker.',
    };
  const info = adapter.info;
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  const fallback = info.isFallbackAdapter ? ', a software fallback adapter' : '';
  return { available: true, message: `WebGPU adapter: ${name || 'unnamed'}${fallback}.` };
}
