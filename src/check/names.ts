// Resolves a name in an expression: scopes (lets, sites, params, plate indices), then data; one error for an unknown name.
import type { Span } from '../diag/span.js';
import { lookup, report, type Env } from './scope.js';
import type { TExpr } from './typed.js';
import { UNKNOWN, scalar } from './ty.js';

export function resolveName(env: Env, name: string, span: Span): TExpr {
  const b = lookup(env.scope, name);
  if (b) {
    switch (b.kind) {
      case 'let':
        return { kind: 'Name', name, ref: { kind: 'let', name, id: b.id }, ty: b.ty, span };
      case 'site':
        return { kind: 'Name', name, ref: { kind: 'site', name, block: b.block }, ty: b.ty, span };
      case 'param':
        return { kind: 'Name', name, ref: { kind: 'param', name, block: b.block }, ty: b.ty, span };
      case 'plateIndex':
        return {
          kind: 'Name',
          name,
          ref: { kind: 'plateIndex', plate: b.plate.id },
          ty: scalar('int'),
          span,
        };
    }
  }
  const d = env.ctx.data.get(name);
  if (d && env.ctx.badData.has(name))
    return { kind: 'Name', name, ref: { kind: 'data', name }, ty: UNKNOWN, span };
  if (d) {
    const ty = { base: d.base, dims: d.dims.map((size) => ({ size, plate: null })) };
    return { kind: 'Name', name, ref: { kind: 'data', name }, ty, span };
  }
  const unknown: TExpr = { kind: 'Name', name, ref: { kind: 'data', name }, ty: UNKNOWN, span };
  const { ctx, state } = env;
  if (ctx.reportedNames.has(name) || ctx.badData.has(name)) return unknown;
  ctx.reportedNames.add(name);
  if (state.closedIndices.has(name)) {
    report(ctx, 'E0206', span, { name });
  } else if (state.branchOnly.has(name)) {
    report(ctx, 'E0213', span, { name }, 'bind it in both branches, or use it inside the branch');
  } else if (ctx.allData.has(name)) {
    const line = ctx.allData.get(name)!.start.line;
    report(ctx, 'E0202', span, { variant: 'data', name, line });
  } else if (state.block === 'guide' && ctx.modelSiteNames.has(name)) {
    report(ctx, 'E0212', span, { name });
  } else {
    report(ctx, 'E0203', span, { variant: 'name', name });
  }
  return unknown;
}
