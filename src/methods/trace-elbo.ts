// Trace_ELBO (Pyro's), the objective of SVI: the loss is the negative ELBO averaged over K particles.
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
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
 * Adds the score-function term of the guide's discrete draws to the per-particle ELBO `e` without changing its
 * value: e + sg(e - baseline) * (lq - sg(lq)), whose gradient is Pyro's surrogate's, (e - baseline) ∇ log q(z).
 * The baseline is leave-one-out over the particles (each particle's is the mean ELBO of the others), unbiased and
 * stateless; with one particle there is none.
 */
function withScoreTerm(b: Builder, e: ValueId, lq: ValueId, particles: number): ValueId {
  const sg = (v: ValueId): ValueId => b.unary('stop_gradient', v);
  let centred = e;
  if (particles >= 2 && b.axesOf(e).includes(PARTICLE_AXIS)) {
    const others = b.sub(b.sum(e, PARTICLE_AXIS), e);
    centred = b.sub(e, b.div(others, b.const(particles - 1)));
  }
  return b.add(e, b.mul(sg(centred), b.sub(lq, sg(lq))));
}

/**
 * Trace_ELBO with K particles: loss = -(1/K) Σ_k [log p(x, z_k) - log q(z_k)], discrete latents the guide leaves
 * out summed exactly (TraceEnum_ELBO): per plate element, by the contraction of src/contract; discrete latents the
 * guide samples get score-function gradients. Outputs `loss`.
 */
export function buildElbo(prog: CheckedProgram, particles: number): Elbo {
  // Factored only when there is something to contract: other programs keep their terms summed at once.
  const factored = leavesDiscreteOut(prog);
  const l = lowerProgram(prog, 'elbo', {
    particles,
    subsample: true,
    reparameterized: true,
    scoreFunction: true,
    factored,
  });
  const b = l.ctx.b;
  const c = factored ? contractFactors(l) : null;
  let elbo = c ? c.value : b.sub(total(b, l.model.terms), logQ(l));
  const scored = prog.sites.filter((s) => s.block === 'guide' && s.role === 'latent' && s.discrete);
  if (scored.length > 0)
    elbo = withScoreTerm(b, elbo, logQ(l, new Set(scored.map((s) => s.name))), particles);
  if (b.axesOf(elbo).includes(PARTICLE_AXIS)) elbo = b.sum(elbo, PARTICLE_AXIS);
  else elbo = b.mul(elbo, b.const(particles));
  const loss = b.neg(b.div(elbo, b.const(particles)));
  return { fn: b.finish({ loss }), contraction: c?.plan ?? null };
}
