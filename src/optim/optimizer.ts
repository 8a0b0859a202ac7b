// The optimizer record: the CPU update and its WGSL twin side by side, with the state arrays and hyperparameters each reads.

/** Every optimizer hyperparameter a fit can set (each optimizer reads some of them). */
export interface Hyperparameters {
  readonly lr: number;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** ClippedAdam's elementwise gradient clamp, as Pyro's `clip_norm`. */
  readonly clipNorm: number;
  /** Multiplies the learning rate after every step (Pyro's `lrd`; 1 = none). */
  readonly lrDecay: number;
}

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  lr: 0.01,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  clipNorm: 10,
  lrDecay: 1,
};

/** An f32 field of the kernels' config struct that an optimizer reads, and its value from the hyperparameters. */
export interface HyperField {
  readonly name: string;
  readonly doc: string;
  value(h: Hyperparameters): number;
}

export interface Optimizer {
  /** One line for the usage text. */
  readonly help: string;
  /** The learning rate when a fit sets none. */
  readonly defaultLr: number;
  /** Per-element state arrays of each param (the fields of the WGSL struct OptState, in order). */
  readonly state: readonly string[];
  /** Pyro's ClippedAdam decays before its update (lr·d^t); the others after (lr·d^(t-1)), a per-step scheduler. */
  readonly decayBeforeUpdate: boolean;
  /** The config fields its WGSL reads (besides lr and log_decay, which every optimizer's schedule reads). */
  readonly cfg: readonly HyperField[];
  /** One update of `p` in place from gradient `g` at 1-based step t with this step's learning rate. */
  update(
    p: Float64Array,
    g: Float64Array,
    state: readonly Float64Array[],
    t: number,
    lr: number,
    h: Hyperparameters,
  ): void;
  /**
   * The same update in WGSL: `struct Hyper`, `fn hyper_at(t: u32) -> Hyper` (once per step), and
   * `fn opt_update(p: ptr<function, f32>, g: f32, s: ptr<function, OptState>, h: Hyper)` (no `s` when
   * `state` is empty). It may call lr_at (below), read `cfg.<field>` for its `cfg` fields, and the
   * special functions of src/math/special.ts.
   */
  readonly wgsl: string;
}

/** The learning rate at 1-based step t. */
export function lrAt(o: Optimizer, h: Hyperparameters, t: number): number {
  return h.lr * Math.pow(h.lrDecay, o.decayBeforeUpdate ? t : t - 1);
}

/** lrAt in WGSL: `offset` is 0 when the decay applies before the update, 1 after. */
export const WGSL_LR_AT = /* wgsl */ `
fn lr_at(t: u32, offset: f32) -> f32 {
  return cfg.lr * exp((f32(t) - offset) * cfg.log_decay);
}
`;

/** The config fields of the schedule that every optimizer shares. */
export const SCHEDULE_FIELDS: readonly HyperField[] = [
  { name: 'lr', doc: 'the base learning rate', value: (h) => h.lr },
  {
    name: 'log_decay',
    doc: 'log(lrDecay): lr at step t = lr * decay^(t - offset)',
    value: (h) => Math.log(h.lrDecay),
  },
];

/** Adam's moment fields: 1 - beta^t is -expm1(t log beta), accurate in f32 even when beta^t is close to 1. */
export const MOMENT_FIELDS: readonly HyperField[] = [
  { name: 'beta1', doc: 'first-moment decay', value: (h) => h.beta1 },
  { name: 'beta2', doc: 'second-moment decay', value: (h) => h.beta2 },
  { name: 'eps', doc: 'added to the denominator', value: (h) => h.eps },
  {
    name: 'log_beta1',
    doc: 'log(beta1), for the bias corrections',
    value: (h) => Math.log(h.beta1),
  },
  { name: 'log_beta2', doc: 'log(beta2)', value: (h) => Math.log(h.beta2) },
];
