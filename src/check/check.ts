// The checker's entry: program structure, data declarations, then model, guide and the cross-block rules.
import type { Program, TopItem } from '../parser/ast.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasErrors } from '../diag/diagnostic.js';
import { newCtx, report, type BlockState, type Ctx, type Env } from './scope.js';
import { checkAutoDiscrete, checkAutoGuide, checkCustomGuide, checkParamNames } from './guide.js';
import { checkSitePaths } from './paths.js';
import { resolveSize } from './sizes.js';
import { checkStmts } from './stmts.js';
import type { CheckedProgram, DataInfo, GuideSpec, SiteInfo, TStmt } from './typed.js';
import type { Size } from '../ir/ir.js';

export interface CheckResult {
  readonly checked: CheckedProgram | null;
  readonly diagnostics: Diagnostic[];
}

type BlockItem = Extract<TopItem, { kind: 'Model' | 'Guide' }>;
type GuideItem = Extract<TopItem, { kind: 'Guide' | 'AutoGuide' }>;

export function check(program: Program): CheckResult {
  const ctx = newCtx(program.file);
  for (const it of program.items) {
    if (it.kind === 'DataDecl' && !ctx.allData.has(it.name.name))
      ctx.allData.set(it.name.name, it.name.span);
  }
  let model: BlockItem | null = null;
  let modelBody: TStmt[] = [];
  let guide: { item: GuideItem; dataSeen: Set<string> } | null = null;
  for (const it of program.items) {
    switch (it.kind) {
      case 'DataDecl':
        declareData(ctx, it);
        break;
      case 'Model':
        if (model) report(ctx, 'E0208', it.span, { line: model.span.start.line });
        else {
          model = it;
          modelBody = walkBlock(ctx, 'model', it.body);
        }
        break;
      case 'Guide':
      case 'AutoGuide':
        if (guide) report(ctx, 'E0209', it.span, { line: guide.item.span.start.line });
        else guide = { item: it, dataSeen: new Set(ctx.data.keys()) };
        break;
    }
  }
  // At the end of the file, where the missing block would go.
  if (!model) report(ctx, 'E0207', { start: program.span.end, end: program.span.end }, {});
  const modelSites = [...ctx.sites];
  checkParamsOnce(ctx, modelSites);
  for (const s of modelSites) if (s.role === 'latent') ctx.modelSiteNames.add(s.name);
  const spec = checkGuide(ctx, guide, modelSites);
  const diagnostics = sortDiags(ctx.diags);
  if (hasErrors(diagnostics) || !model) return { checked: null, diagnostics };
  const data: DataInfo[] = [...ctx.data.values()].map((d) => ({ ...d }));
  const checked: CheckedProgram = {
    file: program.file,
    data,
    model: modelBody,
    guide: spec,
    plates: ctx.plates,
    sites: ctx.sites,
  };
  return { checked, diagnostics };
}

/** A param is one value in the param store: declared on two branches it would be two (E0416). */
function checkParamsOnce(ctx: Ctx, sites: readonly SiteInfo[]): void {
  const first = new Map<string, SiteInfo>();
  for (const s of sites) {
    if (s.role !== 'param') continue;
    const f = first.get(s.name);
    // On one path the second declaration is already E0408; E0416 is for separate branches.
    const onPath = ctx.diags.some(
      (d) => d.code === 'E0408' && d.span?.start.offset === s.span.start.offset,
    );
    if (f && !onPath) report(ctx, 'E0416', s.span, { name: s.name, line: f.span.start.line });
    else if (!f) first.set(s.name, s);
  }
}

function declareData(ctx: Ctx, it: Extract<TopItem, { kind: 'DataDecl' }>): void {
  const name = it.name.name;
  const dims = it.type.dims.map((d) => resolveSize(ctx, d, 'size'));
  if (ctx.data.has(name)) {
    const line = ctx.data.get(name)!.span.start.line;
    report(ctx, 'E0201', it.name.span, { name, line });
    return;
  }
  const ok = dims.filter((d): d is Size => d !== null);
  if (ok.length !== dims.length) ctx.badData.add(name);
  ctx.data.set(name, { name, base: it.type.base, dims: ok, isSize: false, span: it.span });
}

function walkBlock(ctx: Ctx, block: 'model' | 'guide', body: BlockItem['body']): TStmt[] {
  const state: BlockState = {
    block,
    plates: [],
    conditional: false,
    closedIndices: new Set(),
    branchOnly: new Set(),
  };
  const env: Env = { ctx, scope: { parent: null, kind: 'block', names: new Map() }, state };
  const out = checkStmts(env, body);
  checkSitePaths(ctx, out);
  return out;
}

function checkGuide(
  ctx: Ctx,
  guide: { item: GuideItem; dataSeen: Set<string> } | null,
  modelSites: readonly SiteInfo[],
): GuideSpec {
  if (guide === null) {
    checkAutoDiscrete(ctx, 'AutoNormal', modelSites);
    return { kind: 'auto', family: 'AutoNormal', rank: null, span: null };
  }
  const { item } = guide;
  if (item.kind === 'AutoGuide') {
    const spec = checkAutoGuide(ctx, item);
    if (spec.kind === 'auto') checkAutoDiscrete(ctx, spec.family, modelSites);
    return spec;
  }
  // The guide sees only the data declared above it.
  const data = new Map([...ctx.data].filter(([n]) => guide.dataSeen.has(n)));
  const gctx: Ctx = { ...ctx, data };
  const before = ctx.sites.length;
  const body = walkBlock(gctx, 'guide', item.body);
  const guideSites = ctx.sites.slice(before);
  checkParamsOnce(ctx, guideSites);
  checkCustomGuide(ctx, modelSites, guideSites);
  checkParamNames(ctx, modelSites, guideSites);
  return { kind: 'custom', body, span: item.span };
}

function sortDiags(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): number => (d.span ? d.span.start.offset : Number.MAX_SAFE_INTEGER);
  return [...ds].sort((a, b) => key(a) - key(b));
}
