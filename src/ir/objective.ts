// An objective: the IR function a backend runs at every step, with each output's declared role (the inference-method seam).
import type { IRFunction } from './ir.js';

/**
 * What an output is for. The planner, the kernels and the CPU driver act on roles, never on output names:
 * a loss is recorded every step and stops the fit when non-finite; a gradient drives the optimizer update of
 * its param; log-weights and estimates are kept (at the last step) for the method to read.
 */
export type OutputRole =
  | { readonly kind: 'loss' }
  | { readonly kind: 'gradient'; readonly param: string }
  | { readonly kind: 'logWeight' }
  | { readonly kind: 'estimate' };

export interface DeclaredOutput {
  /** The output's key in `fn.outputs`. */
  readonly name: string;
  readonly role: OutputRole;
}

export interface Objective {
  readonly fn: IRFunction;
  readonly outputs: readonly DeclaredOutput[];
}
