// Poisson: log-mass with lgamma; draws (for simulation only) by inversion bounded at opts.maxCount.
import type { DiscreteDistribution } from './record.js';
import { num } from './record.js';
import { drawAxes, emitter, logFactorial, need, xlogy } from './emit.js';

const DEFAULT_MAX_COUNT = 64;

export const Poisson: DiscreteDistribution = {
  name: 'Poisson',
  forms: [['rate']],
  vectorParams: [],
  support: 'count',
  discrete: true,
  reparameterized: false,
  median: null,
  // An infinite support: enumeration cannot sum it out.
  supportSize: null,
  logProb: (b, k, p) => {
    const e = emitter(b);
    const rate = need(p, 'rate', 'Poisson');
    return e.sum(xlogy(e, k, e.log(rate)), e.neg(rate), e.neg(e.u('lgamma', e.add(k, e.c(1)))));
  },
  sample: (b, p, stream, axes, opts) => {
    // X = #{j < K : cdf(j) < u}, the CDF accumulated term by term in log space (no exp(-rate)
    // underflow until rate ~ 700). The IR has no loop, so the sum is unrolled to K = maxCount terms
    // and draws are capped at K: choose K well above rate + 10·sqrt(rate).
    const e = emitter(b);
    const rate = need(p, 'rate', 'Poisson');
    const maxCount = opts?.maxCount ?? DEFAULT_MAX_COUNT;
    const u = b.rngUniform(stream, drawAxes(b, axes, [rate]));
    const logRate = e.log(rate);
    let cdf = e.c(0);
    let count = e.c(0);
    for (let j = 0; j < maxCount; j++) {
      const logPmf = e.sub(e.mul(e.c(j), logRate), e.add(rate, e.c(logFactorial(j))));
      cdf = e.add(cdf, e.exp(logPmf));
      count = e.add(count, e.bin('lt', cdf, u));
    }
    return count;
  },
  mean: (p) => num(p, 'rate'),
  variance: (p) => num(p, 'rate'),
};
