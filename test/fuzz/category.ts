// What a fuzz category is: cases by index (each from its own seeded stream), a time bound per case, and optionally a
// way to shrink a failing case to a smaller reproduction.
import type { GpuContext } from '../../src/runtime/gpu.js';
import type { Problem } from './oracle.js';

export interface FuzzEnv {
  readonly seed: number;
  /** 'quick': the npm-test portion (cheap cases, no crash-prone ones); 'long': `npm run fuzz`, anything goes. */
  readonly mode: 'quick' | 'long';
  /** A device for validating generated WGSL and for WebGPU fits; null where there is none. */
  readonly gpu: GpuContext | null;
}

export interface CaseOutcome {
  /** Whether the input was accepted (the program checked, the data bound, the command exited 0, the fit resolved). */
  readonly accepted: boolean;
  readonly problems: readonly Problem[];
  /** The case, printable: the program, data, argv or options, and what was run. */
  readonly repro: string;
}

export interface Category {
  readonly name: string;
  /** The time bound of one case, in ms (generous: the machine may be slow and busy). */
  readonly boundMs: number;
  /** Runs case `index`; throws only on a fault of the fuzzer itself. */
  run(index: number, env: FuzzEnv): Promise<CaseOutcome>;
  /** Case `index` as its reproduction shows it, without running it (for a case that hung or crashed the process). */
  describe?(index: number, env: FuzzEnv): string;
  /** A smaller reproduction of failing case `index` that still shows `problem`, when the category can shrink it. */
  minimize?(index: number, env: FuzzEnv, problem: Problem): Promise<string | null>;
}

/** The time a call took and what it returned, for the categories' per-stage bounds. */
export async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0 };
}
