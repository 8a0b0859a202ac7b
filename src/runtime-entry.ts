// The package's runtime entry (`pplc/runtime`): loads a compiled module's program and fits it, with no compiler.
export { loadCompiled, type CompiledModel } from './api/compiled-model.js';
export {
  DataText,
  Dataset,
  PplcError,
  type Fit,
  type FitOptions,
  type Summary,
} from './api/fit.js';
export { COMPILED_FORMAT, PPLC_VERSION, type CompiledProgram } from './infer/compiled.js';
export { FIT_OPTIONS, type Backend, type FitSettings } from './pipeline/fit-options.js';
