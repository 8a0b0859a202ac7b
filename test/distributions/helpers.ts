// Test helpers for src/distributions: build a one-output IR function and run it through the CPU interpreter.
import { readFileSync } from 'node:fs';
import { Builder } from '../../src/ir/builder.js';
import type { IRFunction, ValueId } from '../../src/ir/ir.js';
import { evaluate, type EvalEnv } from '../../src/ir/interp.js';
import type { DistParams } from '../../src/distributions/record.js';

export const EVENT = 'k';

export interface Env {
  readonly data?: Readonly<Record<string, readonly number[]>>;
  readonly seed?: number;
}

export function envOf(opts: Env = {}): EvalEnv {
  const data = new Map(
    Object.entries(opts.data ?? {}).map(([k, v]) => [
      k,
      { shape: [v.length], values: Float64Array.from(v) },
    ]),
  );
  return { sizes: new Map(), data, params: new Map(), seed: opts.seed ?? 7, step: 0 };
}

/** Runs `fn` and returns output `out` as a plain array. */
export function run(fn: IRFunction, env: EvalEnv): Float64Array {
  const t = evaluate(fn, env).get('out');
  if (!t) throw new Error('no output');
  return t.data;
}

/**
 * Parameters as IR constants (numbers) or as data over the event axis `k` (arrays: Categorical).
 * Returns the params and the data the env must carry.
 */
export function constParams(
  b: Builder,
  params: Readonly<Record<string, number | readonly number[]>>,
): { params: DistParams; data: Record<string, readonly number[]> } {
  const out: Record<string, ValueId> = {};
  const data: Record<string, readonly number[]> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'number') out[k] = b.const(v);
    else {
      b.addAxis({ id: EVENT, role: 'vector', size: { kind: 'lit', value: v.length } });
      data[k] = v;
      out[k] = b.data(k, [EVENT]);
    }
  }
  return { params: out, data };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** '-Infinity' / 'Infinity' strings (JSON has no infinities) to numbers. */
export function jsonNumber(v: number | string): number {
  return typeof v === 'number' ? v : Number(v);
}

export function closeRel(got: number, want: number, rel: number): boolean {
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= rel * Math.max(1, Math.abs(want));
}

/** A function whose named scalar (or event-vector) inputs are declared params, so `grad` can differentiate them. */
export function paramFn(
  inputs: Readonly<Record<string, number | readonly number[]>>,
  body: (b: Builder, v: Readonly<Record<string, ValueId>>) => ValueId,
): { fn: IRFunction; env: EvalEnv } {
  const b = new Builder('g');
  const ids: Record<string, ValueId> = {};
  const params = new Map<string, Float64Array>();
  for (const [k, v] of Object.entries(inputs)) {
    const vector = typeof v !== 'number';
    if (vector) b.addAxis({ id: EVENT, role: 'vector', size: { kind: 'lit', value: v.length } });
    b.declareParam({
      name: k,
      axes: vector ? [EVENT] : [],
      constraint: { kind: 'real' },
      block: 'model',
    });
    ids[k] = b.param(k);
    params.set(k, vector ? Float64Array.from(v) : Float64Array.of(v));
  }
  const fn = b.finish({ out: body(b, ids) });
  return { fn, env: { ...envOf(), params } };
}

/** The output summed over its elements, with param `name` element `i` shifted by `d`. */
export function shifted(fn: IRFunction, env: EvalEnv, name: string, i: number, d: number): number {
  const p = new Map(env.params);
  const v = Float64Array.from(p.get(name)!);
  v[i]! += d;
  p.set(name, v);
  return run(fn, { ...env, params: p }).reduce((s, x) => s + x, 0);
}

/** Central finite difference of the summed output w.r.t. element i of param `name`. */
export function centralDiff(fn: IRFunction, env: EvalEnv, name: string, i: number): number {
  const x = env.params.get(name)![i]!;
  const h = 1e-6 * Math.max(1, Math.abs(x));
  return (shifted(fn, env, name, i, h) - shifted(fn, env, name, i, -h)) / (2 * h);
}
