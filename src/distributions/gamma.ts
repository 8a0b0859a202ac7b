// Gamma and Beta: lgamma-normalised log-densities; draws from rng_gamma (reparameterised Marsaglia-Tsang).
import type { AxisId, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { ContinuousDistribution } from './record.js';
import { num } from './record.js';
import { drawAxes, emitter, need } from './emit.js';

/** Standard Gamma(alpha, 1) draws over `axes` (∪ alpha's axes). */
export function rngGamma(
  b: Builder,
  alpha: ValueId,
  stream: string,
  axes: readonly AxisId[],
): ValueId {
  return b.op('rng_gamma', [alpha], { stream, axes });
}

/** Beta draws are clamped into [TINY, 1 - 2^-24] (representable in float32) so log x and log1p(-x) stay finite. */
const BETA_TINY = 1e-30;
const BETA_TOP = 1 - 2 ** -24;

export const Gamma: ContinuousDistribution = {
  name: 'Gamma',
  forms: [['concentration', 'rate']],
  vectorParams: [],
  support: 'positive',
  discrete: false,
  reparameterized: true,
  // A Wilson-Hilferty style approximation: any interior point is a fine start.
  median: (p) => Math.max(1e-3, (num(p, 'concentration') - 1 / 3) / num(p, 'rate')),
  supportSize: null,
  logProb: (b, x, p) => {
    const e = emitter(b);
    const a = need(p, 'concentration', 'Gamma');
    const rate = need(p, 'rate', 'Gamma');
    return e.sum(
      e.mul(a, e.log(rate)),
      e.mul(e.sub(a, e.c(1)), e.log(x)),
      e.neg(e.mul(rate, x)),
      e.neg(e.u('lgamma', a)),
    );
  },
  sample: (b, p, stream, axes) => {
    const a = need(p, 'concentration', 'Gamma');
    const rate = need(p, 'rate', 'Gamma');
    return b.div(rngGamma(b, a, stream, drawAxes(b, axes, [a, rate])), rate);
  },
  mean: (p) => num(p, 'concentration') / num(p, 'rate'),
  variance: (p) => num(p, 'concentration') / num(p, 'rate') ** 2,
};

export const Beta: ContinuousDistribution = {
  name: 'Beta',
  forms: [['concentration1', 'concentration0']],
  vectorParams: [],
  support: 'unit',
  discrete: false,
  reparameterized: true,
  // Kerman's approximation where both concentrations exceed 1, else the mean: an interior start either way.
  median: (p) => {
    const a = num(p, 'concentration1');
    const c = num(p, 'concentration0');
    return a > 1 && c > 1 ? (a - 1 / 3) / (a + c - 2 / 3) : a / (a + c);
  },
  supportSize: null,
  logProb: (b, x, p) => {
    const e = emitter(b);
    const a = need(p, 'concentration1', 'Beta');
    const c0 = need(p, 'concentration0', 'Beta');
    const one = e.c(1);
    const lbeta = e.sub(e.add(e.u('lgamma', a), e.u('lgamma', c0)), e.u('lgamma', e.add(a, c0)));
    return e.sum(
      e.mul(e.sub(a, one), e.log(x)),
      e.mul(e.sub(c0, one), e.u('log1p', e.neg(x))),
      e.neg(lbeta),
    );
  },
  sample: (b, p, stream, axes) => {
    const e = emitter(b);
    const a = need(p, 'concentration1', 'Beta');
    const c0 = need(p, 'concentration0', 'Beta');
    const all = drawAxes(b, axes, [a, c0]);
    const ga = rngGamma(b, a, `${stream}.a`, all);
    const gb = rngGamma(b, c0, `${stream}.b`, all);
    const x = e.div(ga, e.add(ga, gb));
    return e.bin('min', e.bin('max', x, e.c(BETA_TINY)), e.c(BETA_TOP));
  },
  mean: (p) => num(p, 'concentration1') / (num(p, 'concentration1') + num(p, 'concentration0')),
  variance: (p) => {
    const a = num(p, 'concentration1');
    const c = num(p, 'concentration0');
    return (a * c) / ((a + c) ** 2 * (a + c + 1));
  },
};
