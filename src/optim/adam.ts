// Adam, exactly torch.optim.Adam (denominator sqrt(v) / sqrt(bc2) + eps): on the CPU and in WGSL.
import { MOMENT_FIELDS, type Optimizer } from './optimizer.js';

export const adam: Optimizer = {
  help: 'Adam (torch.optim.Adam)',
  defaultLr: 0.01,
  state: ['m', 'v'],
  decayBeforeUpdate: false,
  cfg: MOMENT_FIELDS,
  update(p, g, [m, v], t, lr, h) {
    const bc1 = 1 - Math.pow(h.beta1, t);
    const bc2 = 1 - Math.pow(h.beta2, t);
    for (let k = 0; k < p.length; k++) {
      const gk = g[k]!;
      m![k] = h.beta1 * m![k]! + (1 - h.beta1) * gk;
      v![k] = h.beta2 * v![k]! + (1 - h.beta2) * gk * gk;
      const denom = Math.sqrt(v![k]!) / Math.sqrt(bc2) + h.eps;
      p[k] = p[k]! - (lr / bc1) * (m![k]! / denom);
    }
  },
  wgsl: /* wgsl */ `
struct Hyper { lr: f32, bc1: f32, bc2: f32 }

fn hyper_at(t: u32) -> Hyper {
  let tf = f32(t);
  return Hyper(lr_at(t, 1.0), -expm1_f(tf * cfg.log_beta1), -expm1_f(tf * cfg.log_beta2));
}

// torch.optim.Adam: denom = sqrt(v) / sqrt(bc2) + eps; p -= (lr / bc1) * m / denom.
fn opt_update(p: ptr<function, f32>, g: f32, s: ptr<function, OptState>, h: Hyper) {
  let m = cfg.beta1 * (*s).m + (1.0 - cfg.beta1) * g;
  let v = cfg.beta2 * (*s).v + (1.0 - cfg.beta2) * g * g;
  let denom = sqrt(v) / sqrt(h.bc2) + cfg.eps;
  *p = *p - (h.lr / h.bc1) * (m / denom);
  (*s).m = m;
  (*s).v = v;
}
`,
};
