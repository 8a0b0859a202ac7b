// Runs one input through the compiler the way a user would (check; a fit through the library; the WGSL a fit would
// generate, validated by the device) and turns what happened into problems for the oracle.
import { compile, errorsOf } from '../../src/pipeline/compile.js';
import type { CheckedProgram } from '../../src/check/typed.js';
import { loadData } from '../../src/data/load.js';
import { loadModel, type FitOptions } from '../../src/api/library.js';
import { prepareFit, kernelSource } from '../../src/infer/prepare.js';
import { generateWgsl } from '../../src/codegen-wgsl/generate.js';
import { isPlanUnsupported } from '../../src/plan/unsupported.js';
import type { GpuContext } from '../../src/runtime/gpu.js';
import {
  diagnosticProblems,
  fitProblems,
  ownerOf,
  thrownProblems,
  type Problem,
} from './oracle.js';

export interface Probe {
  readonly accepted: boolean;
  readonly problems: Problem[];
}

/** `pplc check` in-process: parse and type-check; the front end must never throw. */
export async function checkText(
  text: string,
  file: string,
): Promise<Probe & { checked: CheckedProgram | null }> {
  try {
    const c = await compile(text, file, { until: 'typed' });
    const problems = diagnosticProblems(c.diagnostics, new Map([[file, text]]));
    const ok = c.typed !== null && errorsOf(c).length === 0;
    if (c.typed !== null && errorsOf(c).length > 0)
      problems.push({ kind: 'internal', message: 'a typed program despite errors' });
    if (c.typed === null && errorsOf(c).length === 0)
      problems.push({ kind: 'bad-diagnostic', message: 'no typed program and no error' });
    return { accepted: ok, problems, checked: ok ? c.typed : null };
  } catch (e) {
    return { accepted: false, problems: thrownProblems(e, new Map()), checked: null };
  }
}

/** A fit through the library (loadModel, then fit): a PplcError is the documented rejection. */
export async function fitText(
  text: string,
  file: string,
  data: unknown,
  options: FitOptions,
  sources: ReadonlyMap<string, string> = new Map([[file, text]]),
  own?: unknown,
): Promise<Probe> {
  try {
    const m = await loadModel(text, file);
    const fit = await m.fit(data, options);
    return { accepted: true, problems: fitProblems(fit) };
  } catch (e) {
    return { accepted: false, problems: thrownProblems(e, sources, own) };
  }
}

/**
 * The kernels a WebGPU fit of this program and data would compile, each validated by the device's WGSL compiler
 * (a shader module only: no pipeline, which is what costs seconds on a software device).
 */
export async function wgslProbe(
  text: string,
  file: string,
  dataText: string,
  ctx: GpuContext,
): Promise<Probe> {
  let program;
  try {
    const c = await compile(text, file, { until: 'grad' });
    if (!c.objective || !c.typed) return { accepted: false, problems: [] };
    const bound = loadData(c.typed, dataText, 'data.json');
    if (!bound.data || errorsOf(bound).length > 0) return { accepted: false, problems: [] };
    program = generateWgsl(kernelSource(prepareFit(c.typed, bound.data, c.objective), 'adam'), {
      subgroupSize: ctx.subgroupMinSize === ctx.subgroupMaxSize ? ctx.subgroupMinSize : 0,
    });
  } catch (e) {
    if (isPlanUnsupported(e)) return { accepted: false, problems: [] };
    const owner = ownerOf(e);
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return {
      accepted: false,
      problems: [
        {
          kind: 'threw',
          message: `generating WGSL: ${msg.slice(0, 500)}`,
          ...(owner ? { owner } : {}),
        },
      ],
    };
  }
  const problems: Problem[] = [];
  for (const k of program.kernels) {
    const info = await ctx.device.createShaderModule({ code: k.code }).getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0)
      problems.push({
        kind: 'invalid-wgsl',
        owner: 'codegen-wgsl',
        message: `kernel '${k.name}': ${errors
          .map((m) => `${m.lineNum}:${m.linePos} ${m.message}`)
          .join('; ')
          .slice(0, 500)}`,
      });
  }
  return { accepted: problems.length === 0, problems };
}
