// The untyped AST: readonly tagged unions, one source span on every node, no methods.
import type { Span } from '../diag/span.js';

export interface Ident {
  readonly kind: 'Ident';
  readonly name: string;
  readonly span: Span;
}

// ---- types and sizes -------------------------------------------------------------------------
export type SizeExpr =
  | { readonly kind: 'SizeLit'; readonly value: number; readonly span: Span }
  | { readonly kind: 'SizeName'; readonly name: string; readonly span: Span };

export interface TypeExpr {
  readonly kind: 'Type';
  readonly base: 'int' | 'real';
  readonly dims: readonly SizeExpr[];
  readonly span: Span;
}

// ---- expressions -----------------------------------------------------------------------------
export type BinaryOp =
  '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';
export type UnaryOp = '-' | '!';

export type Expr =
  | {
      readonly kind: 'Num';
      readonly value: number;
      readonly isInt: boolean;
      readonly text: string;
      readonly span: Span;
    }
  | { readonly kind: 'Name'; readonly name: string; readonly span: Span }
  | {
      readonly kind: 'Index';
      readonly target: Expr;
      readonly indices: readonly Expr[];
      readonly span: Span;
    }
  | {
      readonly kind: 'Binary';
      readonly op: BinaryOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly span: Span;
    }
  | { readonly kind: 'Unary'; readonly op: UnaryOp; readonly operand: Expr; readonly span: Span }
  | {
      readonly kind: 'Call';
      readonly callee: Ident;
      readonly args: readonly Arg[];
      readonly span: Span;
    };

/** A call or distribution argument, positional (name null) or named (`logits = ...`). */
export interface Arg {
  readonly kind: 'Arg';
  readonly name: Ident | null;
  readonly value: Expr;
  readonly span: Span;
}

export interface DistCall {
  readonly kind: 'DistCall';
  readonly name: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

export interface Constraint {
  readonly kind: 'Constraint';
  readonly name: Ident; // real | positive | unit | interval (checked later)
  readonly args: readonly Expr[]; // interval(LO, HI)
  readonly span: Span;
}

// ---- statements ------------------------------------------------------------------------------
export type Stmt =
  | { readonly kind: 'Let'; readonly name: Ident; readonly value: Expr; readonly span: Span }
  | {
      readonly kind: 'Sample';
      readonly name: Ident;
      readonly indices: readonly Expr[];
      readonly dist: DistCall;
      readonly span: Span;
    }
  | {
      readonly kind: 'Observe';
      readonly name: Ident;
      readonly indices: readonly Expr[];
      readonly dist: DistCall;
      readonly span: Span;
    }
  | {
      readonly kind: 'Param';
      readonly name: Ident;
      readonly indices: readonly Expr[];
      readonly constraint: Constraint | null;
      readonly init: Expr;
      readonly span: Span;
    }
  | {
      readonly kind: 'Plate';
      readonly index: Ident;
      readonly size: SizeExpr;
      readonly subsample: SizeExpr | null;
      readonly body: readonly Stmt[];
      readonly span: Span;
    }
  | {
      /** `group { ... }`: the latents inside share one sample index (seed 004's Group). */
      readonly kind: 'Group';
      readonly body: readonly Stmt[];
      readonly span: Span;
    }
  | {
      readonly kind: 'If';
      readonly cond: Expr;
      readonly then: readonly Stmt[];
      readonly else: readonly Stmt[] | null;
      readonly span: Span;
    };

// ---- top level -------------------------------------------------------------------------------
export type TopItem =
  | {
      readonly kind: 'DataDecl';
      readonly name: Ident;
      readonly type: TypeExpr;
      readonly span: Span;
    }
  | { readonly kind: 'Model'; readonly body: readonly Stmt[]; readonly span: Span }
  | { readonly kind: 'Guide'; readonly body: readonly Stmt[]; readonly span: Span }
  | {
      readonly kind: 'AutoGuide';
      readonly name: Ident;
      readonly args: readonly Arg[];
      readonly span: Span;
    };

export interface Program {
  readonly kind: 'Program';
  readonly file: string;
  readonly items: readonly TopItem[];
  readonly span: Span;
}
