// The optimizer update in WGSL, the same arithmetic as src/optim/optimizers.ts (one rendering per rule).
import type { OptimizerName } from '../optim/optimizers.js';

/** The per-step hyperparameters: learning rate and bias corrections, from cfg and the 1-based step t. */
export const WGSL_HYPER = /* wgsl */ `
struct Hyper { lr: f32, bc1: f32, bc2: f32, first: bool }

fn hyper_at(t: u32) -> Hyper {
  let tf = f32(t);
  // 1 - beta^t as -expm1(t log beta): accurate in f32 even when beta^t is close to 1.
  let lr = cfg.lr * exp((tf - cfg.decay_offset) * cfg.log_decay);
  return Hyper(lr, -expm1_f(tf * cfg.log_beta1), -expm1_f(tf * cfg.log_beta2), t == 1u);
}
`;

/** `opt_update(p, g, state, h) -> vec3(p', s0', s1')` for the chosen rule. */
export function wgslOptimizer(name: OptimizerName): string {
  switch (name) {
    case 'sgd':
      return /* wgsl */ `
// torch.optim.SGD: the momentum buffer starts as the first gradient, then buf = momentum * buf + g.
fn opt_update(p: f32, g: f32, s: vec2<f32>, h: Hyper) -> vec3<f32> {
  var d = g;
  var buf = s.x;
  if (cfg.momentum != 0.0) {
    d = select(cfg.momentum * buf + g, g, h.first);
    buf = d;
  }
  return vec3<f32>(p - h.lr * d, buf, 0.0);
}
`;
    case 'adam':
      return /* wgsl */ `
// torch.optim.Adam: denom = sqrt(v) / sqrt(bc2) + eps; p -= (lr / bc1) * m / denom.
fn opt_update(p: f32, g: f32, s: vec2<f32>, h: Hyper) -> vec3<f32> {
  let m = cfg.beta1 * s.x + (1.0 - cfg.beta1) * g;
  let v = cfg.beta2 * s.y + (1.0 - cfg.beta2) * g * g;
  let denom = sqrt(v) / sqrt(h.bc2) + cfg.eps;
  return vec3<f32>(p - (h.lr / h.bc1) * (m / denom), m, v);
}
`;
    case 'clipped-adam':
      return /* wgsl */ `
// pyro.optim.ClippedAdam: g clamped elementwise; step = lr * sqrt(bc2) / bc1; denom = sqrt(v) + eps.
fn opt_update(p: f32, g0: f32, s: vec2<f32>, h: Hyper) -> vec3<f32> {
  let g = clamp(g0, -cfg.clip, cfg.clip);
  let m = cfg.beta1 * s.x + (1.0 - cfg.beta1) * g;
  let v = cfg.beta2 * s.y + (1.0 - cfg.beta2) * g * g;
  let step_size = h.lr * sqrt(h.bc2) / h.bc1;
  return vec3<f32>(p - step_size * m / (sqrt(v) + cfg.eps), m, v);
}
`;
  }
}

/** The config struct every kernel binds (filled by src/infer/webgpu.ts: configWords). */
export const WGSL_CONFIG = /* wgsl */ `
struct Config {
  seed: u32,
  total_steps: u32,   // steps of the whole fit
  chunk: u32,         // steps per dispatch (single-workgroup plan)
  _pad: u32,
  lr: f32,
  momentum: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  clip: f32,
  log_beta1: f32,     // log(beta1), so that 1 - beta1^t = -expm1(t log beta1)
  log_beta2: f32,
  log_decay: f32,     // lr at step t = lr * decay^(t - decay_offset)
  decay_offset: f32,
  _pad2: vec2<f32>,
}

// Persistent control words: steps done so far and the first step whose loss or gradient was non-finite.
struct Ctrl {
  step: u32,
  status: u32,
}
`;
