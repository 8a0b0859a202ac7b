// SGD with momentum, exactly torch.optim.SGD: on the CPU and in WGSL.
import type { Optimizer } from './optimizer.js';

export const sgd: Optimizer = {
  help: 'stochastic gradient descent with momentum (torch.optim.SGD)',
  defaultLr: 0.001,
  state: ['buf'],
  decayBeforeUpdate: false,
  cfg: [{ name: 'momentum', doc: 'momentum (0: none)', value: (h) => h.momentum }],
  update(p, g, [buf], t, lr, h) {
    for (let k = 0; k < p.length; k++) {
      let d = g[k]!;
      if (h.momentum !== 0) {
        // The buffer starts as the first gradient, then buf = momentum * buf + g.
        d = t === 1 ? d : h.momentum * buf![k]! + d;
        buf![k] = d;
      }
      p[k] = p[k]! - lr * d;
    }
  },
  wgsl: /* wgsl */ `
struct Hyper { lr: f32, first: bool }

fn hyper_at(t: u32) -> Hyper {
  return Hyper(lr_at(t, 1.0), t == 1u);
}

// torch.optim.SGD: the momentum buffer starts as the first gradient, then buf = momentum * buf + g.
fn opt_update(p: ptr<function, f32>, g: f32, s: ptr<function, OptState>, h: Hyper) {
  var d = g;
  if (cfg.momentum != 0.0) {
    d = select(cfg.momentum * (*s).buf + g, g, h.first);
    (*s).buf = d;
  }
  *p = *p - h.lr * d;
}
`,
};
