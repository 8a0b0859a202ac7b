// Dirichlet(concentration): vectors on the simplex over the concentration's event axis; draws are normalised
// reparameterised Gamma draws (rng_gamma's implicit gradient), so guides may use it under every method.
import type { AxisId } from '../ir/ir.js';
import type { ContinuousDistribution, DistOpts } from './record.js';
import { InternalError } from '../diag/diagnostic.js';
import { drawAxes, emitter, need } from './emit.js';
import { rngGamma } from './gamma.js';

/** Draws below this are raised to it, so that every coordinate's log stays finite in float32. */
const TINY = 1e-30;

function eventAxisOf(opts: DistOpts | undefined): AxisId {
  if (opts?.eventAxis === undefined) throw new InternalError('Dirichlet needs its event axis');
  return opts.eventAxis;
}

const vector = (p: Readonly<Record<string, number | readonly number[]>>): readonly number[] => {
  const v = p.concentration;
  if (!Array.isArray(v)) throw new InternalError('Dirichlet needs a concentration vector');
  return v as readonly number[];
};

export const Dirichlet: ContinuousDistribution = {
  name: 'Dirichlet',
  forms: [['concentration']],
  vectorParams: ['concentration'],
  valueEvent: 'concentration',
  support: 'simplex',
  discrete: false,
  reparameterized: true,
  median: null,
  supportSize: null,
  logProb: (b, x, p, opts) => {
    const e = emitter(b);
    const ev = eventAxisOf(opts);
    const a = need(p, 'concentration', 'Dirichlet');
    const terms = e.sub(e.mul(e.sub(a, e.c(1)), e.log(x)), e.u('lgamma', a));
    return e.add(e.u('lgamma', b.sum(a, ev)), b.sum(terms, ev));
  },
  sample: (b, p, stream, axes, opts) => {
    const e = emitter(b);
    const ev = eventAxisOf(opts);
    const a = need(p, 'concentration', 'Dirichlet');
    const g = e.bin('max', rngGamma(b, a, stream, drawAxes(b, [...axes, ev], [a])), e.c(TINY));
    return e.div(g, b.sum(g, ev));
  },
  // Of the first coordinate (the records' moments are scalars; each coordinate is Beta(a_k, Σa - a_k)).
  mean: (p) => {
    const a = vector(p);
    return a[0]! / a.reduce((s, x) => s + x, 0);
  },
  variance: (p) => {
    const a = vector(p);
    const t = a.reduce((s, x) => s + x, 0);
    return (a[0]! * (t - a[0]!)) / (t * t * (t + 1));
  },
};
