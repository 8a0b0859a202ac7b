// Forward simulation: every model site's draws and log-densities, from the prior or the fitted guide, chunk by chunk
// on the CPU interpreter or, through a StepEvaluator, a GPU device.
import type { CheckedProgram, SiteInfo } from '../check/typed.js';
import type { BoundArray, BoundData } from '../data/bound.js';
import type { AxisId, IRFunction, ParamDecl, Size } from '../ir/ir.js';
import type { Tensor } from '../ir/tensor.js';
import { evaluate } from '../ir/interp.js';
import { resolveAxisSizes } from '../ir/axes.js';
import { simplify } from '../ir/passes/simplify.js';
import { grad } from '../ad/grad.js';
import { PARTICLE_AXIS, siteValueAxes } from '../ir/axis-names.js';
import { unconstrainValues } from '../distributions/constrain-values.js';
import { buildInit, paramInits } from '../lower/inits.js';
import {
  buildCategoricalDraw,
  buildConditional,
  buildSimulation,
  fixedData,
  probsData,
  SCALAR_OUTPUT,
  unguidedDiscrete,
  type SimulateFrom,
  type SimulationOptions,
} from '../lower/forward.js';
import { withSourceZeros } from './step-input.js';
import { applyPermutation, permutation } from './permute.js';
import { unnest } from './summary.js';

/** Bad params for a simulation (missing, or of the wrong shape): the message names the param. */
export class SimulateError extends Error {}

export interface SimulateRequest {
  readonly checked: CheckedProgram;
  readonly data: BoundData;
  readonly from: SimulateFrom;
  /**
   * Constrained params by name, each a number or nested arrays over its plates (`fit --json`'s "params"). From
   * the guide every param the simulation reads must be given; from the prior, params left out take their
   * initial values.
   */
  readonly params: Readonly<Record<string, unknown>>;
  readonly draws: number;
  readonly seed: number;
}

export interface SimulatedSite {
  readonly name: string;
  readonly role: 'latent' | 'observed';
  /** The site's plates' sizes. */
  readonly shape: readonly number[];
  /** Row-major [draw][element]; NaN where the site does not exist (its `if` branch not taken on that draw). */
  readonly values: Float64Array;
  /** Its log-density per draw, summed over its plates (0 where it does not exist). */
  readonly logProb: Float64Array;
}

export interface Simulation {
  readonly draws: number;
  /** The model's sites in program order. */
  readonly sites: readonly SimulatedSite[];
  /** Per draw, the sum of every site's log-density: the joint log p of the draw. */
  readonly logProbSum: Float64Array;
}

/** Values per chunk of draws one evaluation holds (draws × elements of every site). */
const CHUNK_ELEMENTS = 1 << 18;
/** The counter's step of the first chunk: apart from the fit's steps and its summaries' draws. */
const FIRST_STEP = 0x40000000;

/**
 * Evaluates a function's outputs (the first a scalar) at one seed, once per step of the RNG's counter, handing
 * each step's to `each` in order: the CPU interpreter (cpuSteps) or a GPU device (pipeline/simulate-run.ts).
 * Both key their draws alike, so a seed gives the same draws on either.
 */
export type StepEvaluator = (
  fn: IRFunction,
  outputs: readonly string[],
  data: BoundData,
  params: ReadonlyMap<string, Float64Array>,
  seed: number,
  steps: readonly number[],
  each: (i: number, vals: Map<string, Tensor>) => void,
) => Promise<void>;

/** The CPU interpreter as a StepEvaluator (float64). */
export const cpuSteps: StepEvaluator = async (fn, _outputs, data, params, seed, steps, each) => {
  steps.forEach((step, i) =>
    each(i, evaluate(fn, { sizes: data.sizes, data: data.arrays, params, seed, step })),
  );
};

const sizeOf = (s: Size, sizes: ReadonlyMap<string, number>): number =>
  s.kind === 'lit' ? s.value : (sizes.get(s.name) ?? 0);

/**
 * Draws every site of the model forward, in chunks of draws each keyed by its own step of the counter (the chunks
 * depend only on the program and its sizes, so the backend does not change the draws).
 */
