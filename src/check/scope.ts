// The checker's working state: collected diagnostics, data declarations, plates, sites and scopes.
import { error, type Diagnostic } from '../diag/diagnostic.js';
import type { CheckCode } from '../diag/codes.js';
import type { MessageTail } from '../diag/message.js';
import type { Span } from '../diag/span.js';
import type { DataInfo, PlateInfo, SiteInfo, Ty } from './typed.js';

export type Block = 'model' | 'guide';

export type Binding =
  | {
      readonly kind: 'let';
      readonly id: number;
      readonly ty: Ty;
      readonly learned: boolean;
      readonly span: Span;
    }
  | { readonly kind: 'site'; readonly ty: Ty; readonly block: Block; readonly span: Span }
  | { readonly kind: 'param'; readonly ty: Ty; readonly block: Block; readonly span: Span }
  | { readonly kind: 'plateIndex'; readonly plate: PlateInfo; readonly span: Span };

export interface Scope {
  readonly parent: Scope | null;
  /** Sites and params escape plate scopes (the whole array is visible after the plate) but not branches. */
  readonly kind: 'block' | 'plate' | 'branch';
  readonly names: Map<string, Binding>;
}

export interface MutableData extends Omit<DataInfo, 'isSize'> {
  isSize: boolean;
}

export interface Ctx {
  readonly file: string;
  readonly diags: Diagnostic[];
  /** Data declared so far (in program order). */
  readonly data: Map<string, MutableData>;
  /** Every data declaration in the file, to tell "used before its declaration" from "not declared". */
  readonly allData: Map<string, Span>;
  readonly plates: Map<string, PlateInfo>;
  readonly sites: SiteInfo[];
  /** Whether each let binding (by id) depends on a random site or a param. */
  readonly letLearned: Map<number, boolean>;
  /** Model latent sites by name, visible to the guide checker for better messages. */
  readonly modelSiteNames: Set<string>;
  /** Data whose declared type was invalid (already reported): references to it are typed unknown silently. */
  readonly badData: Set<string>;
  /** Plates whose size was invalid (already reported): shape checks against them are skipped. */
  readonly badPlates: Set<string>;
  /** Undeclared names already reported, so each is reported once. */
  readonly reportedNames: Set<string>;
  /** Shared counters (the context is copied with a narrower data view for the guide). */
  readonly ids: { nextLet: number };
}

export interface BlockState {
  readonly block: Block;
  readonly plates: readonly PlateInfo[]; // enclosing plates, outermost first
  readonly conditional: boolean;
  /** Plate indices whose plate has closed (for a better message than "not declared"). */
  readonly closedIndices: Set<string>;
  /** Sites and params bound only inside a branch that has closed (for a better message than "not declared"). */
  readonly branchOnly: Set<string>;
}

export interface Env {
  readonly ctx: Ctx;
  readonly scope: Scope;
  readonly state: BlockState;
}

/** Records an error: one of the checker's codes (E02xx to E05xx) and its template's arguments. */
export function report<C extends CheckCode>(
  ctx: Ctx,
  code: C,
  span: Span | null,
  ...message: MessageTail<C>
): void {
  ctx.diags.push(error(code, ctx.file, span, ...message));
}

export function newCtx(file: string): Ctx {
  return {
    file,
    diags: [],
    data: new Map(),
    allData: new Map(),
    plates: new Map(),
    sites: [],
    letLearned: new Map(),
    modelSiteNames: new Set(),
    badData: new Set(),
    badPlates: new Set(),
    reportedNames: new Set(),
    ids: { nextLet: 0 },
  };
}

export function childScope(parent: Scope, kind: Scope['kind']): Scope {
  return { parent, kind, names: new Map() };
}

export function lookup(scope: Scope | null, name: string): Binding | null {
  for (let s = scope; s; s = s.parent) {
    const b = s.names.get(name);
    if (b) return b;
  }
  return null;
}

/** The scope a site or param is bound in: the nearest enclosing scope that is not a plate body. */
export function siteScope(scope: Scope): Scope {
  let s = scope;
  while (s.kind === 'plate' && s.parent) s = s.parent;
  return s;
}
