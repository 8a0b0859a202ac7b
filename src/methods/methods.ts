// The inference methods, one record each by the name `--method` chooses them with.
import type { InferenceMethod } from './method.js';
import { svi } from './svi.js';

export const METHODS = {
  vi: svi,
} as const satisfies Readonly<Record<string, InferenceMethod>>;

export type MethodName = keyof typeof METHODS;

export const METHOD_NAMES = Object.keys(METHODS) as readonly MethodName[];
