// Trace_ELBO (Pyro's), the objective of SVI: the loss is the negative ELBO averaged over K particles.
import type { IRFunction } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import type { ContractionPlan } from '../ir/contraction.js';
import { PARTICLE_AXIS } from '../lower/ctx.js';
import { logQ, lowerProgram, total } from '../lower/lower-program.js';
import { leavesDiscreteOut } from '../lower/enumerate.js';
import { contractFactors } from '../lower/factors.js';

export interface Elbo {
  readonly fn: IRFunction;
  /** How discrete latents left to enumeration are summed out (null when there are none). */
  readonly contraction: ContractionPlan | null;
}

/**
 * Trace_ELBO with K particles: loss = -(1/K) Σ_k [log p(x, z_k) - log q(z_k)], discrete latents the guide leaves
 * out summed exactly (TraceEnum_ELBO): per plate element, by the contraction of src/contract. Outputs `loss`.
 */
export function buildElbo(prog: CheckedProgram, particles: number): Elbo {
  // Factored only when there is something to contract: other programs keep their terms summed at once.
  const factored = leavesDiscreteOut(prog);
  const l = lowerProgram(prog, 'elbo', {
    particles,
    subsample: true,
    reparameterized: true,
    factored,
  });
  const b = l.ctx.b;
  const c = factored ? contractFactors(l) : null;
  let elbo = c ? c.value : b.sub(total(b, l.model.terms), logQ(l));
  if (b.axesOf(elbo).includes(PARTICLE_AXIS)) elbo = b.sum(elbo, PARTICLE_AXIS);
  else elbo = b.mul(elbo, b.const(particles));
  const loss = b.neg(b.div(elbo, b.const(particles)));
  return { fn: b.finish({ loss }), contraction: c?.plan ?? null };
}
