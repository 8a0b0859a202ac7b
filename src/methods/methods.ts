// The inference methods, one record each by the name `--method` chooses them with.
import type { InferenceMethod } from './method.js';
import { METHOD_HELP, METHOD_NAMES, type MethodName } from './method-names.js';
import { svi } from './svi.js';
import { estimateMethod } from './estimate-method.js';
import { qem } from './qem.js';

export const METHODS = {
  vi: svi,
  'mp-vi': estimateMethod('mp-vi', METHOD_HELP['mp-vi'], 'per-site', false),
  rws: estimateMethod('rws', METHOD_HELP['rws'], 'per-site', true),
  qem,
  is: estimateMethod('is', METHOD_HELP['is'], 'shared', false),
} as const satisfies Readonly<Record<MethodName, InferenceMethod>>;

export { METHOD_NAMES, type MethodName };
