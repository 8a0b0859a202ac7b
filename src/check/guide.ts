// Matches the guide against the model: custom guides sample exactly the model's latent sites; auto guides and discrete latents.
import type { Arg, TopItem } from '../parser/ast.js';
import { DISTRIBUTIONS } from '../distributions/table.js';
import { supportWithin } from '../distributions/support-kinds.js';
import { AUTOGUIDES, type AutoGuideName } from './builtins.js';
import { report, type Ctx } from './scope.js';
import type { GuideSpec, SiteInfo } from './typed.js';
import { sizeEq, sizeText } from './ty.js';

type AutoItem = Extract<TopItem, { kind: 'AutoGuide' }>;

export function checkAutoGuide(ctx: Ctx, g: AutoItem): GuideSpec {
  const name = g.name.name;
  if (!(AUTOGUIDES as readonly string[]).includes(name)) {
    report(ctx, 'E0506', g.name.span, { name, known: AUTOGUIDES.join(', ') });
    return { kind: 'auto', family: 'AutoNormal', rank: null, span: g.span };
  }
  const family = name as AutoGuideName;
  if (family !== 'AutoLowRankMultivariateNormal') {
    if (g.args.length > 0)
      report(ctx, 'E0507', g.args[0]!.span, { variant: 'noArguments', family });
    return { kind: 'auto', family, rank: null, span: g.span };
  }
  const rank = rankArg(ctx, g, g.args);
  return rank === null
    ? { kind: 'auto', family, rank, span: g.span }
    : { kind: 'auto', family, rank, span: g.span, rankSpan: g.args[0]!.value.span };
}

/**
 * The largest rank: the guide's rank × rank capacitance matrix and its Cholesky factor are unrolled into the
 * program (about rank³/6 ops), so compile time and memory grow with its cube (rank 32: a few seconds).
 */
export const MAX_RANK = 32;

function rankArg(ctx: Ctx, g: AutoItem, args: readonly Arg[]): number | null {
  if (args.length !== 1) {
    report(ctx, 'E0507', g.span, { variant: 'rankArity', given: args.length });
    return null;
  }
  const a = args[0]!;
  if (a.name !== null && a.name.name !== 'rank') {
    report(ctx, 'E0507', a.name.span, { variant: 'rankName', name: a.name.name });
    return null;
  }
  if (a.value.kind !== 'Num' || !a.value.isInt || a.value.value < 1) {
    report(ctx, 'E0507', a.value.span, { variant: 'rankValue' });
    return null;
  }
  if (a.value.value > MAX_RANK) {
    report(ctx, 'E0507', a.value.span, {
      variant: 'rankTooLarge',
      rank: a.value.value,
      most: MAX_RANK,
    });
    return null;
  }
  return a.value.value;
}

/** Auto guides need a reparameterised sample: a discrete latent is fine only when enumeration can sum it out. */
export function checkAutoDiscrete(ctx: Ctx, family: string, modelSites: readonly SiteInfo[]): void {
  // One support per site: the autoguide maps its unconstrained draw through one bijection.
  const first = new Map<string, SiteInfo>();
  for (const s of modelSites) {
    if (s.role !== 'latent') continue;
    const f = first.get(s.name);
    if (!f) first.set(s.name, s);
    else if (f.support !== s.support)
      report(ctx, 'E0415', s.span, {
        name: s.name,
        dist: s.dist ?? '',
        support: s.support,
        firstDist: f.dist ?? '',
        firstSupport: f.support,
        line: f.span.start.line,
      });
  }
  for (const s of modelSites) {
    if (s.role === 'latent' && s.discrete && !enumerable(s)) {
      report(
        ctx,
        'E0508',
        s.span,
        { name: s.name, dist: s.dist ?? '', family },
        'write a custom guide that samples it from a discrete distribution',
      );
    }
  }
}

/** A family with a finite support: enumeration sums its latents out. */
const enumerable = (s: SiteInfo): boolean =>
  s.dist !== null && (DISTRIBUTIONS.get(s.dist)?.supportSize ?? null) !== null;

