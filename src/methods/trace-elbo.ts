// Trace_ELBO (Pyro's), the objective of SVI: the loss is the negative ELBO averaged over K particles.
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import type { ContractionPlan } from '../ir/contraction.js';
import { PARTICLE_AXIS } from '../lower/ctx.js';
import { logQ, lowerProgram, total, type Lowered } from '../lower/lower-program.js';
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
  let l: Lowered = lowerProgram(prog, 'elbo', {
    particles,
    subsample: true,
    reparameterized: true,
  });
  let contraction: ContractionPlan | null = null;
  let elbo: ValueId;
  if (l.ctx.enums.size === 0) elbo = l.ctx.b.sub(total(l.ctx.b, l.model.terms), logQ(l));
  else {
    l = lowerProgram(prog, 'elbo', {
      particles,
      subsample: true,
      factored: true,
      reparameterized: true,
    });
    const c = contractFactors(l);
    contraction = c.plan;
    elbo = c.value;
  }
  const b = l.ctx.b;
  if (b.axesOf(elbo).includes(PARTICLE_AXIS)) elbo = b.sum(elbo, PARTICLE_AXIS);
  else elbo = b.mul(elbo, b.const(particles));
  const loss = b.neg(b.div(elbo, b.const(particles)));
  return { fn: b.finish({ loss }), contraction };
}
