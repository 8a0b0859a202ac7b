// The distribution table: one record per family of LANGUAGE.md, keyed by its name.
import type { DistRecord } from './record.js';
import { HalfNormal, LogNormal, Normal } from './normal.js';
import { Cauchy, HalfCauchy, StudentT } from './cauchy.js';
import { Exponential, Laplace, Uniform } from './simple.js';
import { Beta, Gamma } from './gamma.js';
import { Bernoulli, Binomial } from './bernoulli.js';
import { Poisson } from './poisson.js';
import { Categorical } from './categorical.js';

export const DISTS: ReadonlyMap<string, DistRecord> = new Map(
  [
    Normal,
    HalfNormal,
    LogNormal,
    Exponential,
    Gamma,
    Beta,
    Uniform,
    StudentT,
    Cauchy,
    HalfCauchy,
    Laplace,
    Bernoulli,
    Binomial,
    Poisson,
    Categorical,
  ].map((d) => [d.name, d]),
);

export type { DistRecord, DistOpts, DistParams, NumParams } from './record.js';
