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
      report(
        ctx,
        'E0402',
        s.subsample!.span,
        `subsample size ${subsample.value} must be at least 1`,
      );
      subsample = null;
    } else if (size?.kind === 'lit' && subsample.value > size.value) {
      report(
        ctx,
        'E0402',
        s.subsample!.span,
        `subsample size ${subsample.value} is larger than the plate size ${size.value}`,
      );
      subsample = null;
    }
  }
  const name = s.index.name;
  const existing = lookup(env.scope, name);
  if (existing) {
    const what =
      existing.kind === 'plateIndex'
        ? 'the index of an enclosing plate'
        : `a ${existing.kind === 'let' ? 'let' : existing.kind} name`;
    report(ctx, 'E0403', s.index.span, `plate index '${name}' is already ${what}`);
  } else if (ctx.data.has(name)) {
    report(ctx, 'E0403', s.index.span, `plate index '${name}' is already a data name`);
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
