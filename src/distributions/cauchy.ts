// Cauchy, HalfCauchy and StudentT: heavy-tailed families; draws by inverse CDF (tan) or normal / sqrt(chi²/df).
import type { ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import type { ContinuousDistribution } from './record.js';
import { num } from './record.js';
import { LOG_2, LOG_PI, drawAxes, emitter, need, onHalfLine } from './emit.js';

/** -log(π) - log(scale) - log1p(z²), z = (x - loc)/scale. */
function cauchyLogProb(b: Builder, x: ValueId, loc: ValueId | null, scale: ValueId): ValueId {
  const e = emitter(b);
  const z = e.div(loc === null ? x : e.sub(x, loc), scale);
  return e.neg(e.sum(e.u('log1p', e.sq(z)), e.log(scale), e.c(LOG_PI)));
}

/** tan(a) as sin/cos: the IR has no tan. */
function tan(b: Builder, a: ValueId): ValueId {
  return b.div(b.unary('sin', a), b.unary('cos', a));
}

export const Cauchy: ContinuousDistribution = {
  name: 'Cauchy',
  forms: [['loc', 'scale']],
  vectorParams: [],
  support: 'real',
  discrete: false,
  reparameterized: true,
  median: (p) => num(p, 'loc'),
  supportSize: null,
  logProb: (b, x, p) => cauchyLogProb(b, x, need(p, 'loc', 'Cauchy'), need(p, 'scale', 'Cauchy')),
  sample: (b, p, stream, axes) => {
    const loc = need(p, 'loc', 'Cauchy');
    const scale = need(p, 'scale', 'Cauchy');
    const u = b.rngUniform(stream, drawAxes(b, axes, [loc, scale]));
    // Quantile: loc + scale·tan(π(u - 1/2)).
    const t = tan(b, b.mul(b.const(Math.PI), b.sub(u, b.const(0.5))));
    return b.add(loc, b.mul(scale, t));
  },
  mean: () => NaN,
  variance: () => NaN,
};

export const HalfCauchy: ContinuousDistribution = {
  name: 'HalfCauchy',
  forms: [['scale']],
  vectorParams: [],
  support: 'positive',
  discrete: false,
  reparameterized: true,
  median: (p) => num(p, 'scale'),
  supportSize: null,
  // As torch: -inf below 0.
  logProb: (b, x, p) =>
    onHalfLine(
      emitter(b),
      x,
      b.add(cauchyLogProb(b, x, null, need(p, 'scale', 'HalfCauchy')), b.const(LOG_2)),
    ),
  sample: (b, p, stream, axes) => {
    const scale = need(p, 'scale', 'HalfCauchy');
    const u = b.rngUniform(stream, drawAxes(b, axes, [scale]));
    // Quantile: scale·tan(πu/2).
    return b.mul(scale, tan(b, b.mul(b.const(Math.PI / 2), u)));
  },
  mean: () => Infinity,
  variance: () => Infinity,
};

export const StudentT: ContinuousDistribution = {
  name: 'StudentT',
  forms: [['df', 'loc', 'scale']],
  vectorParams: [],
  support: 'real',
  discrete: false,
  reparameterized: true,
  median: (p) => num(p, 'loc'),
  supportSize: null,
  logProb: (b, x, p) => {
    const e = emitter(b);
    const df = need(p, 'df', 'StudentT');
    const scale = need(p, 'scale', 'StudentT');
    const z = e.div(e.sub(x, need(p, 'loc', 'StudentT')), scale);
    const half = e.c(0.5);
    const dfp1h = e.mul(e.add(df, e.c(1)), half);
    const norm = e.sum(
      e.u('lgamma', dfp1h),
      e.neg(e.u('lgamma', e.mul(df, half))),
      e.mul(e.c(-0.5), e.log(df)),
      e.c(-0.5 * LOG_PI),
      e.neg(e.log(scale)),
    );
    return e.sub(norm, e.mul(dfp1h, e.u('log1p', e.div(e.sq(z), df))));
  },
  sample: (b, p, stream, axes) => {
    const e = emitter(b);
    const df = need(p, 'df', 'StudentT');
    const loc = need(p, 'loc', 'StudentT');
    const scale = need(p, 'scale', 'StudentT');
    const all = drawAxes(b, axes, [df, loc, scale]);
    // As Pyro: z / sqrt(chi²_df / df) with chi²_df = 2·Gamma(df/2, 1), reparameterised through rng_gamma.
    const eps = b.rngNormal(stream, all);
    const g = b.op('rng_gamma', [e.mul(df, e.c(0.5))], { stream: `${stream}.chi2`, axes: all });
    const y = e.mul(eps, e.u('sqrt', e.div(df, e.mul(e.c(2), g))));
    return e.add(loc, e.mul(scale, y));
  },
  mean: (p) => (num(p, 'df') > 1 ? num(p, 'loc') : NaN),
  variance: (p) => {
    const df = num(p, 'df');
    if (df > 2) return (num(p, 'scale') ** 2 * df) / (df - 2);
    return df > 1 ? Infinity : NaN;
  },
};
