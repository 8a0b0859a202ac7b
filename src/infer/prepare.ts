// Everything a fit needs from a checked program and its data: the IR functions, sizes, params and their inits.
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { IRFunction, ParamDecl } from '../ir/ir.js';
import { evaluate, type EvalEnv } from '../ir/interp.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { grad } from '../ad/grad.js';
import { simplify } from '../ir/passes/simplify.js';
import { buildElbo } from '../methods/trace-elbo.js';
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

export interface PreparedFit {
  readonly checked: CheckedProgram;
  readonly data: BoundData;
  readonly elbo: IRFunction;
  /** The ELBO with `grad:<param>` outputs. */
  readonly grad: IRFunction;
  readonly params: readonly ParamState[];
  readonly sizes: ReadonlyMap<string, number>;
}

export function dataEnv(
  data: BoundData,
  params: ReadonlyMap<string, Float64Array>,
  seed: number,
  step: number,
): EvalEnv {
  return { sizes: data.sizes, data: data.arrays, params, seed, step };
}

/** Lowers, differentiates and initialises: the backend-independent part of a fit. */
/** The axes of a value of an IR function, as its equation records them. */
export function valueAxes(fn: IRFunction, id: number): readonly string[] {
  const e = fn.eqns.find((q) => q.out === id);
  if (!e) throw new InternalError(`no equation defines %${id}`);
  return e.axes;
}

export function prepareFit(
  checked: CheckedProgram,
  data: BoundData,
  particles: number,
): PreparedFit {
  const elbo = simplify(buildElbo(checked, particles));
  const names = elbo.params.map((p) => p.name);
  const g = simplify(grad(elbo, 'loss', names));
  const axisSizes = resolveAxisSizes(elbo.axes, data.sizes);
  const init = buildInit(checked, paramInits(checked));
  const initVals = evaluate(init, dataEnv(data, new Map(), 0, 0));
  const params = elbo.params.map((decl): ParamState => {
    const shape = decl.axes.map((a) => {
      const n = axisSizes.get(a);
      if (n === undefined) throw new InternalError(`unknown axis ${a}`);
      return n;
    });
    const t = initVals.get(`init:${decl.name}`);
    if (!t) throw new InternalError(`no initial value for ${decl.name}`);
    const count = shape.reduce((a, b) => a * b, 1);
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
  return { checked, data, elbo, grad: g, params, sizes: data.sizes };
}
