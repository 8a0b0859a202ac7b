// The distribution families of docs/language.md, keyed by name: the one place the compiler learns of a family.
import type { Distribution } from './record.js';
import { InternalError } from '../diag/diagnostic.js';
import { HalfNormal, LogNormal, Normal } from './normal.js';
import { Cauchy, HalfCauchy, StudentT } from './cauchy.js';
import { Exponential, Laplace, Uniform } from './simple.js';
import { Beta, Gamma } from './gamma.js';
import { Bernoulli, Binomial } from './bernoulli.js';
import { Poisson } from './poisson.js';
import { Categorical } from './categorical.js';
import { Dirichlet } from './dirichlet.js';

// In the order of docs/language.md's table, which the checker's "known: ..." note follows.
const FAMILIES: readonly Distribution[] = [
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
  Dirichlet,
];

/** Every family by name; the checker reads it, where an unknown name is the user's error. */
export const DISTRIBUTIONS: ReadonlyMap<string, Distribution> = new Map(
  FAMILIES.map((d) => [d.name, d]),
);

/** A family the checker has already accepted: past the checker an unknown name is a compiler bug. */
export function distribution(name: string): Distribution {
  const d = DISTRIBUTIONS.get(name);
  if (!d) throw new InternalError(`no distribution ${name}`);
  return d;
}