export async function simulate(
  req: SimulateRequest,
  evaluator: StepEvaluator = cpuSteps,
): Promise<Simulation> {
  const { checked, data, draws } = req;
  // A site on several branches of an `if` is one site.
  const modelSites = checked.sites.filter(
    (s, i, all) =>
      s.block === 'model' &&
      s.role !== 'param' &&
      all.findIndex((o) => o.block === 'model' && o.name === s.name) === i,
  );
  const perDraw = modelSites.reduce(
    (n, s) => n + valueSizes(s).reduce((m, d) => m * sizeOf(d, data.sizes), 1),
    1,
  );
  const chunk = Math.max(1, Math.min(draws, Math.floor(CHUNK_ELEMENTS / perDraw)));
  const sites = modelSites.map((s) => {
    const shape = valueSizes(s).map((d) => sizeOf(d, data.sizes));
    const n = shape.reduce((a, b) => a * b, 1);
    return {
      name: s.name,
      role: s.role === 'observed' ? ('observed' as const) : ('latent' as const),
      shape,
      values: new Float64Array(draws * n),
      logProb: new Float64Array(draws),
    };
  });
  // The full chunks, then the last one if shorter: each size its own functions, all its chunks one batch.
  const full = Math.floor(draws / chunk);
  const batches = [{ size: chunk, first: 0, count: full }];
  if (draws > full * chunk) batches.push({ size: draws - full * chunk, first: full, count: 1 });
  for (const b of batches) {
    if (b.count === 0) continue;
    const steps = Array.from({ length: b.count }, (_, i) => FIRST_STEP + b.first + i);
    await runChunks(req, modelSites, b.size, evaluator, steps, (i, out) => {
      const start = (b.first + i) * chunk;
      for (const site of sites) {
        const got = out.get(site.name);
        if (!got) continue;
        const per = site.values.length / draws;
        site.values.set(got.values, start * per);
        site.logProb.set(got.logProb, start);
      }
    });
  }
  const logProbSum = new Float64Array(draws);
  for (const s of sites) for (let d = 0; d < draws; d++) logProbSum[d]! += s.logProb[d]!;
  return { draws, sites, logProbSum };
}

type ChunkValues = Map<string, { readonly values: Float64Array; readonly logProb: Float64Array }>;

/** Chunks of `draws` draws, one per step: the functions for that size, run by the evaluator. */
async function runChunks(
  req: SimulateRequest,
  modelSites: readonly SiteInfo[],
  draws: number,
  evaluator: StepEvaluator,
  steps: readonly number[],
  each: (i: number, out: ChunkValues) => void,
): Promise<void> {
  const { checked, data, seed } = req;
  const dataInts = data.sizes;
  const enumerated = req.from === 'guide' ? unguidedDiscrete(checked) : [];
  const base: SimulationOptions = { draws, from: req.from, dataInts };
  const sim = simplify(buildSimulation(checked, { ...base, fixed: enumerated }).fn);
  // Discrete latents the guide leaves out: each drawn from its exact conditional given the guide's draws, the
  // ones drawn before it and the data (the later ones summed out), as Pyro's infer_discrete does.
  const conditionals = enumerated.map((site, i) => {
    const o = { ...base, fixed: enumerated.slice(0, i) };
    const c = buildConditional(checked, o, site);
    const fn = simplify(grad(c.fn, 'logZ', [c.source]));
    return { site, fn, output: `grad:${c.source}`, o };
  });
  const params = paramValues(req, [sim, ...conditionals.map((c) => c.fn)]);
  const paramsOf = (fn: IRFunction) => withSourceZeros(fn, data.sizes, params);
  const simOutputs = [
    SCALAR_OUTPUT,
    ...Object.keys(sim.outputs).filter((k) => k !== SCALAR_OUTPUT),
  ];
  const collect = (vals: Map<string, Tensor>): ChunkValues => {
    const out: ChunkValues = new Map();
    for (const s of modelSites) {
      const value = vals.get(`value:${s.name}`);
      if (!value) continue;
      const shape = [draws, ...valueSizes(s).map((d) => sizeOf(d, data.sizes))];
      const order = [PARTICLE_AXIS, ...siteValueAxes(s)];
      const values = layout(value, order, shape);
      const mask = vals.get(`mask:${s.name}`);
      if (mask) {
        const m = layout(mask, order, shape);
        for (let i = 0; i < values.length; i++) if (m[i] === 0) values[i] = NaN;
      }
      const lp = vals.get(`lp:${s.name}`);
      out.set(s.name, {
        values,
        logProb: lp ? layout(lp, [PARTICLE_AXIS], [draws]) : new Float64Array(draws),
      });
    }
    return out;
  };
  const withData = (arrays: ReadonlyMap<string, BoundArray>): BoundData => ({ ...data, arrays });
  if (conditionals.length === 0) {
    await evaluator(sim, simOutputs, data, paramsOf(sim), seed, steps, (i, vals) =>
      each(i, collect(vals)),
    );
    return;
  }
  // Each conditional reads the draws before it as data: one chunk at a time, its functions in turn.
  const drawFns = new Map<string, IRFunction>();
  for (let i = 0; i < steps.length; i++) {
    const at = [steps[i]!];
    const arrays = new Map<string, BoundArray>(data.arrays);
    for (const c of conditionals) {
      let marg: Tensor | undefined;
      await evaluator(
        c.fn,
        ['logZ', c.output],
        withData(arrays),
        paramsOf(c.fn),
        seed,
        at,
        (_, v) => {
          marg = v.get(c.output);
        },
      );
      const info = checked.sites.find((s) => s.block === 'model' && s.name === c.site)!;
      const valueAxis = marg!.axes.find((a) => a.startsWith('enum:'))!;
      const k = marg!.shape[marg!.axes.indexOf(valueAxis)]!;
      const axes = [...info.plates, PARTICLE_AXIS];
      const shape = [...sizes(marg!, info.plates), draws];
      arrays.set(probsData(c.site), {
        shape: [...shape, k],
        values: layout(marg!, [...axes, valueAxis], [...shape, k]),
      });
      const key = `${c.site}:${k}`;
      let drawFn = drawFns.get(key);
      if (!drawFn) drawFns.set(key, (drawFn = buildCategoricalDraw(checked, c.o, c.site, k)));
      let v: Tensor | undefined;
      await evaluator(
        drawFn,
        [SCALAR_OUTPUT, 'value'],
        withData(arrays),
        paramsOf(drawFn),
        seed,
        at,
        (_, vals) => (v = vals.get('value')),
      );
      arrays.set(fixedData(c.site), { shape, values: layout(v!, axes, shape) });
    }
    await evaluator(sim, simOutputs, withData(arrays), paramsOf(sim), seed, at, (_, vals) =>
      each(i, collect(vals)),
    );
  }
}

