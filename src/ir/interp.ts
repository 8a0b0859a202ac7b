// The reference CPU interpreter: compiles a function for given sizes into kernels once, then runs it per step.
import type { Axis, AxisId, IRFunction, ValueId } from './ir.js';
import { resolveAxisSizes } from './axes.js';
import { semanticsOf, type EqnCtx, type EvalEnv, type Kernel } from './semantics.js';
import { numel, type Tensor } from './tensor.js';
import { InternalError } from '../diag/diagnostic.js';

export type { EvalEnv } from './semantics.js';

export interface Compiled {
  readonly fn: IRFunction;
  readonly axisSizes: ReadonlyMap<AxisId, number>;
  /** Every value's shape (over its eqn's axes), by value id. */
  readonly shapes: ReadonlyMap<ValueId, readonly number[]>;
  readonly axes: ReadonlyMap<ValueId, readonly AxisId[]>;
  /**
   * Every value by id. The arrays are reused by the next run of this Compiled and may alias env data
   * and params: copy what must outlive the run, never mutate them.
   */
  run(env: EvalEnv): Map<ValueId, Float64Array>;
}

/** Resolves sizes and builds one kernel per equation (index maps precomputed). */
export function compile(fn: IRFunction, sizes: ReadonlyMap<string, number>): Compiled {
  const axisSizes = resolveAxisSizes(fn.axes, sizes);
  const axes = new Map<AxisId, Axis>(fn.axes.map((a) => [a.id, a]));
  const params = new Map(fn.params.map((p) => [p.name, p]));
  const valueAxes = new Map<ValueId, readonly AxisId[]>();
  const shapes = new Map<ValueId, readonly number[]>();
  const size = (a: AxisId): number => {
    const n = axisSizes.get(a);
    if (n === undefined) throw new InternalError(`unknown axis ${a}`);
    return n;
  };
  const steps: {
    out: ValueId;
    args: readonly ValueId[];
    argBuf: Float64Array[];
    kernel: Kernel;
  }[] = [];
  for (const eqn of fn.eqns) {
    const argAxes = eqn.args.map((a) => {
      const ax = valueAxes.get(a);
      if (!ax) throw new InternalError(`%${a} used before it is defined`);
      return ax;
    });
    const outShape = eqn.axes.map(size);
    const ctx: EqnCtx = {
      eqn,
      argAxes,
      outShape,
      outSize: numel(outShape),
      size,
      axis: (id) => {
        const a = axes.get(id);
        if (!a) throw new InternalError(`unknown axis ${id}`);
        return a;
      },
      param: (name) => {
        const p = params.get(name);
        if (!p) throw new InternalError(`param ${name} not declared`);
        return p;
      },
    };
    const sem = semanticsOf(eqn.op);
    steps.push({
      out: eqn.out,
      args: eqn.args,
      argBuf: new Array<Float64Array>(eqn.args.length),
      kernel: sem(ctx),
    });
    valueAxes.set(eqn.out, eqn.axes);
    shapes.set(eqn.out, outShape);
  }
  const top = Math.max(0, ...fn.eqns.map((e) => e.out + 1));
  return {
    fn,
    axisSizes,
    shapes,
    axes: valueAxes,
    run(env) {
      const vals = new Array<Float64Array>(top);
      for (const s of steps) {
        for (let i = 0; i < s.args.length; i++) s.argBuf[i] = vals[s.args[i]!]!;
        vals[s.out] = s.kernel(s.argBuf, env);
      }
      const out = new Map<ValueId, Float64Array>();
      for (const s of steps) out.set(s.out, vals[s.out]!);
      return out;
    },
  };
}

const cache = new WeakMap<IRFunction, { key: string; compiled: Compiled }>();

/** compile(), memoised per function and sizes. */
export function compiled(fn: IRFunction, sizes: ReadonlyMap<string, number>): Compiled {
  const key = [...sizes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).join(';');
  const hit = cache.get(fn);
  if (hit && hit.key === key) return hit.compiled;
  const c = compile(fn, sizes);
  cache.set(fn, { key, compiled: c });
  return c;
}

function tensorOf(c: Compiled, v: ValueId, data: Float64Array): Tensor {
  return { axes: c.axes.get(v)!, shape: c.shapes.get(v)!, data };
}

/** The function's outputs by name. */
export function evaluate(fn: IRFunction, env: EvalEnv): Map<string, Tensor> {
  const c = compiled(fn, env.sizes);
  const vals = c.run(env);
  const out = new Map<string, Tensor>();
  for (const [name, v] of Object.entries(fn.outputs)) {
    const d = vals.get(v);
    if (!d) throw new InternalError(`output ${name} refers to undefined %${v}`);
    out.set(name, tensorOf(c, v, d.slice()));
  }
  return out;
}

/** Every value of the function by id (for tests and debugging). */
export function evaluateAll(fn: IRFunction, env: EvalEnv): Map<ValueId, Tensor> {
  const c = compiled(fn, env.sizes);
  const vals = c.run(env);
  const out = new Map<ValueId, Tensor>();
  for (const [v, d] of vals) out.set(v, tensorOf(c, v, d.slice()));
  return out;
}
