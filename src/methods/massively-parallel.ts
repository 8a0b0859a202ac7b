// Massively parallel importance sampling (seed 004): K samples of every latent site, and log P_MP, the log of the
// average of p(x, z)/q_MP(z) over all K^n combinations, summed out by the plate-aware contraction (src/contract).
import type { CheckedProgram } from '../check/typed.js';
import type { ValueId } from '../ir/ir.js';
import { DiagnosticsError, error } from '../diag/diagnostic.js';
import { lowerProgram, type Lowered } from '../lower/lower-program.js';
import { contractFactors, type Contracted } from '../lower/factors.js';
import type { SourceKinds } from '../lower/sources.js';
import { simplify } from '../ir/passes/simplify.js';
import type { MethodIR } from './method.js';
import type { Indexing } from '../infer/estimate-functions.js';

export type { Indexing };

export interface EstimateOptions {
  /** The method's name, for messages. */
  readonly method: string;
  readonly K: number;
  readonly indexing: Indexing;
  /** Reweighted wake-sleep: samples pass no gradient, and log q's gradient is reversed. */
  readonly wakeSleep?: boolean;
  readonly sources?: SourceKinds;
  /** Guide draws over full plates (posterior summaries) rather than subsampled batches. */
  readonly full?: boolean;
  /** The estimate is differentiated through the guide's samples (every method's loss but rws's). */
  readonly reparameterized?: boolean;
}

export interface Estimate {
  readonly l: Lowered;
  readonly c: Contracted;
  /** log of the estimate of p(x) (on the K-sample or particle axes summed out). */
  readonly logP: ValueId;
}

/** The log of the importance-sampling estimate of p(x) with the guide as proposal. */
export function lowerEstimate(prog: CheckedProgram, o: EstimateOptions): Estimate {
  const g = prog.guide;
  if (
    o.indexing === 'per-site' &&
    g.kind === 'auto' &&
    (g.family === 'AutoMultivariateNormal' || g.family === 'AutoLowRankMultivariateNormal')
  )
    throw new DiagnosticsError([
      error('E0708', prog.file, g.span, { method: o.method, guide: g.family }),
    ]);
  const l = lowerProgram(prog, 'mp', {
    particles: o.indexing === 'shared' ? o.K : 0,
    subsample: !o.full,
    factored: true,
    ...(o.indexing === 'per-site' ? { kPerSite: o.K } : {}),
    ...(o.wakeSleep ? { detach: true } : {}),
    ...(o.reparameterized ? { reparameterized: true } : {}),
  });
  const c = contractFactors(l, {
    sources: o.sources ?? 'none',
    reverseGuide: o.wakeSleep ?? false,
    sharedIndex: o.indexing === 'shared',
  });
  return { l, c, logP: c.value };
}

/** The stepped objective: loss = -log P (maximising the estimate's log, a lower bound of log p(x) in expectation). */
export function buildEstimateLoss(prog: CheckedProgram, o: EstimateOptions): MethodIR {
  const e = lowerEstimate(prog, { ...o, reparameterized: !o.wakeSleep });
  const b = e.l.ctx.b;
  return { fn: simplify(b.finish({ loss: b.neg(e.logP) })), contraction: e.c.plan };
}
