// Everything a fit needs from a checked program, its objective and its data: sizes, params and their initial values.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { IRFunction, ParamDecl } from '../ir/ir.js';
import type { Objective } from '../ir/objective.js';
import type { KernelSource } from '../codegen-wgsl/generate.js';
import { OPTIMIZERS, type OptimizerName } from '../optim/optimizers.js';
import type { Optimizer } from '../optim/optimizer.js';
import { evaluate, type EvalEnv } from '../ir/interp.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { buildInit, paramInits } from '../lower/inits.js';
import { bijectionOf } from '../lower/bijection-of.js';
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
}

/** A step input made from a checked program, whose guide gives the posterior draws after the fit. */
export interface PreparedFit extends StepInput {
  readonly checked: CheckedProgram;
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

/** Sizes and initial params for a fit of `objective` (the backend-independent part of a fit). */
export function prepareFit(
  checked: CheckedProgram,
  data: BoundData,
  objective: Objective,
): PreparedFit {
  const fn = objective.fn;
  const axisSizes = resolveAxisSizes(fn.axes, data.sizes);
  const init = buildInit(checked, paramInits(checked));
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
      const bij = bijectionOf(decl.constraint);
      return {
        decl,
        shape,
        values: Float64Array.from({ length: count }, (_, i) =>
          bij.inverse(ordered[Math.floor(i / k)]!),
        ),
      };
    }
    if (t.data.length !== count)
      throw new InternalError(
        `initial value of ${decl.name} has ${t.data.length} elements, not ${count}`,
      );
    const bij = bijectionOf(decl.constraint);
    // The init function runs at full plate sizes, where a subsampled plate's axis is the plate itself.
    const declAxes = decl.axes.map((a) => a.replace(/:full$/, ''));
    const ordered = applyPermutation(t.data, permutation(t.axes, t.shape, declAxes));
    const values = Float64Array.from(ordered, (x) => bij.inverse(x));
    return { decl, shape, values };
  });
  return { checked, data, objective, params, sizes: data.sizes, file: checked.file };
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
