// Normal, HalfNormal and LogNormal: location-scale log-densities and reparameterised draws from rng_normal.
import type { ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { ContinuousDistribution } from './record.js';
import { num } from './record.js';
import { LOG_2, LOG_2PI, drawAxes, emitter, need, onHalfLine } from './emit.js';

/** log N(x; loc, scale) = -z²/2 - log(scale) - log(2π)/2 with z = (x - loc)/scale. */
export function normalLogProb(
  b: Builder,
  x: ValueId,
  loc: ValueId | null,
  scale: ValueId,
): ValueId {
  const e = emitter(b);
  const z = e.div(loc === null ? x : e.sub(x, loc), scale);
  return e.sub(e.mul(e.c(-0.5), e.sq(z)), e.add(e.log(scale), e.c(0.5 * LOG_2PI)));
}

export const Normal: ContinuousDistribution = {
  name: 'Normal',
  forms: [['loc', 'scale']],
  vectorParams: [],
  support: 'real',
  discrete: false,
  reparameterized: true,
  median: (p) => num(p, 'loc'),
  supportSize: null,
  logProb: (b, x, p) => normalLogProb(b, x, need(p, 'loc', 'Normal'), need(p, 'scale', 'Normal')),
  sample: (b, p, stream, axes) => {
    const loc = need(p, 'loc', 'Normal');
    const scale = need(p, 'scale', 'Normal');
    const eps = b.rngNormal(stream, drawAxes(b, axes, [loc, scale]));
    return b.add(loc, b.mul(scale, eps));
  },
  mean: (p) => num(p, 'loc'),
  variance: (p) => num(p, 'scale') ** 2,
};

export const HalfNormal: ContinuousDistribution = {
  name: 'HalfNormal',
  forms: [['scale']],
  vectorParams: [],
  support: 'positive',
  discrete: false,
  reparameterized: true,
  // scale · Φ⁻¹(3/4): the half-line holds the upper half of N(0, scale).
  median: (p) => num(p, 'scale') * 0.6744897501960817,
  supportSize: null,
  // As torch: log 2 + N(x; 0, scale) for x >= 0, -inf below.
  logProb: (b, x, p) =>
    onHalfLine(
      emitter(b),
      x,
      b.add(normalLogProb(b, x, null, need(p, 'scale', 'HalfNormal')), b.const(LOG_2)),
    ),
  sample: (b, p, stream, axes) => {
    const scale = need(p, 'scale', 'HalfNormal');
    const eps = b.rngNormal(stream, drawAxes(b, axes, [scale]));
    return b.mul(scale, b.unary('abs', eps));
  },
  mean: (p) => num(p, 'scale') * Math.sqrt(2 / Math.PI),
  variance: (p) => num(p, 'scale') ** 2 * (1 - 2 / Math.PI),
};

export const LogNormal: ContinuousDistribution = {
  name: 'LogNormal',
  forms: [['loc', 'scale']],
  vectorParams: [],
  support: 'positive',
  discrete: false,
  reparameterized: true,
  median: (p) => Math.exp(num(p, 'loc')),
  supportSize: null,
  logProb: (b, x, p) => {
    const lx = b.unary('log', x);
    return b.sub(
      normalLogProb(b, lx, need(p, 'loc', 'LogNormal'), need(p, 'scale', 'LogNormal')),
      lx,
    );
  },
  sample: (b, p, stream, axes) => {
    const loc = need(p, 'loc', 'LogNormal');
    const scale = need(p, 'scale', 'LogNormal');
    const eps = b.rngNormal(stream, drawAxes(b, axes, [loc, scale]));
    return b.unary('exp', b.add(loc, b.mul(scale, eps)));
  },
  mean: (p) => Math.exp(num(p, 'loc') + num(p, 'scale') ** 2 / 2),
  variance: (p) => {
    const s2 = num(p, 'scale') ** 2;
    return Math.expm1(s2) * Math.exp(2 * num(p, 'loc') + s2);
  },
};
