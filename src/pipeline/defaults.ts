// Build options' defaults the compiler driver and the fit options table share, in a module that loads nothing.

/** Samples per latent when none are asked for. */
export const DEFAULT_K = 10;

/** QEM's rate when none is asked for (seed 004's). */
export const DEFAULT_QEM_LR = 0.1;
