// The inference-method seam: a method is an objective builder (IR functions whose outputs declare their roles) plus a
// driver per backend. The planner, the kernels and the drivers act on roles, so a new method is an addition.
import type { CheckedProgram } from '../check/typed.js';
import type { IRFunction } from '../ir/ir.js';
import type { ContractionPlan } from '../ir/contraction.js';
import type { Objective } from '../ir/objective.js';
import type { GpuContext } from '../runtime/gpu.js';
import type { PreparedFit } from '../infer/prepare.js';
import type { FitResult, RunOptions } from '../infer/fit-result.js';
import type { EstimateFunctions } from '../infer/estimate-functions.js';

/** What a method is built for (more settings join here as methods need them). */
export interface BuildOptions {
  /** Samples per step (Trace_ELBO's particles). */
  readonly particles: number;
  /** Samples per latent site (massively parallel methods), or importance samples (`is`). */
  readonly K: number;
  /** QEM's rate: each step moves a Normal guide's moments this far towards the importance-weighted ones. */
  readonly qemLr: number;
}

/** A guide Normal whose loc and scale QEM sets: the params, and the sources whose gradients are its moments. */
export interface MomentSite {
  readonly site: string;
  readonly loc: string;
  readonly scale: string;
  readonly m1: string;
  readonly m2: string;
}

/** A method's objective before differentiation, with how it sums out sample and enumeration axes. */
export interface MethodIR {
  readonly fn: IRFunction;
  readonly contraction: ContractionPlan | null;
  /** QEM: the guide Normals set from moments, and the rate. */
  readonly moments?: { readonly sites: readonly MomentSite[]; readonly rate: number };
}

export type CpuDriver = (prep: PreparedFit, opts: RunOptions) => FitResult | Promise<FitResult>;
export type WebGpuDriver = (
  prep: PreparedFit,
  opts: RunOptions,
  ctx: GpuContext,
) => Promise<FitResult>;

export interface InferenceMethod {
  /** One line for the usage text. */
  readonly help: string;
  /** The objective before differentiation (the stage `pplc compile --emit ir` prints). */
  lower(checked: CheckedProgram, o: BuildOptions): MethodIR;
  /** What a step runs, gradients included (`--emit grad`), each output's role declared. */
  objective(ir: MethodIR): Objective;
  /**
   * The functions its drivers evaluate after the fit, when it has any (importance-sampling methods): lowered at
   * `pplc compile` so that a compiled module carries them, and the runtime lowers nothing.
   */
  estimates?(checked: CheckedProgram, o: BuildOptions): EstimateFunctions;
  /** Each backend's driver, loaded when a fit runs there (compiling a program loads no backend). */
  readonly drivers: {
    readonly cpu: () => Promise<CpuDriver>;
    readonly webgpu: () => Promise<WebGpuDriver>;
  };
}
