// The package's entry: the library API (load a .ppl program, bind its data, fit it, read the posterior).
export {
  DataText,
  Dataset,
  loadModel,
  PplcError,
  type Fit,
  type FitOptions,
  type Model,
  type Summary,
} from './api/library.js';
export { FIT_OPTIONS, type Backend, type FitSettings } from './pipeline/fit-options.js';
