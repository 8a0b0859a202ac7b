// acquireGpu: finds WebGPU (navigator.gpu, else the `webgpu` package in Node) and opens a device with large limits.
import { GpuError } from './gpu-error.js';

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapter: GPUAdapter;
  /** The optional features the device was created with. */
  readonly features: ReadonlySet<GPUFeatureName>;
  /** The adapter's subgroup size range (0 when unknown). */
  readonly subgroupMinSize: number;
  readonly subgroupMaxSize: number;
  /** Rejects (with a GpuError GPU003) when the device is lost; pending waits race against it. */
  readonly lost: Promise<never>;
  /** Set once the device is lost, so later calls fail fast with the same error. */
  lostError: GpuError | undefined;
  /** Releases the device (lets a Node process exit). */
  destroy(): void;
}

export interface AcquireOptions {
  readonly powerPreference?: GPUPowerPreference;
  /**
   * Optional features requested when the adapter has them ('subgroups' lets a kernel whose workgroup is
   * one subgroup reduce without barriers; lavapipe's subgroup is 8 lanes). See GpuContext.features.
   */
  readonly optionalFeatures?: readonly GPUFeatureName[];
  /** Options passed to the Node `webgpu` package's create() (Dawn toggles such as 'backend=vulkan'). */
  readonly dawnOptions?: readonly string[];
}

interface NodeWebGpu {
  create(options: string[]): GPU;
  globals: object;
}

let nodeGpu: GPU | undefined;

const underNode = (): boolean =>
  (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !==
  undefined;

async function findGpu(opts: AcquireOptions): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return nav.gpu;
  if (nodeGpu !== undefined) return nodeGpu;
  // In a browser (or a Worker) without navigator.gpu there is no package to fall back on.
  if (!underNode())
    throw new GpuError('GPU001', 'this browser has no WebGPU (navigator.gpu is missing)');
  // A variable specifier keeps bundlers from pulling the native package into browser builds.
  const name = 'webgpu';
  let mod: NodeWebGpu;
  try {
    mod = (await import(name)) as NodeWebGpu;
  } catch (e) {
    throw new GpuError(
      'GPU008',
      'the `webgpu` package could not be loaded; run `npm install` (scripts/setup.sh)',
      String(e),
    );
  }
  // Dawn's constants (GPUBufferUsage, ...) are globals in a browser; make them so in Node too.
  Object.assign(globalThis, mod.globals);
  nodeGpu = mod.create([...(opts.dawnOptions ?? [])]);
  return nodeGpu;
}

const WANTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

export async function acquireGpu(opts: AcquireOptions = {}): Promise<GpuContext> {
  const gpu = await findGpu(opts);
  const adapter = await gpu.requestAdapter(
    opts.powerPreference ? { powerPreference: opts.powerPreference } : undefined,
  );
  if (adapter === null) {
    throw new GpuError(
      'GPU001',
      underNode()
        ? "no WebGPU adapter was found; on a machine without a GPU install Mesa's lavapipe (scripts/setup.sh)"
        : 'the browser found no WebGPU adapter',
    );
  }
  const requiredLimits: Record<string, number> = {};
  for (const k of WANTED_LIMITS) requiredLimits[k] = adapter.limits[k];
  const features = (opts.optionalFeatures ?? []).filter((f) => adapter.features.has(f));
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits, requiredFeatures: features });
  } catch (e) {
    throw new GpuError('GPU002', 'the WebGPU device could not be created', String(e));
  }
  let destroyed = false;
  const info = adapter.info as GPUAdapterInfo & {
    subgroupMinSize?: number;
    subgroupMaxSize?: number;
  };
  const ctx: GpuContext = {
    device,
    adapter,
    features: new Set(features),
    subgroupMinSize: info.subgroupMinSize ?? 0,
    subgroupMaxSize: info.subgroupMaxSize ?? 0,
    lostError: undefined,
    lost: device.lost.then((info) => {
      const err = destroyed
        ? new GpuError('GPU003', 'the WebGPU device was released while work was pending')
        : new GpuError(
            'GPU003',
            'the WebGPU device was lost (driver reset or crash)',
            info.message,
          );
      ctx.lostError = err;
      throw err;
    }),
    destroy() {
      destroyed = true;
      device.destroy();
    },
  };
  // Nobody may be awaiting `lost`; keep an unobserved rejection from killing the process.
  ctx.lost.catch(() => undefined);
  return ctx;
}

/** Throws the device-lost error if the device is gone (call before queuing work). */
export function checkAlive(ctx: GpuContext): void {
  if (ctx.lostError !== undefined) throw ctx.lostError;
}
