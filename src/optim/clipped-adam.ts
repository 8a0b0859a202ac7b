// ClippedAdam, exactly pyro.optim.ClippedAdam (elementwise clamp, step lr·sqrt(bc2)/bc1, decay before the update): CPU and WGSL.
import { MOMENT_FIELDS, type Optimizer } from './optimizer.js';

export const clippedAdam: Optimizer = {
  help: "Pyro's ClippedAdam (gradients clamped to ±clip-norm, lr decayed before each step)",
  defaultLr: 0.01,
  state: ['m', 'v'],
  decayBeforeUpdate: true,
  cfg: [
    ...MOMENT_FIELDS,
    { name: 'clip', doc: 'elementwise gradient clamp', value: (h) => h.clipNorm },
  ],
  update(p, g, [m, v], t, lr, h) {
    const bc1 = 1 - Math.pow(h.beta1, t);
    const bc2 = 1 - Math.pow(h.beta2, t);
    const stepSize = (lr * Math.sqrt(bc2)) / bc1;
    for (let k = 0; k < p.length; k++) {
      const gk = Math.min(h.clipNorm, Math.max(-h.clipNorm, g[k]!));
      m![k] = h.beta1 * m![k]! + (1 - h.beta1) * gk;
      v![k] = h.beta2 * v![k]! + (1 - h.beta2) * gk * gk;
      p[k] = p[k]! - (stepSize * m![k]!) / (Math.sqrt(v![k]!) + h.eps);
    }
  },
  wgsl: /* wgsl */ `
struct Hyper { lr: f32, bc1: f32, bc2: f32 }

fn hyper_at(t: u32) -> Hyper {
  let tf = f32(t);
  return Hyper(lr_at(t, 0.0), -expm1_f(tf * cfg.log_beta1), -expm1_f(tf * cfg.log_beta2));
}

// pyro.optim.ClippedAdam: g clamped elementwise; step = lr * sqrt(bc2) / bc1; denom = sqrt(v) + eps.
fn opt_update(p: ptr<function, f32>, g0: f32, s: ptr<function, OptState>, h: Hyper) {
  let g = clamp(g0, -cfg.clip, cfg.clip);
  let m = cfg.beta1 * (*s).m + (1.0 - cfg.beta1) * g;
  let v = cfg.beta2 * (*s).v + (1.0 - cfg.beta2) * g * g;
  let step_size = h.lr * sqrt(h.bc2) / h.bc1;
  *p = *p - step_size * m / (sqrt(v) + cfg.eps);
  (*s).m = m;
  (*s).v = v;
}
`,
};
