// A program compiled in process as `pplc compile` compiles it (the module's program text, with kernels for data when
// asked), and the same program loaded by the compiler entry: the two sides the compiled-module tests compare.
import { readFileSync } from 'node:fs';
import { compile } from '../../src/pipeline/compile.js';
import { compiledProgram } from '../../src/pipeline/compiled-program.js';
import { encodeCompiled } from '../../src/infer/compiled.js';
import { compileKernels } from '../../src/infer/embed-kernels.js';
import { kernelSource, prepareFit } from '../../src/infer/prepare.js';
import { loadModel, type Model } from '../../src/api/library.js';
import type { MethodName } from '../../src/methods/methods.js';
import type { OptimizerName } from '../../src/optim/optimizers.js';

export interface CompileFor {
  readonly method?: MethodName;
  readonly K?: number;
  readonly qemLr?: number;
  /** Data to carry kernels for, with the optimizer and device subgroup sizes they are for. */
  readonly kernels?: {
    readonly data: unknown;
    readonly optimizer: OptimizerName;
    readonly subgroupSizes: readonly number[];
  };
}

export async function compiledText(
  file: string,
  o: CompileFor = {},
): Promise<{ text: string; model: Model }> {
  const source = readFileSync(file, 'utf8');
  const c = await compile(source, file, {
    ...(o.method ? { method: o.method } : {}),
    ...(o.K ? { K: o.K } : {}),
    ...(o.qemLr ? { qemLr: o.qemLr } : {}),
  });
  if (!c.typed || !c.objective) throw new Error(`${file} does not compile`);
  const model = await loadModel(source, file);
  const kernels = o.kernels
    ? o.kernels.subgroupSizes.map((n) =>
        compileKernels(
          kernelSource(
            prepareFit(c.typed!, model.data(o.kernels!.data).bound, c.objective!),
            o.kernels!.optimizer,
          ),
          o.kernels!.optimizer,
          n,
        ),
      )
    : [];
  const program = compiledProgram(
    c.typed,
    source,
    c.objective,
    c.method,
    { particles: c.particles, K: c.K, qemLr: c.qemLr },
    kernels,
  );
  return { text: encodeCompiled(program), model };
}
