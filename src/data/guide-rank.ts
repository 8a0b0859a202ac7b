// A low-rank guide's rank against the dimension of the latents it covers, known once the data gives the sizes: a rank
// above it is E0510 at the rank. Checked where data is bound (the compiled modules' runtime too), not by the checker,
// which the runtime does not load.
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { Size } from '../ir/ir.js';
import type { GuideSpec, SiteInfo } from '../check/typed.js';

/**
 * How many numbers the autoguide's one Gaussian covers: each continuous model latent (first site of a name) times
 * its plates' sizes. Null when a size is unknown to `sizeOf`, or a latent is vector-valued (E0710 at lowering).
 */
export function latentDimension(
  sites: readonly SiteInfo[],
  sizeOf: (s: Size) => number | undefined,
): number | null {
  const seen = new Set<string>();
  let dim = 0;
  for (const s of sites) {
    if (s.block !== 'model' || s.role !== 'latent' || s.discrete || seen.has(s.name)) continue;
    seen.add(s.name);
    if (s.event !== null) return null;
    let n = 1;
    for (const size of s.shape) {
      const k = sizeOf(size);
      if (k === undefined) return null;
      n *= k;
    }
    dim += n;
  }
  return dim;
}

/**
 * E0510 when the guide is low-rank with a rank above the latent dimension; none when there is nothing to cover. A
 * rank of the dimension is already a full covariance, so a higher one only adds params (Pyro accepts it; here it
 * is taken for a mistake).
 */
export function rankAboveDimension(
  file: string,
  guide: GuideSpec,
  sites: readonly SiteInfo[],
  sizes: ReadonlyMap<string, number>,
): Diagnostic | null {
  if (guide.kind !== 'auto' || guide.rank === null) return null;
  const sizeOf = (s: Size): number | undefined => (s.kind === 'lit' ? s.value : sizes.get(s.name));
  const dim = latentDimension(sites, sizeOf);
  if (dim === null || dim === 0 || guide.rank <= dim) return null;
  const span = guide.rankSpan ?? guide.span;
  const named = [
    ...new Set(
      sites.flatMap((s) =>
        s.block === 'model' && s.role === 'latent' && !s.discrete
          ? s.shape.flatMap((z) => (z.kind === 'data' ? [`${z.name} = ${sizeOf(z)}`] : []))
          : [],
      ),
    ),
  ];
  return named.length === 0
    ? error('E0510', file, span, { variant: 'literal', rank: guide.rank, dim })
    : error('E0510', file, span, {
        variant: 'data',
        rank: guide.rank,
        dim,
        sizes: named.join(', '),
      });
}