export function checkCustomGuide(
  ctx: Ctx,
  modelSites: readonly SiteInfo[],
  guideSites: readonly SiteInfo[],
): void {
  const byName = (ss: readonly SiteInfo[], role: SiteInfo['role']): Map<string, SiteInfo> => {
    const m = new Map<string, SiteInfo>();
    for (const s of ss) if (s.role === role && !m.has(s.name)) m.set(s.name, s);
    return m;
  };
  const latents = byName(modelSites, 'latent');
  const observed = byName(modelSites, 'observed');
  const modelParams = byName(modelSites, 'param');
  const sampled = byName(guideSites, 'latent');
  // Every model site of each latent name (one per branch that samples it), grouped once: not a scan per guide site.
  const branches = new Map<string, SiteInfo[]>();
  for (const x of modelSites) {
    if (x.role !== 'latent') continue;
    const list = branches.get(x.name);
    if (list) list.push(x);
    else branches.set(x.name, [x]);
  }
  const sizes = (s: SiteInfo): string => s.shape.map(sizeText).join(', ');
  for (const g of sampled.values()) {
    const m = latents.get(g.name);
    if (!m && ctx.data.has(g.name)) continue; // sampling a data name is already reported
    if (!m) {
      const variant = observed.has(g.name)
        ? 'observed'
        : modelParams.has(g.name)
          ? 'param'
          : 'unknown';
      report(ctx, 'E0502', g.span, { variant, name: g.name });
      continue;
    }
    const same =
      g.plates.length === m.plates.length &&
      g.plates.every((gp, k) => {
        const a = ctx.plates.get(gp);
        const b = ctx.plates.get(m.plates[k]!);
        if (!a || !b) return true;
        const sub =
          a.subsample === null
            ? b.subsample === null
            : b.subsample !== null && sizeEq(a.subsample, b.subsample);
        return sizeEq(a.size, b.size) && sub;
      });
    if (!same) {
      const [guideSizes, modelSizes] = [sizes(g), sizes(m)];
      if (g.shape.length === 0)
        report(ctx, 'E0504', g.span, { variant: 'guideOutside', name: g.name, modelSizes });
      else if (m.shape.length === 0)
        report(ctx, 'E0504', g.span, { variant: 'modelOutside', name: g.name, guideSizes });
      else
        report(ctx, 'E0504', g.span, {
          variant: 'bothInside',
          name: g.name,
          guideSizes,
          modelSizes,
        });
    }
    if (same && g.event !== null && m.event !== null && !sizeEq(g.event, m.event))
      report(ctx, 'E0504', g.span, {
        variant: 'event',
        name: g.name,
        guideSize: sizeText(g.event),
        modelSize: sizeText(m.event),
      });
    if (g.discrete !== m.discrete) {
      report(ctx, 'E0505', g.span, {
        variant: g.discrete ? 'discreteGuide' : 'continuousGuide',
        name: g.name,
        guideDist: g.dist ?? '',
        modelDist: m.dist ?? '',
      });
    } else if (!g.discrete) {
      // Against the model's site on every branch that samples it.
      const bad = (branches.get(g.name) ?? []).find((x) => !supportWithin(g.support, x.support));
      if (bad)
        report(ctx, 'E0509', g.span, {
          name: g.name,
          guideDist: g.dist ?? '',
          guideSupport: g.support,
          modelDist: bad.dist ?? '',
          modelSupport: bad.support,
        });
    }
  }
  for (const m of latents.values()) {
    if (sampled.has(m.name)) continue;
    if (m.discrete && enumerable(m)) continue; // summed out by enumeration
    if (m.discrete)
      report(ctx, 'E0503', m.span, { variant: 'infinite', name: m.name, dist: m.dist ?? '' });
    else report(ctx, 'E0503', m.span, { variant: 'continuous', name: m.name });
  }
}

/** Params share one store: a name may be a param in one block only, and a guide param may not reuse a model site's name. */
export function checkParamNames(
  ctx: Ctx,
  modelSites: readonly SiteInfo[],
  guideSites: readonly SiteInfo[],
): void {
  const modelParams = new Set(modelSites.filter((s) => s.role === 'param').map((s) => s.name));
  const modelOther = new Set(modelSites.filter((s) => s.role !== 'param').map((s) => s.name));
  for (const g of guideSites) {
    if (g.role !== 'param') continue;
    if (modelParams.has(g.name))
      report(ctx, 'E0409', g.span, { variant: 'modelParam', name: g.name });
    else if (modelOther.has(g.name))
      report(ctx, 'E0409', g.span, { variant: 'modelSite', name: g.name });
  }
}
