// Bernoulli and Binomial (probs or logits): stable log-masses (log_sigmoid for logits, xlogy for probs).
import type { ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import { InternalError } from '../diag/diagnostic.js';
import type { DiscreteDistribution, DistParams, NumParams } from './record.js';
import { num } from './record.js';
import { drawAxes, emitter, need, xlogy } from './emit.js';

/** k·log p + (n-k)·log(1-p) from probs or logits; `rest` is n - k. */
function successTerms(b: Builder, k: ValueId, rest: ValueId, p: DistParams, dist: string): ValueId {
  const e = emitter(b);
  if (p.logits !== undefined) {
    // log σ(l) and log σ(-l) are exact for any |l|; value·l - softplus(l) would cancel at large l.
    const l = p.logits;
    return e.add(e.mul(k, e.u('log_sigmoid', l)), e.mul(rest, e.u('log_sigmoid', e.neg(l))));
  }
  const probs = need(p, 'probs', dist);
  return e.add(xlogy(e, k, e.log(probs)), xlogy(e, rest, e.u('log1p', e.neg(probs))));
}

/** The success probability as an IR value. */
function successProb(b: Builder, p: DistParams, dist: string): ValueId {
  return p.logits !== undefined ? b.unary('sigmoid', p.logits) : need(p, 'probs', dist);
}

function numProb(p: NumParams): number {
  return p.logits !== undefined ? 1 / (1 + Math.exp(-num(p, 'logits'))) : num(p, 'probs');
}

export const Bernoulli: DiscreteDistribution = {
  name: 'Bernoulli',
  forms: [['probs'], ['logits']],
  vectorParams: [],
  support: 'boolean',
  discrete: true,
  reparameterized: false,
  median: null,
  supportSize: () => 2,
  logProb: (b, x, p) => successTerms(b, x, b.sub(b.const(1), x), p, 'Bernoulli'),
  sample: (b, p, stream, axes) => {
    const prob = successProb(b, p, 'Bernoulli');
    const u = b.rngUniform(stream, drawAxes(b, axes, [prob]));
    return b.op('lt', [u, prob]);
  },
  mean: (p) => numProb(p),
  variance: (p) => numProb(p) * (1 - numProb(p)),
};

export const Binomial: DiscreteDistribution = {
  name: 'Binomial',
  forms: [
    ['total_count', 'probs'],
    ['total_count', 'logits'],
  ],
  vectorParams: [],
  support: 'count_upto',
  discrete: true,
  reparameterized: false,
  median: null,
  supportSize: (a) => {
    const n = a.total_count?.value ?? null;
    return n !== null && Number.isInteger(n) && n >= 0 ? n + 1 : null;
  },
  logProb: (b, k, p) => {
    const e = emitter(b);
    const n = need(p, 'total_count', 'Binomial');
    const rest = e.sub(n, k);
    const one = e.c(1);
    const logChoose = e.sub(
      e.u('lgamma', e.add(n, one)),
      e.add(e.u('lgamma', e.add(k, one)), e.u('lgamma', e.add(rest, one))),
    );
    return e.add(logChoose, successTerms(b, k, rest, p, 'Binomial'));
  },
  sample: (b, p, stream, axes, opts) => {
    // A sum of total_count Bernoulli draws over a fresh trial axis: exact, but needs total_count as a
    // compile-time constant (inversion needs a loop the IR does not have).
    const n = opts?.totalCount;
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      throw new InternalError(
        'Binomial sampling needs total_count as a non-negative integer constant',
      );
    }
    const prob = successProb(b, p, 'Binomial');
    const all = drawAxes(b, axes, [prob]);
    if (n === 0) return b.mul(b.const(0), b.rngUniform(stream, all));
    const trials = b.addAxis({
      id: `${stream}.trials`,
      role: 'vector',
      size: { kind: 'lit', value: n },
    });
    const u = b.rngUniform(stream, [...all, trials]);
    return b.sum(b.op('lt', [u, prob]), trials);
  },
  mean: (p) => num(p, 'total_count') * numProb(p),
  variance: (p) => num(p, 'total_count') * numProb(p) * (1 - numProb(p)),
};
