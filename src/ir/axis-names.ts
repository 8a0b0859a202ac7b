// The names of the axes the lowering makes and the posterior reads: the draws' (particle) axis and event axes.
import type { AxisId } from './ir.js';

/** The axis of a function's samples: particles in an objective, draws in the posterior draws function. */
export const PARTICLE_AXIS = 'particle';

/** A vector-valued site's or param's own event axis. */
export const eventAxisId = (name: string): AxisId => `ev:${name}`;

/** The axes of a site's value: its plates, then its event axis when it is vector-valued (a Dirichlet site). */
export const siteValueAxes = (site: {
  readonly name: string;
  readonly plates: readonly AxisId[];
  readonly event: unknown;
}): AxisId[] => (site.event === null ? [...site.plates] : [...site.plates, eventAxisId(site.name)]);
