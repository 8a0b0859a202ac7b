// The kernels' config struct, defined once: the WGSL struct and the host-side packer come from the same field list.
import type { Optimizer } from '../optim/optimizer.js';
import { SCHEDULE_FIELDS, type Hyperparameters } from '../optim/optimizer.js';

/** What the host knows when it fills the config of a run. */
export interface ConfigValues {
  readonly seed: number;
  /** Steps of the whole fit (0 at the warm-up dispatch: the kernels then return at once). */
  readonly totalSteps: number;
  /** Steps per dispatch of a chunked kernel. */
  readonly chunk: number;
  readonly hyper: Hyperparameters;
  /** Added to the step in the RNG's key by programs generated with `stepBase` (0 when absent). */
  readonly stepBase?: number;
}

export interface ConfigField {
  readonly name: string;
  readonly type: 'u32' | 'f32';
  readonly doc: string;
  value(c: ConfigValues): number;
}

/** The field that moves the RNG's step: a simulation's chunks each draw at their own step of the counter. */
const STEP_BASE: ConfigField = {
  name: 'step_base',
  type: 'u32',
  doc: "added to the step in the RNG's key",
  value: (c) => c.stepBase ?? 0,
};

/**
 * The struct's fields for an optimizer: the run's counters, the lr schedule, then what the optimizer reads; with
 * `stepBase`, last, a word added to the RNG's step (fits leave it out, so their kernels stay as they were).
 */
export function configFields(o: Optimizer, stepBase = false): readonly ConfigField[] {
  const fields: ConfigField[] = [
    { name: 'seed', type: 'u32', doc: 'the RNG key', value: (c) => c.seed >>> 0 },
    { name: 'total_steps', type: 'u32', doc: 'steps of the whole fit', value: (c) => c.totalSteps },
    {
      name: 'chunk',
      type: 'u32',
      doc: 'steps per dispatch (chunked kernels)',
      value: (c) => c.chunk,
    },
    ...[...SCHEDULE_FIELDS, ...o.cfg].map((f): ConfigField => ({
      name: f.name,
      type: 'f32',
      doc: f.doc,
      value: (c) => f.value(c.hyper),
    })),
  ];
  if (stepBase) fields.push(STEP_BASE);
  return fields;
}

/** The WGSL expression of the step the RNG's draws are keyed by, in kernels whose step counter is `step`. */
export const rngStep = (fields: readonly ConfigField[]): string =>
  fields.includes(STEP_BASE) ? '(step + cfg.step_base)' : 'step';

/** The WGSL declaration of the struct (every field is one 4-byte word, so offsets are 4 k). */
export function configStruct(fields: readonly ConfigField[]): string {
  const width = Math.max(...fields.map((f) => f.name.length + f.type.length + 3));
  const lines = fields.map((f) => `  ${`${f.name}: ${f.type},`.padEnd(width)} // ${f.doc}`);
  return ['struct Config {', ...lines, '}'].join('\n');
}

/** The struct's bytes for a run, word k holding field k. */
export function packConfig(fields: readonly ConfigField[], c: ConfigValues): Uint32Array {
  const words = new Uint32Array(fields.length);
  const floats = new Float32Array(words.buffer);
  fields.forEach((f, k) => {
    if (f.type === 'u32') words[k] = f.value(c) >>> 0;
    else floats[k] = f.value(c);
  });
  return words;
}
