// The functions evaluated after an importance-sampling method's fit, lowered from the checked program: when a fit of
// the compiler asks for them, or once at `pplc compile` for a module to carry (src/infer/estimate-functions.ts).
import type { CheckedProgram } from '../check/typed.js';
import type { ValueId } from '../ir/ir.js';
import { grad } from '../ad/grad.js';
import { simplify } from '../ir/passes/simplify.js';
import type {
  EstimateFunctions,
  EstimateSource,
  EvidenceFunction,
  ImportanceFunction,
  Indexing,
} from '../infer/estimate-functions.js';
import { lowerEstimate } from './massively-parallel.js';

/** What the functions are lowered for: the method (for messages), its K and how the samples are indexed. */
export interface EstimateBuild {
  readonly method: string;
  readonly K: number;
  readonly indexing: Indexing;
}

/** log P over full plates, differentiated with respect to every source (seed 004's source-term trick). */
export function evidenceFunction(checked: CheckedProgram, o: EstimateBuild): EvidenceFunction {
  const e = lowerEstimate(checked, { ...o, sources: 'all', full: true });
  const b = e.l.ctx.b;
  const fn = simplify(
    grad(
      b.finish({ logP: e.logP }),
      'logP',
      e.c.sources.map((s) => s.param),
    ),
  );
  return { fn, sources: e.c.sources };
}

/** log P with every elimination's joint and every model latent's samples, for resampling the combinations. */
export function importanceFunction(checked: CheckedProgram, o: EstimateBuild): ImportanceFunction {
  const e = lowerEstimate(checked, { ...o, full: true });
  const { b, sites } = e.l.ctx;
  const outs: Record<string, ValueId> = { logP: e.logP };
  for (const [id, v] of e.c.joints) outs[`joint:${id}`] = v;
  for (const s of checked.sites)
    if (s.block === 'model' && s.role === 'latent') {
      const v = sites.get(s.name);
      if (v) outs[`site:${s.name}`] = v.v;
    }
  const fn = simplify(b.finish(outs));
  // The contraction's canonical plates as a table (a function is no data): the axes resampling looks up.
  const axes = new Set([...fn.axes.map((a) => a.id), ...checked.sites.flatMap((s) => s.plates)]);
  const canon = [...axes].flatMap((a) => {
    const c = e.c.canon(a);
    return c === a ? [] : [[a, c] as const];
  });
  return { fn, outputs: Object.keys(outs), plan: e.c.plan, canon };
}

export function estimateFunctions(checked: CheckedProgram, o: EstimateBuild): EstimateFunctions {
  return { evidence: evidenceFunction(checked, o), importance: importanceFunction(checked, o) };
}

/** The functions lowered when first asked for. */
export function loweredEstimates(checked: CheckedProgram, o: EstimateBuild): EstimateSource {
  let evidence: EvidenceFunction | undefined;
  let importance: ImportanceFunction | undefined;
  return {
    evidence: async () => (evidence ??= evidenceFunction(checked, o)),
    importance: async () => (importance ??= importanceFunction(checked, o)),
  };
}
