// The package's entry: the library API (load a .ppl program, fit it, read the posterior).
export {
  loadModel,
  PplcError,
  type Fit,
  type FitOptions,
  type Model,
  type Summary,
} from './api/library.js';
export type { Backend } from './infer/backend.js';
