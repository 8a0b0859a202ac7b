// Checks a plate header: its size, its subsample size and its index name; gives the plate a program-wide unique id.
import type { Stmt } from '../parser/ast.js';
import { lookup, report, type Env } from './scope.js';
import { resolveSize } from './sizes.js';
import type { PlateInfo } from './typed.js';

type PlateStmt = Extract<Stmt, { kind: 'Plate' }>;

export function checkPlateHeader(env: Env, s: PlateStmt): PlateInfo {
  const { ctx, state } = env;
  const size = resolveSize(ctx, s.size, 'plate size');
  let subsample = s.subsample ? resolveSize(ctx, s.subsample, 'subsample size') : null;
  if (subsample && subsample.kind === 'lit') {
    if (subsample.value < 1) {
      report(ctx, 'E0402', s.subsample!.span, { variant: 'belowOne', size: subsample.value });
      subsample = null;
    } else if (size?.kind === 'lit' && subsample.value > size.value) {
      report(ctx, 'E0402', s.subsample!.span, {
        variant: 'tooLarge',
        size: subsample.value,
        plateSize: size.value,
      });
      subsample = null;
    }
  }
  const name = s.index.name;
  const existing = lookup(env.scope, name);
  if (existing) {
    if (existing.kind === 'plateIndex')
      report(ctx, 'E0403', s.index.span, { variant: 'enclosingIndex', name });
    else report(ctx, 'E0403', s.index.span, { variant: 'otherName', name, kind: existing.kind });
  } else if (ctx.data.has(name)) {
    report(ctx, 'E0403', s.index.span, { variant: 'otherName', name, kind: 'data' });
  }
  let id = name;
  for (let n = 2; ctx.plates.has(id); n++) id = `${name}#${n}`;
  const parent = state.plates.length > 0 ? state.plates[state.plates.length - 1]!.id : null;
  const info: PlateInfo = {
    id,
    index: name,
    size: size ?? { kind: 'lit', value: 0 },
    subsample,
    parent,
    block: state.block,
    span: s.span,
  };
  ctx.plates.set(id, info);
  if (size === null) ctx.badPlates.add(id);
  return info;
}
