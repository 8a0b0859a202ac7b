// The typed AST produced by the checker: every expression with its type, every name resolved, every site described.
import type { BinaryOp, UnaryOp } from '../parser/ast.js';
import type { Span } from '../diag/span.js';
import type { SupportKind } from '../distributions/support-kinds.js';
import type { AutoGuideName, ConstraintName } from './builtins.js';
import type { Size } from '../ir/ir.js';

export interface PlateInfo {
  /** Unique across the program: the index name, suffixed (`i#2`) when a name is reused by another plate. */
  readonly id: string;
  readonly index: string;
  readonly size: Size;
  readonly subsample: Size | null;
  readonly parent: string | null; // enclosing plate id
  readonly block: 'model' | 'guide';
  readonly span: Span;
}

/** One array dimension of a value; `plate` names the plate it runs along when it came from one (beta's dim is plate j). */
export interface Dim {
  readonly size: Size;
  readonly plate: string | null;
}

/** A value's type, not counting the plates it is evaluated inside (those are the context). */
export interface Ty {
  readonly base: 'int' | 'real';
  readonly dims: readonly Dim[];
}

export type SymbolRef =
  | { readonly kind: 'data'; readonly name: string }
  | { readonly kind: 'let'; readonly name: string; readonly id: number } // id: unique let binding
  | { readonly kind: 'site'; readonly name: string; readonly block: 'model' | 'guide' } // a sample site's value
  | { readonly kind: 'param'; readonly name: string; readonly block: 'model' | 'guide' }
  | { readonly kind: 'plateIndex'; readonly plate: string };

export type TExpr =
  | { readonly kind: 'Num'; readonly value: number; readonly ty: Ty; readonly span: Span }
  | {
      readonly kind: 'Name';
      readonly name: string;
      readonly ref: SymbolRef;
      readonly ty: Ty;
      readonly span: Span;
    }
  | {
      readonly kind: 'Index';
      readonly target: TExpr;
      readonly indices: readonly TExpr[];
      readonly ty: Ty;
      readonly span: Span;
    }
  | {
      readonly kind: 'Binary';
      readonly op: BinaryOp;
      readonly left: TExpr;
      readonly right: TExpr;
      readonly ty: Ty;
      readonly span: Span;
    }
  | {
      readonly kind: 'Unary';
      readonly op: UnaryOp;
      readonly operand: TExpr;
      readonly ty: Ty;
      readonly span: Span;
    }
  | {
      readonly kind: 'Call';
      readonly fn: string;
      readonly args: readonly TExpr[];
      readonly ty: Ty;
      readonly span: Span;
    };

/** A distribution with its arguments normalised to Pyro's names (`{ loc, scale }`, `{ logits }`, ...). */
export interface TDist {
  readonly name: string;
  readonly args: Readonly<Record<string, TExpr>>;
  readonly span: Span;
}

export type SiteRole = 'latent' | 'observed' | 'param';

export interface SiteInfo {
  readonly name: string;
  readonly role: SiteRole;
  readonly block: 'model' | 'guide';
  readonly plates: readonly string[]; // plate ids, outermost first
  readonly shape: readonly Size[]; // the plates' sizes (subsampled plates give their full size)
  /** A vector-valued site's length (a Dirichlet site, a simplex param): its values are vectors over the plates. */
  readonly event: Size | null;
  readonly valueType: 'int' | 'real';
  readonly dist: string | null; // null for params
  readonly support: SupportKind | ConstraintName; // a param's constraint, a site's support
  readonly discrete: boolean;
  readonly conditional: boolean; // sampled under an `if`
  readonly span: Span;
}

export interface TConstraint {
  readonly name: ConstraintName;
  readonly args: readonly TExpr[]; // interval(LO, HI)
  /** simplex(K)'s K: the length of the param's vectors (null when it was reported bad). */
  readonly size?: Size | null;
  readonly span: Span;
}

export type TStmt =
  | {
      readonly kind: 'Let';
      readonly name: string;
      readonly id: number;
      readonly value: TExpr;
      readonly span: Span;
    }
  | {
      readonly kind: 'Sample';
      readonly site: SiteInfo;
      readonly indices: readonly TExpr[];
      readonly dist: TDist;
      readonly span: Span;
    }
  | {
      readonly kind: 'Observe';
      readonly site: SiteInfo;
      readonly indices: readonly TExpr[];
      readonly dist: TDist;
      readonly span: Span;
    }
  | {
      readonly kind: 'Param';
      readonly site: SiteInfo;
      readonly indices: readonly TExpr[];
      readonly constraint: TConstraint;
      readonly init: TExpr;
      readonly span: Span;
    }
  | {
      readonly kind: 'Plate';
      readonly plate: PlateInfo;
      readonly body: readonly TStmt[];
      readonly span: Span;
    }
  | {
      /** The latents sampled inside share one sample index; `id` names the group (unique in the program). */
      readonly kind: 'Group';
      readonly id: string;
      readonly body: readonly TStmt[];
      readonly span: Span;
    }
  | {
      readonly kind: 'If';
      readonly cond: TExpr;
      readonly then: readonly TStmt[];
      readonly else: readonly TStmt[] | null;
      readonly span: Span;
    };

export interface DataInfo {
  readonly name: string;
  readonly base: 'int' | 'real';
  readonly dims: readonly Size[];
  /** True when the declaration is used as a size somewhere (so it must be a non-negative integer). */
  readonly isSize: boolean;
  readonly span: Span;
}

export type GuideSpec =
  | { readonly kind: 'custom'; readonly body: readonly TStmt[]; readonly span: Span }
  | {
      readonly kind: 'auto';
      readonly family: AutoGuideName;
      readonly rank: number | null;
      readonly span: Span | null;
      /** Where the rank is written (AutoLowRankMultivariateNormal only). */
      readonly rankSpan?: Span;
    }; // span null: defaulted

export interface CheckedProgram {
  readonly file: string;
  readonly data: readonly DataInfo[];
  readonly model: readonly TStmt[];
  readonly guide: GuideSpec;
  readonly plates: ReadonlyMap<string, PlateInfo>;
  /** Every site of the model and of a custom guide, in program order. */
  readonly sites: readonly SiteInfo[];
}
