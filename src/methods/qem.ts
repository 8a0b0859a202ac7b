// QEM (seed 004's QEMParam): each guide Normal whose loc and scale are params is set by moment matching, its running
// moments moved towards the importance-weighted ones over all K^n combinations at rate --qem-lr; other params (the
// model's, and guide params that are not such a Normal's) by the optimizer on the gradient of log P_MP.
import { grad } from '../ad/grad.js';
import { Builder } from '../ir/builder.js';
import { simplify } from '../ir/passes/simplify.js';
import type { ValueId } from '../ir/ir.js';
import type { DeclaredOutput, Objective } from '../ir/objective.js';
import { lowerEstimate } from './massively-parallel.js';
import type { InferenceMethod, MethodIR, MomentSite } from './method.js';
import { METHOD_HELP } from './method-names.js';
import { estimateDrivers } from './estimate-drivers.js';
import { loweredFor } from './estimate-method.js';
import { estimateFunctions } from './lower-estimates.js';

function lowerQem(
  checked: Parameters<InferenceMethod['lower']>[0],
  K: number,
  rate: number,
): MethodIR {
  const e = lowerEstimate(checked, {
    method: 'qem',
    K,
    indexing: 'per-site',
    sources: 'qem',
    reparameterized: true,
  });
  const sites: MomentSite[] = [];
  for (const [site, nd] of e.l.ctx.normalDraws) {
    const m1 = e.c.sources.find((s) => s.site === site && s.kind === 'm1');
    const m2 = e.c.sources.find((s) => s.site === site && s.kind === 'm2');
    if (m1 && m2) sites.push({ site, loc: nd.loc, scale: nd.scale, m1: m1.param, m2: m2.param });
  }
  const b = e.l.ctx.b;
  return {
    fn: simplify(b.finish({ loss: b.neg(e.logP) })),
    contraction: e.c.plan,
    moments: { sites, rate },
  };
}

/**
 * The step: the loss (-log P_MP), the optimizer's gradients, and each moment-matched param's next value. With
 * E[u], E[u²] the weighted moments of the draw u: loc' = (1-η) loc + η E[u], and the second moment likewise,
 * scale'² = (1-η)(scale² + loc²) + η E[u²] - loc'² (the running moments are the guide's own).
 */
function qemObjective(ir: MethodIR): Objective {
  const m = ir.moments ?? { sites: [], rate: 0 };
  const assigned = new Set(m.sites.flatMap((q) => [q.loc, q.scale]));
  const sources = ir.fn.params.filter((p) => p.block === 'source').map((p) => p.name);
  const optimized = ir.fn.params
    .filter((p) => p.block !== 'source' && !assigned.has(p.name))
    .map((p) => p.name);
  const g = grad(ir.fn, 'loss', [...optimized, ...sources]);
  const b = Builder.from(g);
  const outputs: Record<string, ValueId> = { loss: g.outputs.loss! };
  for (const p of optimized) outputs[`grad:${p}`] = g.outputs[`grad:${p}`]!;
  const eta = m.rate;
  const declared: DeclaredOutput[] = [
    { name: 'loss', role: { kind: 'loss' } },
    ...optimized.map((p): DeclaredOutput => ({
      name: `grad:${p}`,
      role: { kind: 'gradient', param: p },
    })),
  ];
  for (const q of m.sites) {
    // The loss is -log P_MP, so its gradients with respect to the sources are minus the moments.
    const m1 = b.neg(g.outputs[`grad:${q.m1}`]!);
    const m2 = b.neg(g.outputs[`grad:${q.m2}`]!);
    const loc = b.param(q.loc);
    const s2 = b.unary('exp', b.mul(b.const(2), b.param(q.scale)));
    const keep = b.const(1 - eta);
    const loc2 = b.add(b.mul(keep, loc), b.mul(b.const(eta), m1));
    const second = b.add(b.mul(keep, b.add(s2, b.mul(loc, loc))), b.mul(b.const(eta), m2));
    const var2 = b.op('max', [b.sub(second, b.mul(loc2, loc2)), b.const(1e-12)]);
    // The positive constraint's unconstrained value is log scale = ½ log scale².
    const su2 = b.mul(b.const(0.5), b.unary('log', var2));
    outputs[`qem:${q.loc}`] = loc2;
    outputs[`qem:${q.scale}`] = su2;
    declared.push(
      { name: `qem:${q.loc}`, role: { kind: 'assign', param: q.loc } },
      { name: `qem:${q.scale}`, role: { kind: 'assign', param: q.scale } },
    );
  }
  return { fn: simplify(b.finish(outputs)), outputs: declared, contraction: ir.contraction };
}

export const qem: InferenceMethod = {
  help: METHOD_HELP.qem,
  lower: (checked, { K, qemLr }) => lowerQem(checked, K, qemLr),
  objective: qemObjective,
  estimates: (checked, { K }) =>
    estimateFunctions(checked, { method: 'qem', K, indexing: 'per-site' }),
  drivers: estimateDrivers(loweredFor('qem', 'per-site')),
};
