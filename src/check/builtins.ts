// Built-in functions of the language: arity and how each maps over shapes.
export type BuiltinKind = 'elementwise' | 'dot' | 'sum';

export interface Builtin {
  readonly name: string;
  readonly arity: number;
  readonly kind: BuiltinKind;
}

const ew = (name: string, arity = 1): Builtin => ({ name, arity, kind: 'elementwise' });

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(
  [
    ew('exp'),
    ew('log'),
    ew('log1p'),
    ew('expm1'),
    ew('sqrt'),
    ew('abs'),
    ew('sigmoid'),
    ew('logit'),
    ew('softplus'),
    ew('tanh'),
    ew('sin'),
    ew('cos'),
    ew('pow', 2),
    ew('min', 2),
    ew('max', 2),
    { name: 'dot', arity: 2, kind: 'dot' as const },
    { name: 'sum', arity: 1, kind: 'sum' as const },
  ].map((b) => [b.name, b]),
);

export const CONSTRAINTS = ['real', 'positive', 'unit', 'interval'] as const;
export type ConstraintName = (typeof CONSTRAINTS)[number];

export const AUTOGUIDES = [
  'AutoNormal',
  'AutoMultivariateNormal',
  'AutoLowRankMultivariateNormal',
  'AutoDelta',
] as const;
export type AutoGuideName = (typeof AUTOGUIDES)[number];
