// Built-in functions of the language: arity and how each maps over shapes.
import { ELEMENTWISE, ELEMENTWISE_OPS } from '../ir/elementwise.js';
export type BuiltinKind = 'elementwise' | 'dot' | 'sum';

export interface Builtin {
  readonly name: string;
  readonly arity: number;
  readonly kind: BuiltinKind;
}

/**
 * The built-in functions: every elementwise op whose record names a built-in (src/ir/elementwise.ts), and the
 * two reductions, which lower to several ops.
 */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map<string, Builtin>([
  ...ELEMENTWISE_OPS.flatMap((op): [string, Builtin][] => {
    const r = ELEMENTWISE[op];
    return 'builtin' in r.syntax
      ? [[r.syntax.builtin, { name: r.syntax.builtin, arity: r.arity, kind: 'elementwise' }]]
      : [];
  }),
  ['dot', { name: 'dot', arity: 2, kind: 'dot' }],
  ['sum', { name: 'sum', arity: 1, kind: 'sum' }],
]);

export const CONSTRAINTS = ['real', 'positive', 'unit', 'interval', 'simplex'] as const;
export type ConstraintName = (typeof CONSTRAINTS)[number];

export const AUTOGUIDES = [
  'AutoNormal',
  'AutoMultivariateNormal',
  'AutoLowRankMultivariateNormal',
  'AutoDelta',
] as const;
export type AutoGuideName = (typeof AUTOGUIDES)[number];
