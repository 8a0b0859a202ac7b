// The functions an importance-sampling method evaluates after its fit (the evidence with the moments, the importance
// samples), as readonly data: lowered on demand for a fit of the compiler, or carried by a compiled module.
import type { AxisId, IRFunction } from '../ir/ir.js';
import type { ContractionPlan } from '../ir/contraction.js';
import type { Source } from '../lower/sources.js';

/** How the K samples are indexed: one index per latent site (MP), or one shared by all of them (plain IS). */
export type Indexing = 'per-site' | 'shared';

/** log p(x)'s estimate over full plates (`logP`), and its gradient at zero of each source (`grad:<param>`). */
export interface EvidenceFunction {
  readonly fn: IRFunction;
  /** The source terms: their gradients are the latents' moments and the enumerated sites' marginals. */
  readonly sources: readonly Source[];
}

/** The estimate with what resampling its combinations reads: each elimination's joint, each latent's samples. */
export interface ImportanceFunction {
  /** Outputs `logP`, `joint:<step>` per elimination and `site:<name>` per model latent it samples. */
  readonly fn: IRFunction;
  /** The outputs to compute, in that order. */
  readonly outputs: readonly string[];
  readonly plan: ContractionPlan;
  /** Each plate copy that is not its own canonical plate, with that plate (the plan names plates by them). */
  readonly canon: readonly (readonly [AxisId, AxisId])[];
}

export interface EstimateFunctions {
  readonly evidence: EvidenceFunction;
  readonly importance: ImportanceFunction;
}

/** The functions when first asked for: lowering one costs time, and the importance samples may not be asked for. */
export interface EstimateSource {
  evidence(): Promise<EvidenceFunction>;
  importance(): Promise<ImportanceFunction>;
}

/** A compiled module's functions as a source. */
export const embeddedEstimates = (f: EstimateFunctions): EstimateSource => ({
  evidence: () => Promise.resolve(f.evidence),
  importance: () => Promise.resolve(f.importance),
});
