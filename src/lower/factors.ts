// A factored program's log-densities as the factors of a plated graph, contracted over their sample and enumeration axes.
import type { AxisId, ValueId } from '../ir/ir.js';
import type { ContractionPlan, ContractionVar } from '../ir/contraction.js';
import { DiagnosticsError, error } from '../diag/diagnostic.js';
import { eventPlates, plateClasses, type SiteAxis } from '../contract/events.js';
import { planContraction, type FactorAxes } from '../contract/order.js';
import { applyContraction } from '../contract/apply.js';
import type { Lowered } from './lower-program.js';
import { PARTICLE_AXIS } from './ctx.js';
import { toModelPlates, withSources, type Source, type SourceKinds } from './sources.js';
import { modelLatents } from './latents.js';
import { productOver } from './block.js';

export interface Contracted {
  /** log of the estimate: the joint density with every summed axis summed out (over the particle axis, if any). */
  readonly value: ValueId;
  readonly plan: ContractionPlan;
  /** The source params added (block 'source'): the gradient of `value` with respect to each is an expectation. */
  readonly sources: readonly Source[];
  /** Each eliminate step's joint, by the step's output factor (see Applied). */
  readonly joints: ReadonlyMap<number, ValueId>;
  /** Each plate's canonical copy (the plan names plates by them). */
  readonly canon: (plate: AxisId) => AxisId;
}

/**
 * A guide site's log q over the model's plate axes (a custom guide names its own plates), masked as the model's
 * site. Reversed: the value is log q but its gradient is -∇ log q (reweighted wake-sleep's guide update).
 */
function guideTerm(l: Lowered, site: string, t: ValueId, reversed: boolean): ValueId {
  const b = l.ctx.b;
  const v = toModelPlates(
    l,
    site,
    reversed ? b.sub(b.mul(b.const(2), b.unary('stop_gradient', t)), t) : t,
  );
  const mask = l.model.siteMasks.get(site);
  return mask === undefined ? v : b.op('select', [mask, v, b.const(0)]);
}

export interface ContractOptions {
  readonly sources?: SourceKinds;
  /** Reweighted wake-sleep: log q's gradient reversed (see guideTerm). */
  readonly reverseGuide?: boolean;
  /** Plain importance sampling: the particle axis is one index every latent shares, averaged out last. */
  readonly sharedIndex?: boolean;
}

/**
 * Contracts log p(x, z) - log q(z) factor by factor: each latent site's factor is its model term less its guide
 * term, each observation its own factor. Lowered factored, each term still has its plates; the K-sample axes of
 * the sites (massively parallel sampling) and the enumeration axes are summed out by the plan.
 */
export function contractFactors(l: Lowered, o: ContractOptions = {}): Contracted {
  const kinds = o.sources ?? 'none';
  const reverseGuide = o.reverseGuide ?? false;
  const { b, prog } = l.ctx;
  const guideTerms = new Map(l.guide.siteTerms);
  const values: ValueId[] = [];
  const input: FactorAxes[] = [];
  const sources: Source[] = [];
  l.model.terms.forEach((t, i) => {
    const site = l.model.termSites[i]!;
    const q = guideTerms.get(site);
    guideTerms.delete(site);
    const p = withSources(l, site, t, kinds, sources);
    const v = q === undefined ? p : b.sub(p, guideTerm(l, site, q, reverseGuide));
    values.push(v);
    input.push({ label: site, axes: b.axesOf(v) });
  });
  // Guide sites the model does not read (none in a checked program) and joint guide terms.
  for (const [site, q] of guideTerms) {
    const v = b.neg(guideTerm(l, site, q, reverseGuide));
    values.push(v);
    input.push({ label: `guide ${site}`, axes: b.axesOf(v) });
  }
  for (const q of l.guide.terms) {
    values.push(b.neg(q));
    input.push({ label: 'guide', axes: b.axesOf(q) });
  }
  const latents = new Map(modelLatents(prog.model).map((s) => [s.site.name, s]));
  // A group's sites share one axis: one var, named by the group.
  const kVars = new Map<AxisId, string>();
  for (const [site, axis] of l.ctx.kAxes) if (!kVars.has(axis)) kVars.set(axis, site);
  const sites: SiteAxis[] = [
    ...[...kVars].map(([axis, site]): SiteAxis => ({
      axis,
      site: l.ctx.groups.get(site) ?? site,
      kind: 'ksample',
      plates: platesOf(site),
    })),
    ...(o.sharedIndex && b.hasAxis(PARTICLE_AXIS)
      ? [{ axis: PARTICLE_AXIS, site: 'every latent', kind: 'ksample' as const, plates: [] }]
      : []),
    ...[...l.ctx.enums].map(([site, e]): SiteAxis => ({
      axis: e.axis,
      site,
      kind: 'enum',
      plates: platesOf(site),
    })),
  ];
  function platesOf(site: string): AxisId[] {
    return (latents.get(site)?.plates ?? []).map((p) => p.id);
  }
  const plateIds = [...prog.plates.keys()];
  const canon = plateClasses(b.equations(), plateIds);
  // Each factor over its plates' canonical copies (where it has only one copy of a plate).
  values.forEach((v, i) => {
    let r = v;
    for (const p of b.axesOf(v)) {
      const c = canon(p);
      if (c !== p && !b.axesOf(r).includes(c)) r = b.rename(r, p, c);
    }
    values[i] = r;
    input[i] = { label: input[i]!.label, axes: b.axesOf(r) };
  });
  const ev = eventPlates(
    sites,
    b.equations(),
    input.map((f) => f.axes),
    (v) => b.axesOf(v),
    canon,
  );
  if (ev.crossed.length > 0)
    throw new DiagnosticsError(
      ev.crossed.map((c) =>
        error('E0706', prog.file, latents.get(c.site)!.site.span, {
          site: c.site,
          plate: prog.plates.get(c.plate)?.index ?? c.plate,
        }),
      ),
    );
  const vars: ContractionVar[] = sites.map((s) => ({
    axis: s.axis,
    site: s.site,
    kind: s.kind,
    home: ev.home.get(s.axis)!,
    event: ev.event.get(s.axis)!,
  }));
  const plan = planContraction(vars, input, new Set(plateIds));
  const { value, joints } = applyContraction(b, plan, values, (v, p) => productOver(l.ctx, v, p));
  return { value, plan, sources, joints, canon };
}
