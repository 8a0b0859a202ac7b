// Test helpers: parse a snippet expecting success, and show expressions as compact s-expressions.
import * as assert from 'uvu/assert';
import { parse } from '../../src/parser/parse.js';
import type { Expr, Program, Stmt } from '../../src/parser/ast.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';

export function parseOk(source: string): Program {
  const r = parse(source, 't.ppl');
  assert.equal(r.diagnostics.map(show), [], `unexpected diagnostics for: ${source}`);
  assert.ok(r.program);
  return r.program;
}

export function show(d: Diagnostic): string {
  return `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`;
}

/** The statements of the (first) model block of a program. */
export function modelBody(p: Program): readonly Stmt[] {
  const m = p.items.find((i) => i.kind === 'Model');
  if (!m || m.kind !== 'Model') throw new Error('no model block');
  return m.body;
}

/** Parses `let e = EXPR` inside a model and returns EXPR. */
export function parseExpr(text: string): Expr {
  const s = modelBody(parseOk(`model { let e = ${text} }`))[0];
  if (!s || s.kind !== 'Let') throw new Error('not a let');
  return s.value;
}

export function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'Num':
      return e.text;
    case 'Name':
      return e.name;
    case 'Index':
      return `(index ${[e.target, ...e.indices].map(sexpr).join(' ')})`;
    case 'Binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'Unary':
      return `(${e.op} ${sexpr(e.operand)})`;
    case 'Call':
      return `(${e.callee.name}${e.args.map((a) => ` ${a.name ? `${a.name.name}=` : ''}${sexpr(a.value)}`).join('')})`;
  }
}
