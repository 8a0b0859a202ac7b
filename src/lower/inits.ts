// Every param's initialiser and the function that evaluates them (constrained, over full plates).
import type { IRFunction, ValueId } from '../ir/ir.js';
import type { CheckedProgram } from '../check/typed.js';
import { plateAxis, plateById } from './ctx.js';
import type { ParamInit } from './block.js';
import { lowerExpr } from './expr.js';
import { lowerProgram, newCtx } from './lower-program.js';

/** Every param's initialiser, for `buildInit`. */
export function paramInits(prog: CheckedProgram): ParamInit[] {
  const l = lowerProgram(prog, 'inits', { particles: 0, subsample: false });
  return [...l.guide.inits, ...l.model.inits];
}

/** Constrained initial values of every param over its full axes: `init:<param>`. */
export function buildInit(prog: CheckedProgram, inits: readonly ParamInit[]): IRFunction {
  const ctx = newCtx(prog, 'init', { particles: 0, subsample: false });
  const b = ctx.b;
  const outs: Record<string, ValueId> = {};
  for (const p of inits) {
    const plates = p.plates.map((id) => plateById(ctx, id));
    for (const pl of plates) plateAxis(ctx, pl);
    ctx.plates.splice(0, ctx.plates.length, ...plates);
    let v =
      typeof p.init === 'number'
        ? b.const(p.init)
        : typeof p.init === 'function'
          ? p.init(b)
          : lowerExpr(ctx, p.init).v;
    for (const pl of plates) if (!b.axesOf(v).includes(pl.id)) v = b.expand(v, pl.id);
    outs[`init:${p.name}`] = v;
  }
  return b.finish(outs);
}
