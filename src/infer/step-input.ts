// What a fit runs, made from readonly data alone (objective, init and draws functions, data): no lowering, so the
// runtime entry prepares compiled programs with it (src/infer/prepare.ts builds those functions from a program).
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { IRFunction, ParamDecl } from '../ir/ir.js';
import type { Objective } from '../ir/objective.js';
import type { KernelSource } from '../codegen-wgsl/generate.js';
import type { CompiledKernels } from './compiled-kernels.js';
import { OPTIMIZERS, type OptimizerName } from '../optim/optimizers.js';
import type { Optimizer } from '../optim/optimizer.js';
import { evaluate, type EvalEnv } from '../ir/interp.js';
import { resolveAxisSizes } from '../ir/axes.js';
import type { Source } from '../lower/sources.js';
import { unconstrainValues } from '../distributions/constrain-values.js';
import { InternalError } from '../diag/diagnostic.js';
import { applyPermutation, permutation } from './permute.js';

export interface ParamState {
  readonly decl: ParamDecl;
  readonly shape: readonly number[];
  /** Unconstrained values, row-major over decl.axes. */
  readonly values: Float64Array;
}

/** What a stepping driver runs: an objective, its data and sizes, and the params' starting values. */
export interface StepInput {
  /** What a step runs: the method's objective (with its gradients), its outputs' roles declared. */
  readonly objective: Objective;
  readonly data: BoundData;
  readonly params: readonly ParamState[];
  readonly sizes: ReadonlyMap<string, number>;
  /** The .ppl the objective came from (named in the kernels' header comments). */
  readonly file: string;
  /** Kernels a compiled module carries for the objective (the WebGPU driver runs them where they fit the data). */
  readonly kernels?: readonly CompiledKernels[];
}

/**
 * The posterior draws function for n draws: outputs `latent:<site>`, `param:<name>`, `logW` and, with enumerated
 * sites, `logZ` and the gradients of `logZ` with respect to each source (src/lower/draws.ts, differentiated).
 */
export interface DrawsFunction {
  readonly fn: IRFunction;
  readonly sources: readonly Source[];
}

/** A step input made from a checked program, whose guide gives the posterior draws after the fit. */
export interface PreparedFit extends StepInput {
  /** The program's declarations and sites (summaries read the sites; methods after a fit lower from it). */
  readonly checked: CheckedProgram;
  /** The guide's draws after the fit (built per n, or one compiled function with its draws axis resized). */
  readonly draws: (n: number) => DrawsFunction;
}

export function dataEnv(
  data: BoundData,
  params: ReadonlyMap<string, Float64Array>,
  seed: number,
  step: number,
): EvalEnv {
  return { sizes: data.sizes, data: data.arrays, params, seed, step };
}

/**
 * The values of an evaluated function's params: `given` ones, and zeros for its source terms (block 'source':
 * inputs held at zero whose gradients are expectations).
 */
export function withSourceZeros(
  fn: IRFunction,
  sizes: ReadonlyMap<string, number>,
  given: ReadonlyMap<string, Float64Array>,
): Map<string, Float64Array> {
  const axisSizes = resolveAxisSizes(fn.axes, sizes);
  const out = new Map(given);
  for (const p of fn.params)
    if (p.block === 'source')
      out.set(p.name, new Float64Array(p.axes.reduce((n, a) => n * axisSizes.get(a)!, 1)));
  return out;
}

/** The axes of a value of an IR function, as its equation records them. */
export function valueAxes(fn: IRFunction, id: number): readonly string[] {
  const e = fn.eqns.find((q) => q.out === id);
  if (!e) throw new InternalError(`no equation defines %${id}`);
  return e.axes;
}

/**
 * Sizes and initial params for a fit of `objective` (the backend-independent part of a fit): `init` computes each
 * param's constrained initial value over full plates (`init:<param>`, src/lower/inits.ts).
 */
export function prepareFrom(
  checked: CheckedProgram,
  data: BoundData,
  objective: Objective,
  init: IRFunction,
  draws: (n: number) => DrawsFunction,
): PreparedFit {
  const fn = objective.fn;
  const axisSizes = resolveAxisSizes(fn.axes, data.sizes);
  const initVals = evaluate(init, dataEnv(data, new Map(), 0, 0));
  const params = fn.params.map((decl): ParamState => {
    const shape = decl.axes.map((a) => {
      const n = axisSizes.get(a);
      if (n === undefined) throw new InternalError(`unknown axis ${a}`);
      return n;
    });
    const count = shape.reduce((a, b) => a * b, 1);
    // A source term is zero: its gradient is the expectation the method reads.
    if (decl.block === 'source') return { decl, shape, values: new Float64Array(count) };
    // A simplex param starts at the uniform point, the origin of its unconstrained space.
    if (decl.constraint.kind === 'simplex') return { decl, shape, values: new Float64Array(count) };
    const t = initVals.get(`init:${decl.name}`);
    if (!t) throw new InternalError(`no initial value for ${decl.name}`);
    // An autoguide's params of a vector-valued site start the same along its event axis (the last).
    const event = decl.axes.find((a) => a.startsWith('ev:') && !t.axes.includes(a));
    if (event !== undefined) {
      const k = shape[shape.length - 1]!;
      const declAxes = decl.axes.filter((a) => a !== event).map((a) => a.replace(/:full$/, ''));
      const ordered = applyPermutation(t.data, permutation(t.axes, t.shape, declAxes));
      const spread = Float64Array.from({ length: count }, (_, i) => ordered[Math.floor(i / k)]!);
      return { decl, shape, values: unconstrainValues(decl.constraint, spread, shape) };
    }
    if (t.data.length !== count)
      throw new InternalError(
        `initial value of ${decl.name} has ${t.data.length} elements, not ${count}`,
      );
    // The init function runs at full plate sizes, where a subsampled plate's axis is the plate itself.
    const declAxes = decl.axes.map((a) => a.replace(/:full$/, ''));
    const ordered = applyPermutation(t.data, permutation(t.axes, t.shape, declAxes));
    return { decl, shape, values: unconstrainValues(decl.constraint, ordered, shape) };
  });
  return { checked, data, objective, params, sizes: data.sizes, file: checked.file, draws };
}

/** What the generator needs from a step input. */
export function kernelSource(input: StepInput, optimizer: Optimizer | OptimizerName): KernelSource {
  return {
    objective: input.objective,
    sizes: input.sizes,
    dataShapes: new Map([...input.data.arrays].map(([k, a]) => [k, a.shape])),
    optimizer: typeof optimizer === 'string' ? OPTIMIZERS[optimizer] : optimizer,
    file: input.file,
  };
}