/** The sizes of some axes of a tensor. */
function sizes(t: Tensor, axes: readonly AxisId[]): number[] {
  return axes.map((a) => t.shape[t.axes.indexOf(a)]!);
}

/** A site's value's sizes: its plates', then a vector-valued site's length. */
const valueSizes = (s: SiteInfo): Size[] =>
  s.event === null ? [...s.shape] : [...s.shape, s.event];

/** A tensor laid out row-major over `order` (of sizes `shape`), repeated along the axes it does not have. */
function layout(t: Tensor, order: readonly AxisId[], shape: readonly number[]): Float64Array {
  const missing = order.filter((a) => !t.axes.includes(a));
  const extra = t.axes.filter((a) => !order.includes(a));
  if (extra.length > 0)
    throw new Error(`a simulated value has unexpected axes ${extra.join(', ')}`);
  if (missing.length === 0) return applyPermutation(t.data, permutation(t.axes, t.shape, order));
  const own = order.filter((a) => t.axes.includes(a));
  const src = applyPermutation(t.data, permutation(t.axes, t.shape, own));
  const ownShape = own.map((a) => shape[order.indexOf(a)]!);
  const strides = new Map<AxisId, number>();
  let s = 1;
  for (let i = own.length - 1; i >= 0; i--) {
    strides.set(own[i]!, s);
    s *= ownShape[i]!;
  }
  const total = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(total);
  const idx = new Array<number>(order.length).fill(0);
  for (let i = 0; i < total; i++) {
    let off = 0;
    order.forEach((a, k) => (off += (strides.get(a) ?? 0) * idx[k]!));
    out[i] = src[off]!;
    for (let k = order.length - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * Every param the functions read, unconstrained: given ones checked against their shapes, the others (from the
 * prior only) at their initial values.
 */
function paramValues(req: SimulateRequest, fns: readonly IRFunction[]): Map<string, Float64Array> {
  const decls = new Map<string, { decl: ParamDecl; fn: IRFunction }>();
  for (const fn of fns)
    for (const p of fn.params) if (p.block !== 'source') decls.set(p.name, { decl: p, fn });
  const out = new Map<string, Float64Array>();
  let inits: Map<string, Tensor> | null = null;
  for (const [name, { decl, fn }] of decls) {
    const axisSizes = resolveAxisSizes(fn.axes, req.data.sizes);
    const shape = decl.axes.map((a) => axisSizes.get(a)!);
    const given = req.params[name];
    let constrained: Float64Array;
    if (given !== undefined) constrained = flattenParam(name, given, shape);
    else if (req.from === 'prior') {
      inits ??= evaluate(buildInit(req.checked, paramInits(req.checked)), {
        sizes: req.data.sizes,
        data: req.data.arrays,
        params: new Map(),
        seed: 0,
        step: 0,
      });
      const t = inits.get(`init:${name}`)!;
      const declAxes = decl.axes.map((a) => a.replace(/:full$/, ''));
      constrained = applyPermutation(t.data, permutation(t.axes, t.shape, declAxes));
    } else throw new SimulateError(`the params have no value for '${name}'`);
    out.set(name, unconstrainValues(decl.constraint, constrained, shape));
  }
  return out;
}

/** A param's nested arrays as a row-major array, checked against its shape. */
function flattenParam(name: string, v: unknown, shape: readonly number[]): Float64Array {
  const want =
    shape.length === 0
      ? 'a finite number'
      : `nested arrays (of finite numbers) of shape [${shape.join(', ')}]`;
  const xs = unnest(v, shape);
  if (xs === null || !xs.every(Number.isFinite))
    throw new SimulateError(
      `param '${name}' must be ${want}, got ${JSON.stringify(v).slice(0, 60)}`,
    );
  return Float64Array.from(xs);
}
