// Optimizer rules, one table entry each, with PyTorch's (SGD, Adam) and Pyro's (ClippedAdam) exact semantics.
export type OptimizerName = 'sgd' | 'adam' | 'clipped-adam';

export interface OptimizerConfig {
  readonly name: OptimizerName;
  readonly lr: number;
  readonly momentum: number; // sgd
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly clipNorm: number; // clipped-adam: elementwise gradient clamp, as Pyro's ClippedAdam
  /** Multiplies the learning rate after every step (Pyro's `lrd`; 1 = none). */
  readonly lrDecay: number;
}

export const DEFAULT_OPTIMIZER: OptimizerConfig = {
  name: 'adam',
  lr: 0.01,
  momentum: 0,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  clipNorm: 10,
  lrDecay: 1,
};

export interface OptimizerRule {
  readonly name: OptimizerName;
  /** Per-parameter state arrays (momentum buffer; first and second moments). */
  readonly stateArrays: number;
  /**
   * One update of `p` in place from gradient `g` at 1-based step `t`, learning rate `lr` for this step.
   * The same arithmetic is emitted in WGSL by the code generator.
   */
  update(
    p: Float64Array,
    g: Float64Array,
    state: Float64Array[],
    t: number,
    lr: number,
    c: OptimizerConfig,
  ): void;
}

const sgd: OptimizerRule = {
  name: 'sgd',
  stateArrays: 1,
  update(p, g, [buf], t, lr, c) {
    for (let k = 0; k < p.length; k++) {
      let d = g[k]!;
      if (c.momentum !== 0) {
        // torch.optim.SGD: the buffer starts as the first gradient, then buf = momentum * buf + g.
        d = t === 1 ? d : c.momentum * buf![k]! + d;
        buf![k] = d;
      }
      p[k] = p[k]! - lr * d;
    }
  },
};

const adam: OptimizerRule = {
  name: 'adam',
  stateArrays: 2,
  update(p, g, [m, v], t, lr, c) {
    const bc1 = 1 - Math.pow(c.beta1, t);
    const bc2 = 1 - Math.pow(c.beta2, t);
    for (let k = 0; k < p.length; k++) {
      const gk = g[k]!;
      m![k] = c.beta1 * m![k]! + (1 - c.beta1) * gk;
      v![k] = c.beta2 * v![k]! + (1 - c.beta2) * gk * gk;
      // torch.optim.Adam: denom = sqrt(v) / sqrt(bc2) + eps.
      const denom = Math.sqrt(v![k]!) / Math.sqrt(bc2) + c.eps;
      p[k] = p[k]! - (lr / bc1) * (m![k]! / denom);
    }
  },
};

const clippedAdam: OptimizerRule = {
  name: 'clipped-adam',
  stateArrays: 2,
  update(p, g, [m, v], t, lr, c) {
    const bc1 = 1 - Math.pow(c.beta1, t);
    const bc2 = 1 - Math.pow(c.beta2, t);
    // pyro.optim.ClippedAdam: step_size = lr * sqrt(bc2) / bc1; denom = sqrt(v) + eps.
    const stepSize = (lr * Math.sqrt(bc2)) / bc1;
    for (let k = 0; k < p.length; k++) {
      const gk = Math.min(c.clipNorm, Math.max(-c.clipNorm, g[k]!));
      m![k] = c.beta1 * m![k]! + (1 - c.beta1) * gk;
      v![k] = c.beta2 * v![k]! + (1 - c.beta2) * gk * gk;
      p[k] = p[k]! - (stepSize * m![k]!) / (Math.sqrt(v![k]!) + c.eps);
    }
  },
};

export const OPTIMIZERS: ReadonlyMap<OptimizerName, OptimizerRule> = new Map(
  [sgd, adam, clippedAdam].map((r) => [r.name, r]),
);

/**
 * The learning rate used at 1-based step t. Pyro's ClippedAdam decays before its update
 * (lr * lrd^t); plain decay for the others applies after (lr * decay^(t-1)), like a per-step scheduler.
 */
export function lrAt(c: OptimizerConfig, t: number): number {
  return c.name === 'clipped-adam'
    ? c.lr * Math.pow(c.lrDecay, t)
    : c.lr * Math.pow(c.lrDecay, t - 1);
}
