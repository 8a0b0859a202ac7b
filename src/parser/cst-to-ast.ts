// Turns the Chevrotain CST into the AST of ast.ts, with exact spans; drops statements that recovery left incomplete.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type {
  Arg,
  BinaryOp,
  Constraint,
  DistCall,
  Expr,
  Ident,
  Program,
  SizeExpr,
  Stmt,
  TopItem,
  TypeExpr,
  UnaryOp,
} from './ast.js';
import { spanUnion, type Span } from '../diag/span.js';
import { isRealToken, tokenSpan } from './token-span.js';
import { error, type Diagnostic } from '../diag/diagnostic.js';

/** Thrown when a recovered CST lacks a piece; caught per statement or declaration, which is then dropped. */
class Incomplete extends Error {}

export interface ConvertResult {
  readonly items: TopItem[];
  readonly diagnostics: Diagnostic[];
}

export function convertProgram(cst: CstNode, file: string): ConvertResult {
  const cx = new Converter(file);
  const items: TopItem[] = [];
  for (const node of nodes(cst, 'topItem')) {
    const item = cx.guard(() => cx.topItem(node));
    if (item) items.push(item);
  }
  return { items, diagnostics: cx.diagnostics };
}

export function programNode(file: string, items: readonly TopItem[], span: Span): Program {
  return { kind: 'Program', file, items, span };
}

// ---- CST access -------------------------------------------------------------------------------
function nodes(n: CstNode, key: string): CstNode[] {
  return (n.children[key] ?? []).filter((c: CstElement): c is CstNode => 'children' in c);
}

function tokens(n: CstNode, key: string): IToken[] {
  return (n.children[key] ?? []).filter(
    (c: CstElement): c is IToken => !('children' in c) && isRealToken(c),
  );
}

function node(n: CstNode, key: string, i = 0): CstNode {
  const c = nodes(n, key)[i];
  if (!c) throw new Incomplete();
  return c;
}

function optNode(n: CstNode, key: string): CstNode | null {
  return nodes(n, key)[0] ?? null;
}

function token(n: CstNode, key: string, i = 0): IToken {
  const t = tokens(n, key)[i];
  if (!t) throw new Incomplete();
  return t;
}

function optToken(n: CstNode, key: string): IToken | null {
  return tokens(n, key)[0] ?? null;
}

function ident(t: IToken): Ident {
  return { kind: 'Ident', name: t.image, span: tokenSpan(t) };
}

/** Nodes whose span was already taken, with their first and last real tokens. */
type Edges = Map<CstNode, readonly [IToken, IToken]>;

/**
 * A node's first (or last) real token: each child list is in source order, so only the first (last) element of
 * each list that has a real token is searched, not the whole subtree (a walk per span was O(n·depth)); a child
 * whose span was taken before (an `else if`'s, inside its chain) is not searched again.
 */
function edgeToken(n: CstNode, last: boolean, known: Edges): IToken | null {
  const k = known.get(n);
  if (k) return last ? k[1] : k[0];
  let best: IToken | null = null;
  for (const key in n.children) {
    const list = n.children[key]!;
    for (let i = 0; i < list.length; i++) {
      const el = list[last ? list.length - 1 - i : i]!;
      const t = 'children' in el ? edgeToken(el, last, known) : isRealToken(el) ? el : null;
      if (t === null) continue;
      if (!best || (last ? t.startOffset > best.startOffset : t.startOffset < best.startOffset))
        best = t;
      break;
    }
  }
  return best;
}

