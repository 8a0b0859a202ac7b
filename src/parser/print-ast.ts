// Prints an AST as a deterministic indented tree, one node per line with its span (for --emit ast and goldens).
import type { Arg, Expr, Program, SizeExpr, Stmt, TopItem } from './ast.js';
import type { Span } from '../diag/span.js';

export function printAst(p: Program): string {
  const out: string[] = [];
  const line = (depth: number, text: string, span: Span): void => {
    out.push(`${'  '.repeat(depth)}${text} ${at(span)}`);
  };

  const size = (s: SizeExpr): string => (s.kind === 'SizeLit' ? String(s.value) : s.name);

  const expr = (d: number, e: Expr, role = ''): void => {
    const r = role ? `${role}: ` : '';
    switch (e.kind) {
      case 'Num':
        return line(d, `${r}Num ${e.text}${e.isInt ? ' int' : ''}`, e.span);
      case 'Name':
        return line(d, `${r}Name ${e.name}`, e.span);
      case 'Index':
        line(d, `${r}Index`, e.span);
        expr(d + 1, e.target, 'target');
        return e.indices.forEach((i) => expr(d + 1, i, 'index'));
      case 'Binary': {
        if (e.left.kind !== 'Binary') {
          line(d, `${r}Binary ${e.op}`, e.span);
          expr(d + 1, e.left);
          return expr(d + 1, e.right);
        }
        // A left-nested chain (`a + b - c`) prints flat, each later operand after its operator: a 10000-term
        // sum would otherwise recurse and indent 10000 deep.
        const chain: Extract<Expr, { kind: 'Binary' }>[] = [];
        let first: Expr = e;
        while (first.kind === 'Binary') {
          chain.push(first);
          first = first.left;
        }
        line(d, `${r}Binary chain`, e.span);
        expr(d + 1, first);
        for (let k = chain.length - 1; k >= 0; k--) expr(d + 1, chain[k]!.right, chain[k]!.op);
        return;
      }
      case 'Unary':
        line(d, `${r}Unary ${e.op}`, e.span);
        return expr(d + 1, e.operand);
      case 'Call':
        line(d, `${r}Call ${e.callee.name}`, e.span);
        return args(d + 1, e.args);
    }
  };

  const args = (d: number, as: readonly Arg[]): void => {
    for (const a of as) {
      line(d, a.name ? `Arg ${a.name.name} =` : 'Arg', a.span);
      expr(d + 1, a.value);
    }
  };

  const indices = (d: number, is: readonly Expr[]): void => is.forEach((i) => expr(d, i, 'index'));

  const stmt = (d: number, s: Stmt): void => {
    switch (s.kind) {
      case 'Let':
        line(d, `Let ${s.name.name}`, s.span);
        return expr(d + 1, s.value);
      case 'Sample':
      case 'Observe':
        line(d, `${s.kind} ${s.name.name}`, s.span);
        indices(d + 1, s.indices);
        line(d + 1, `DistCall ${s.dist.name.name}`, s.dist.span);
        return args(d + 2, s.dist.args);
      case 'Param':
        line(d, `Param ${s.name.name}`, s.span);
        indices(d + 1, s.indices);
        if (s.constraint) {
          line(d + 1, `Constraint ${s.constraint.name.name}`, s.constraint.span);
          s.constraint.args.forEach((a) => expr(d + 2, a));
        }
        return expr(d + 1, s.init, 'init');
      case 'Plate':
        line(
          d,
          `Plate ${s.index.name} in ${size(s.size)}${s.subsample ? ` subsample ${size(s.subsample)}` : ''}`,
          s.span,
        );
        return s.body.forEach((b) => stmt(d + 1, b));
      case 'Group':
        line(d, 'Group', s.span);
        return s.body.forEach((b) => stmt(d + 1, b));
      case 'If':
        line(d, 'If', s.span);
        expr(d + 1, s.cond, 'cond');
        out.push(`${'  '.repeat(d + 1)}then`);
        s.then.forEach((b) => stmt(d + 2, b));
        if (s.else) {
          out.push(`${'  '.repeat(d + 1)}else`);
          s.else.forEach((b) => stmt(d + 2, b));
        }
        return;
    }
  };

  const item = (it: TopItem): void => {
    switch (it.kind) {
      case 'DataDecl': {
        const dims = it.type.dims.length ? `[${it.type.dims.map(size).join(', ')}]` : '';
        return line(1, `DataDecl ${it.name.name}: ${it.type.base}${dims}`, it.span);
      }
      case 'Model':
      case 'Guide':
        line(1, it.kind, it.span);
        return it.body.forEach((s) => stmt(2, s));
      case 'AutoGuide':
        line(1, `AutoGuide ${it.name.name}`, it.span);
        return args(2, it.args);
    }
  };

  line(0, `Program ${p.file}`, p.span);
  p.items.forEach(item);
  return out.join('\n') + '\n';
}

function at(s: Span): string {
  return `@${s.start.line}:${s.start.column}-${s.end.line}:${s.end.column}`;
}
