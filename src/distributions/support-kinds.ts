// The sets a family's values lie in, and what each lets the compiler check before run time.
export const CONTINUOUS_SUPPORTS = ['real', 'positive', 'unit', 'interval', 'simplex'] as const;
export const DISCRETE_SUPPORTS = ['boolean', 'count_upto', 'count', 'category'] as const;

/** real, (0, ∞), (0, 1), Uniform's (low, high) from its arguments, and vectors of positive numbers summing to 1. */
export type ContinuousSupport = (typeof CONTINUOUS_SUPPORTS)[number];
/** {0, 1}, {0..total_count}, {0, 1, ...}, {0..K-1}. */
export type DiscreteSupport = (typeof DISCRETE_SUPPORTS)[number];
export type SupportKind = ContinuousSupport | DiscreteSupport;

/** The set observed data is checked against when it is loaded: {0, 1}, the non-negative integers, [0, ∞), (0, 1). */
export interface ObservedCheck {
  readonly kind: 'boolean' | 'count' | 'nonnegative' | 'unit';
  holds(v: number): boolean;
}

export interface SupportFacts {
  /**
   * The supports that contain this one, itself included (a guide's support must lie inside the model's); null
   * where that is not known before run time (an interval's bounds) or the support is discrete.
   */
  readonly within: readonly SupportKind[] | null;
  /**
   * Null where nothing is known before the arguments (an interval, the simplex's vectors are checked apart). A
   * positive family's observations may be 0 (Exponential's and HalfNormal's support includes it).
   */
  readonly observed: ObservedCheck | null;
}

const ZERO_ONE: ObservedCheck = { kind: 'boolean', holds: (v) => v === 0 || v === 1 };
const COUNT: ObservedCheck = { kind: 'count', holds: (v) => Number.isInteger(v) && v >= 0 };
const NONNEGATIVE: ObservedCheck = { kind: 'nonnegative', holds: (v) => v >= 0 };
const OPEN_UNIT: ObservedCheck = { kind: 'unit', holds: (v) => v > 0 && v < 1 };

export const SUPPORTS: { readonly [K in SupportKind]: SupportFacts } = {
  real: { within: ['real'], observed: null },
  positive: { within: ['positive', 'real'], observed: NONNEGATIVE },
  unit: { within: ['unit', 'positive', 'real'], observed: OPEN_UNIT },
  interval: { within: null, observed: null },
  simplex: { within: ['simplex'], observed: null },
  boolean: { within: null, observed: ZERO_ONE },
  count_upto: { within: null, observed: COUNT },
  count: { within: null, observed: COUNT },
  category: { within: null, observed: COUNT },
};

export function isContinuousSupport(s: SupportKind): s is ContinuousSupport {
  return CONTINUOUS_SUPPORTS.some((c) => c === s);
}

/** Whether values of `inner` always lie in `outer`; true where only run time can tell. */
export function supportWithin(inner: SupportKind, outer: SupportKind): boolean {
  const a = SUPPORTS[inner].within;
  if (a === null || SUPPORTS[outer].within === null) return true;
  return a.includes(outer);
}