class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly edges: Edges = new Map();

  /** The span of a node from its first to its last real token (recovery may have invented some). */
  span(n: CstNode): Span {
    let e = this.edges.get(n);
    if (!e) {
      const first = edgeToken(n, false, this.edges);
      const last = edgeToken(n, true, this.edges);
      if (!first || !last) throw new Incomplete();
      e = [first, last];
      this.edges.set(n, e);
    }
    return spanUnion(tokenSpan(e[0]), tokenSpan(e[1]));
  }
  constructor(private readonly file: string) {}

  guard<R>(f: () => R): R | null {
    try {
      return f();
    } catch (e) {
      if (e instanceof Incomplete) return null;
      throw e;
    }
  }

  // ---- top level ------------------------------------------------------------------------------
  topItem(n: CstNode): TopItem {
    const data = optNode(n, 'dataDecl');
    if (data) {
      const type = this.typeExpr(node(data, 'typeExpr'));
      return {
        kind: 'DataDecl',
        name: ident(token(data, 'Identifier')),
        type,
        span: this.span(data),
      };
    }
    const model = optNode(n, 'modelBlock');
    if (model)
      return { kind: 'Model', body: this.block(node(model, 'block')), span: this.span(model) };
    const guide = node(n, 'guideDecl');
    const body = optNode(guide, 'block');
    if (body) return { kind: 'Guide', body: this.block(body), span: this.span(guide) };
    const auto = node(guide, 'autoGuide');
    const args = optNode(auto, 'callArgs');
    return {
      kind: 'AutoGuide',
      name: ident(token(auto, 'Identifier')),
      args: args ? this.callArgs(args) : [],
      span: this.span(guide),
    };
  }

  typeExpr(n: CstNode): TypeExpr {
    const base = token(n, 'base');
    const dims = nodes(n, 'sizeExpr').map((s) => this.sizeExpr(s));
    return { kind: 'Type', base: base.image === 'int' ? 'int' : 'real', dims, span: this.span(n) };
  }

  sizeExpr(n: CstNode): SizeExpr {
    const name = optToken(n, 'Identifier');
    if (name) return { kind: 'SizeName', name: name.image, span: tokenSpan(name) };
    const num = token(n, 'NumberLiteral');
    const value = Number(num.image);
    if (!/^\d+$/.test(num.image) || !Number.isSafeInteger(value)) {
      this.diagnostics.push(error('E0120', this.file, tokenSpan(num), { size: num.image }));
    }
    return { kind: 'SizeLit', value, span: tokenSpan(num) };
  }

  // ---- statements -----------------------------------------------------------------------------
  block(n: CstNode): Stmt[] {
    const out: Stmt[] = [];
    for (const s of nodes(n, 'statement')) {
      const stmt = this.guard(() => this.statement(s));
      if (stmt) out.push(stmt);
    }
    return out;
  }

  statement(n: CstNode): Stmt {
    const [key, inner] = onlyChild(n);
    switch (key) {
      case 'letStmt':
        return {
          kind: 'Let',
          name: ident(token(inner, 'Identifier')),
          value: this.expression(node(inner, 'expression')),
          span: this.span(inner),
        };
      case 'sampleStmt':
      case 'observeStmt':
        return {
          kind: key === 'sampleStmt' ? 'Sample' : 'Observe',
          name: ident(token(inner, 'Identifier')),
          indices: this.optIndices(inner),
          dist: this.distCall(node(inner, 'distCall')),
          span: this.span(inner),
        };
      case 'paramStmt': {
        const c = optNode(inner, 'constraint');
        return {
          kind: 'Param',
          name: ident(token(inner, 'Identifier')),
          indices: this.optIndices(inner),
          constraint: c ? this.constraint(c) : null,
          init: this.expression(node(inner, 'expression')),
          span: this.span(inner),
        };
      }
      case 'plateStmt': {
        const sub = optNode(inner, 'subsample');
        return {
          kind: 'Plate',
          index: ident(token(inner, 'Identifier')),
          size: this.sizeExpr(node(inner, 'size')),
          subsample: sub ? this.sizeExpr(sub) : null,
          body: this.block(node(inner, 'block')),
          span: this.span(inner),
        };
      }
      case 'groupStmt':
        return { kind: 'Group', body: this.block(node(inner, 'block')), span: this.span(inner) };
      case 'ifStmt':
        return this.ifStmt(inner);
      default:
        throw new Incomplete();
    }
  }

  /** `else if` is lowered to an else block holding a single If. */
  ifStmt(n: CstNode): Stmt {
    const elseIf = optNode(n, 'elseIf');
    const elseBlock = optNode(n, 'else');
    let otherwise: Stmt[] | null = null;
    if (elseIf) otherwise = [this.ifStmt(elseIf)];
    else if (elseBlock) otherwise = this.block(elseBlock);
    else if (tokens(n, 'Else').length > 0) throw new Incomplete();
    return {
      kind: 'If',
      cond: this.expression(node(n, 'expression')),
      then: this.block(node(n, 'then')),
      else: otherwise,
      span: this.span(n),
    };
  }

  optIndices(n: CstNode): Expr[] {
    const list = optNode(n, 'indexList');
    return list ? this.indexList(list) : [];
  }

  indexList(n: CstNode): Expr[] {
    return nodes(n, 'expression').map((e) => this.expression(e));
  }

  constraint(n: CstNode): Constraint {
    const args = nodes(n, 'expression').map((e) => this.expression(e));
    return { kind: 'Constraint', name: ident(token(n, 'name')), args, span: this.span(n) };
  }

  distCall(n: CstNode): DistCall {
    return {
      kind: 'DistCall',
      name: ident(token(n, 'Identifier')),
      args: this.callArgs(node(n, 'callArgs')),
      span: this.span(n),
    };
  }

  callArgs(n: CstNode): Arg[] {
    if (tokens(n, 'RParen').length === 0) throw new Incomplete();
    return nodes(n, 'arg').map((a) => {
      const name = optToken(a, 'name');
      return {
        kind: 'Arg',
        name: name ? ident(name) : null,
        value: this.expression(node(a, 'expression')),
        span: this.span(a),
      };
    });
  }

  // ---- expressions ----------------------------------------------------------------------------
  expression(n: CstNode): Expr {
    return this.chain(node(n, 'orExpr'));
  }

  /** orExpr, andExpr, comparison, additive, multiplicative: operands joined left to right by ops. */
  chain(n: CstNode): Expr {
    const operands = nodes(n, 'operand');
    const ops = tokens(n, 'op');
    if (operands.length !== ops.length + 1) throw new Incomplete();
    if (n.name === 'comparison' && ops.length > 1) {
      const op = ops[1]!;
      this.diagnostics.push(
        error('E0121', this.file, tokenSpan(op), { op: op.image, first: ops[0]!.image }),
      );
    }
    let left = this.operand(operands[0]!);
    for (let i = 0; i < ops.length; i++) {
      const right = this.operand(operands[i + 1]!);
      left = {
        kind: 'Binary',
        op: ops[i]!.image as BinaryOp,
        left,
        right,
        span: spanUnion(left.span, right.span),
      };
    }
    return left;
  }

  operand(n: CstNode): Expr {
    switch (n.name) {
      case 'andExpr':
      case 'comparison':
      case 'additive':
      case 'multiplicative':
        return this.chain(n);
      case 'unary':
        return this.unary(n);
      default:
        throw new Incomplete();
    }
  }

  unary(n: CstNode): Expr {
    const op = optToken(n, 'op');
    const inner = node(n, 'operand');
    if (!op) return this.power(inner);
    const operand = this.unary(inner);
    return {
      kind: 'Unary',
      op: op.image as UnaryOp,
      operand,
      span: spanUnion(tokenSpan(op), operand.span),
    };
  }

  power(n: CstNode): Expr {
    const base = this.postfix(node(n, 'base'));
    const exp = optNode(n, 'exponent');
    if (!exp) return base;
    const right = this.unary(exp);
    return { kind: 'Binary', op: '^', left: base, right, span: spanUnion(base.span, right.span) };
  }

  postfix(n: CstNode): Expr {
    let e = this.primary(node(n, 'primary'));
    for (const list of nodes(n, 'indexList')) {
      if (tokens(list, 'RBracket').length === 0) throw new Incomplete();
      e = {
        kind: 'Index',
        target: e,
        indices: this.indexList(list),
        span: spanUnion(e.span, this.span(list)),
      };
    }
    return e;
  }

  primary(n: CstNode): Expr {
    const num = optToken(n, 'NumberLiteral');
    if (num) {
      const isInt = !/[.eE]/.test(num.image);
      return {
        kind: 'Num',
        value: Number(num.image),
        isInt,
        text: num.image,
        span: tokenSpan(num),
      };
    }
    const name = optToken(n, 'Identifier');
    if (name) {
      const args = optNode(n, 'callArgs');
      if (!args) return { kind: 'Name', name: name.image, span: tokenSpan(name) };
      return { kind: 'Call', callee: ident(name), args: this.callArgs(args), span: this.span(n) };
    }
    if (tokens(n, 'RParen').length === 0) throw new Incomplete();
    const inner = this.expression(node(n, 'expression'));
    // Parentheses widen the span so that errors point at what the user wrote.
    return { ...inner, span: this.span(n) };
  }
}

function onlyChild(n: CstNode): [string, CstNode] {
  for (const [key, list] of Object.entries(n.children)) {
    const first = list[0];
    if (first && 'children' in first) return [key, first];
  }
  throw new Incomplete();
}
