// Exponential, Laplace and Uniform: closed-form log-densities and inverse-CDF draws from rng_uniform.
import type { ContinuousDistribution } from './record.js';
import { num } from './record.js';
import { drawAxes, emitter, need } from './emit.js';

export const Exponential: ContinuousDistribution = {
  name: 'Exponential',
  forms: [['rate']],
  vectorParams: [],
  support: 'positive',
  discrete: false,
  reparameterized: true,
  median: (p) => Math.LN2 / num(p, 'rate'),
  supportSize: null,
  logProb: (b, x, p) => {
    const rate = need(p, 'rate', 'Exponential');
    return b.sub(b.unary('log', rate), b.mul(rate, x));
  },
  sample: (b, p, stream, axes) => {
    const rate = need(p, 'rate', 'Exponential');
    const u = b.rngUniform(stream, drawAxes(b, axes, [rate]));
    // u is in the open (0, 1), so -log u is finite.
    return b.div(b.neg(b.unary('log', u)), rate);
  },
  mean: (p) => 1 / num(p, 'rate'),
  variance: (p) => 1 / num(p, 'rate') ** 2,
};

export const Laplace: ContinuousDistribution = {
  name: 'Laplace',
  forms: [['loc', 'scale']],
  vectorParams: [],
  support: 'real',
  discrete: false,
  reparameterized: true,
  median: (p) => num(p, 'loc'),
  supportSize: null,
  logProb: (b, x, p) => {
    const e = emitter(b);
    const scale = need(p, 'scale', 'Laplace');
    const dev = e.u('abs', e.sub(x, need(p, 'loc', 'Laplace')));
    return e.neg(e.add(e.log(e.mul(e.c(2), scale)), e.div(dev, scale)));
  },
  sample: (b, p, stream, axes) => {
    const e = emitter(b);
    const loc = need(p, 'loc', 'Laplace');
    const scale = need(p, 'scale', 'Laplace');
    const u = b.rngUniform(stream, drawAxes(b, axes, [loc, scale]));
    // As torch: v uniform on (-1, 1), x = loc - scale·sign(v)·log1p(-|v|).
    const v = e.sub(e.mul(e.c(2), u), e.c(1));
    const t = e.mul(e.u('sign', v), e.u('log1p', e.neg(e.u('abs', v))));
    return e.sub(loc, e.mul(scale, t));
  },
  mean: (p) => num(p, 'loc'),
  variance: (p) => 2 * num(p, 'scale') ** 2,
};

export const Uniform: ContinuousDistribution = {
  name: 'Uniform',
  forms: [['low', 'high']],
  vectorParams: [],
  support: 'interval',
  discrete: false,
  reparameterized: true,
  median: (p) => (num(p, 'low') + num(p, 'high')) / 2,
  supportSize: null,
  logProb: (b, x, p) => {
    const e = emitter(b);
    const low = need(p, 'low', 'Uniform');
    const high = need(p, 'high', 'Uniform');
    // Pyro gives -inf outside the support. The closed interval (Pyro: low <= x < high) keeps a
    // sigmoid-transformed value that rounds to `high` in float32 finite.
    const inside = e.bin('and', e.bin('ge', x, low), e.bin('le', x, high));
    return e.select(inside, e.neg(e.log(e.sub(high, low))), e.c(-Infinity));
  },
  sample: (b, p, stream, axes) => {
    const low = need(p, 'low', 'Uniform');
    const high = need(p, 'high', 'Uniform');
    const u = b.rngUniform(stream, drawAxes(b, axes, [low, high]));
    return b.add(low, b.mul(b.sub(high, low), u));
  },
  mean: (p) => (num(p, 'low') + num(p, 'high')) / 2,
  variance: (p) => (num(p, 'high') - num(p, 'low')) ** 2 / 12,
};
