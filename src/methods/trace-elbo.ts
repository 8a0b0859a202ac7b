// Trace_ELBO (Pyro's), the objective of SVI: the loss is the negative ELBO averaged over K particles.
import type { IRFunction } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import { PARTICLE_AXIS } from '../lower/ctx.js';
import { logQ, lowerProgram, total } from '../lower/lower-program.js';
import { sumOutEnums } from '../lower/enumerate.js';

/** Trace_ELBO with K particles: loss = -(1/K) Σ_k [log p(x, z_k) - log q(z_k)]. Outputs `loss`. */
export function buildElbo(prog: CheckedProgram, particles: number): IRFunction {
  const l = lowerProgram(prog, 'elbo', { particles, subsample: true });
  const b = l.ctx.b;
  let elbo = b.sub(sumOutEnums(l.ctx, total(b, l.model.terms)), logQ(l));
  if (b.axesOf(elbo).includes(PARTICLE_AXIS)) elbo = b.sum(elbo, PARTICLE_AXIS);
  else elbo = b.mul(elbo, b.const(particles));
  const loss = b.neg(b.div(elbo, b.const(particles)));
  return b.finish({ loss });
}
