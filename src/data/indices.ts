// Checks int data used as indices (`eff[grp[i]]`) against the size of the dimension they index.
import type { CheckedProgram, TExpr, TStmt } from '../check/typed.js';
import type { Args } from '../diag/message.js';
import type { Size } from '../ir/ir.js';
import type { BoundArray } from './bound.js';
import { indexPath } from './support.js';

/** The data member an index expression reads, if it is one (`grp[i]` or a scalar `k`). */
function dataOf(e: TExpr): string | null {
  if (e.kind === 'Name' && e.ref.kind === 'data') return e.ref.name;
  if (e.kind === 'Index') return dataOf(e.target);
  return null;
}

function exprs(stmts: readonly TStmt[], out: TExpr[]): void {
  // Every node in pre-order, by an explicit stack: a 10000-term sum nests 10000 deep.
  const add = (root: TExpr): void => {
    const stack = [root];
    while (stack.length > 0) {
      const e = stack.pop()!;
      out.push(e);
      const children =
        e.kind === 'Index'
          ? [e.target, ...e.indices]
          : e.kind === 'Binary'
            ? [e.left, e.right]
            : e.kind === 'Unary'
              ? [e.operand]
              : e.kind === 'Call'
                ? e.args
                : [];
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
    }
  };
  for (const s of stmts) {
    switch (s.kind) {
      case 'Let':
        add(s.value);
        break;
      case 'Sample':
      case 'Observe':
        s.indices.forEach(add);
        Object.values(s.dist.args).forEach(add);
        break;
      case 'Param':
        add(s.init);
        break;
      case 'Plate':
      case 'Group':
        exprs(s.body, out);
        break;
      case 'If':
        add(s.cond);
        exprs(s.then, out);
        if (s.else) exprs(s.else, out);
        break;
    }
  }
}

/** Every expression of the model and a custom guide, nested ones included. */
export function programExprs(checked: CheckedProgram): TExpr[] {
  const all: TExpr[] = [];
  exprs(checked.model, all);
  if (checked.guide.kind === 'custom') exprs(checked.guide.body, all);
  return all;
}

export function checkIndexRanges(
  checked: CheckedProgram,
  arrays: ReadonlyMap<string, BoundArray>,
  sizes: ReadonlyMap<string, number>,
  report: (path: string, args: Args<'E0614'>) => void,
): void {
  const all = programExprs(checked);
  const sizeOf = (s: Size): number | undefined => (s.kind === 'lit' ? s.value : sizes.get(s.name));
  const done = new Set<string>();
  for (const e of all) {
    if (e.kind !== 'Index') continue;
    e.indices.forEach((ix, k) => {
      const name = dataOf(ix);
      const dim = e.target.ty.dims[k];
      const n = dim && sizeOf(dim.size);
      const a = name === null ? undefined : arrays.get(name);
      if (name === null || !a || n === undefined || done.has(`${name}:${n}`)) return;
      done.add(`${name}:${n}`);
      for (let j = 0; j < a.values.length; j++) {
        const v = a.values[j]!;
        if (Number.isInteger(v) && v >= 0 && v < n) continue;
        const path = name + indexPath(j, a.shape);
        const at = { path, value: v, name, size: n, max: n - 1 };
        report(
          path,
          dim!.size.kind === 'data'
            ? { variant: 'named', sizeName: dim!.size.name, ...at }
            : { variant: 'literal', ...at },
        );
        break;
      }
    });
  }
}
