// Categorical (probs or logits over an event axis): gathered log-mass; draws by counting CDF values below u.
import type { AxisId, ValueId } from '../ir/ir.js';
import type { Builder } from '../ir/builder.js';
import { InternalError } from '../diag/diagnostic.js';
import type { DiscreteDistribution, DistOpts, DistParams, NumParams } from './record.js';
import { vec } from './record.js';
import { drawAxes, emitter, iota } from './emit.js';

function eventAxisOf(opts: DistOpts | undefined): AxisId {
  if (opts?.eventAxis === undefined) throw new InternalError('Categorical needs its event axis');
  return opts.eventAxis;
}

function vectorParam(p: DistParams): ValueId {
  const v = p.logits ?? p.probs;
  if (v === undefined) throw new InternalError('Categorical needs probs or logits');
  return v;
}

/** Normalised probabilities over the event axis (softmax of logits, or probs / sum probs). */
function normalisedProbs(b: Builder, p: DistParams, ev: AxisId): ValueId {
  const e = emitter(b);
  if (p.logits !== undefined)
    return e.exp(e.sub(p.logits, b.op('logsumexp', [p.logits], { axis: ev })));
  const probs = vectorParam(p);
  return e.div(probs, b.sum(probs, ev));
}

function numProbs(p: NumParams): number[] {
  if (p.logits !== undefined) {
    const l = vec(p, 'logits');
    const m = Math.max(...l);
    const w = l.map((x) => Math.exp(x - m));
    const s = w.reduce((a, x) => a + x, 0);
    return w.map((x) => x / s);
  }
  const pr = vec(p, 'probs');
  const s = pr.reduce((a, x) => a + x, 0);
  return pr.map((x) => x / s);
}

export const Categorical: DiscreteDistribution = {
  name: 'Categorical',
  forms: [['probs'], ['logits']],
  vectorParams: ['probs', 'logits'],
  support: 'category',
  discrete: true,
  reparameterized: false,
  median: null,
  supportSize: (a) => (a.probs ?? a.logits)?.length ?? null,
  logProb: (b, x, p, opts) => {
    const e = emitter(b);
    const ev = eventAxisOf(opts);
    if (p.logits !== undefined) {
      // Gather first: one logsumexp per batch element, no normalised table.
      return e.sub(b.gather(p.logits, ev, x), b.op('logsumexp', [p.logits], { axis: ev }));
    }
    const probs = vectorParam(p);
    return e.sub(e.log(b.gather(probs, ev, x)), e.log(b.sum(probs, ev)));
  },
  sample: (b, p, stream, axes, opts) => {
    const e = emitter(b);
    const ev = eventAxisOf(opts);
    const probs = normalisedProbs(b, p, ev);
    const u = b.rngUniform(stream, drawAxes(b, axes, [probs], ev));
    // cdf_k = Σ_j p_j [j <= k] over a copy of the event axis (the IR has no cumulative sum).
    const copy = b.addAxis({ id: `${ev}.cdf`, role: 'vector', size: b.axis(ev).size });
    const k = iota(b, ev);
    const j = iota(b, copy);
    const mask = e.bin('le', j, k);
    const cdf = b.sum(e.mul(b.rename(probs, ev, copy), mask), copy);
    // Rounding can leave cdf_{K-1} just under u: cap the count at K - 1.
    const count = b.sum(e.bin('lt', cdf, u), ev);
    const last = e.sub(b.sum(b.expand(e.c(1), ev), ev), e.c(1));
    return e.bin('min', count, last);
  },
  mean: (p) => numProbs(p).reduce((a, x, k) => a + k * x, 0),
  variance: (p) => {
    const pr = numProbs(p);
    const m = pr.reduce((a, x, k) => a + k * x, 0);
    return pr.reduce((a, x, k) => a + (k - m) ** 2 * x, 0);
  },
};
