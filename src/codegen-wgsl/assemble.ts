// Assembles a kernel as data: its WGSL (header, shared prelude, declarations, body) with the bindings and dispatch size
// the host needs, both from the same lists.
import type { KernelPlan } from '../plan/types.js';
import type { Optimizer } from '../optim/optimizer.js';
import { WGSL_PHILOX } from '../rng/philox.js';
import { WGSL_KEYED } from '../rng/keyed.js';
import { WGSL_SPECIAL } from '../math/special.js';
import { WGSL_GAMMA } from '../rng/gamma-draw.js';
import { WGSL_SUBSAMPLE } from '../rng/permutation.js';
import {
  bindingOf,
  declareBuffer,
  WGSL_CTRL,
  type BufferName,
  type KernelBinding,
} from './bindings.js';
import { configStruct, type ConfigField } from './config.js';
import { dataBindings } from './data-access.js';
import { optimizerWgsl } from './opt-update.js';
import type { DataUse } from './emit-scope.js';

/** What every kernel of a program shares. */
export interface KernelContext {
  readonly plan: KernelPlan;
  readonly optimizer: Optimizer;
  readonly config: readonly ConfigField[];
  /** The .ppl named in the kernels' header comments. */
  readonly file: string;
}

export interface WgslKernel {
  /** 'step' (single plan); 'pre<k>', 'loop<k>', 'finish<k>' (multi plan). */
  readonly name: string;
  readonly code: string;
  /** Every binding its code declares: the host builds the bind group layout and the bind group from this. */
  readonly bindings: readonly KernelBinding[];
  /** Workgroups per dispatch. */
  readonly workgroups: number;
}

export interface KernelParts {
  readonly name: string;
  /** The header comment (see sections.header). */
  readonly header: string;
  readonly subgroups: boolean;
  readonly buffers: readonly BufferName[];
  readonly dataUses: ReadonlySet<DataUse>;
  /** var<workgroup> declarations. */
  readonly shared: readonly string[];
  readonly main: readonly string[];
  readonly workgroups: number;
}

const drawsGamma = (plan: KernelPlan): boolean =>
  plan.live.some((v) => {
    const op = plan.values.get(v)!.eqn.op;
    return op === 'rng_gamma' || op === 'rng_gamma_dalpha';
  });

const drawsSubsample = (plan: KernelPlan): boolean =>
  plan.live.some((v) => plan.values.get(v)!.eqn.op === 'subsample_index');

/** The helper functions and types every kernel of a program shares (Gamma and subsample draws only where used). */
function prelude(k: KernelContext): string {
  return [
    WGSL_PHILOX.trim(),
    '',
    '// Keyed draws as src/rng/keyed.ts: counter (step, element, particle, draw), key (seed, stream).',
    WGSL_KEYED.trim(),
    WGSL_SPECIAL.trimEnd(),
    ...(drawsGamma(k.plan) ? [WGSL_GAMMA.trimEnd()] : []),
    ...(drawsSubsample(k.plan) ? [WGSL_SUBSAMPLE.trim()] : []),
    '',
    `// The run's settings (filled by the host from the same field list).\n${configStruct(k.config)}`,
    WGSL_CTRL.trimEnd(),
    '',
    optimizerWgsl(k.optimizer),
    '',
  ].join('\n');
}

export function assembleKernel(k: KernelContext, a: KernelParts): WgslKernel {
  const data = dataBindings(k.plan, a.dataUses);
  const code = [
    ...(a.subgroups ? ['enable subgroups;'] : []),
    a.header,
    prelude(k),
    ...data.decls,
    ...a.buffers.map(declareBuffer),
    ...a.shared,
    '',
    ...a.main,
  ].join('\n');
  return {
    name: a.name,
    code: code + '\n',
    bindings: [...data.bindings, ...a.buffers.map(bindingOf)].sort((x, y) => x.binding - y.binding),
    workgroups: a.workgroups,
  };
}
