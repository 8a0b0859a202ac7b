// Posterior draws of every latent from the fitted guide (over full plates), and enumerated sites' exact posteriors.
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import { lowerProgram, total } from './lower-program.js';
import { sumOutEnums } from './enumerate.js';

/** S draws of every continuous latent from the guide (constrained), over full plates: `latent:<site>`. */
export function buildDraws(prog: CheckedProgram, samples: number): IRFunction {
  const l = lowerProgram(prog, 'draws', { particles: samples, subsample: false });
  const outs: Record<string, ValueId> = {};
  for (const [name, v] of l.ctx.sites) {
    const site = prog.sites.find((s) => s.name === name && s.block === 'model');
    if (site && !site.discrete) outs[`latent:${name}`] = v.v;
  }
  for (const [name, v] of l.ctx.params) outs[`param:${name}`] = v.v;
  if (l.ctx.enums.size > 0) {
    // Exact posterior of each enumerated site given each draw of the rest: P(site = k and the site exists).
    const b = l.ctx.b;
    const joint = total(b, l.model.terms);
    const w = b.unary('exp', b.sub(joint, sumOutEnums(l.ctx, joint)));
    for (const [name, { axis }] of l.ctx.enums) {
      const mask = l.model.siteMasks.get(name);
      let p = mask === undefined ? w : b.mul(w, mask);
      for (const other of l.ctx.enums.values())
        if (other.axis !== axis && b.axesOf(p).includes(other.axis)) p = b.sum(p, other.axis);
      outs[`enum:${name}`] = b.axesOf(p).includes(axis) ? p : b.expand(p, axis);
    }
  }
  return l.ctx.b.finish(outs);
}
