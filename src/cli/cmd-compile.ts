// `pplc compile`: prints a stage of the pipeline (--emit ast|typed|ir|grad|plan|wgsl|ts) or writes the TS module.
import { choiceOption, parseArgs, stringOption, UsageError, numberOption } from './args.js';
import { loadProgram, printDiagnostics, Reported } from './load-files.js';
import { readText, UserError } from './read-file.js';
// Lowering and the module writer serve the default stage: loaded with the front end, their files are read in
// parallel with it (a later import() would wait for each file in turn).
import { buildElbo } from '../methods/trace-elbo.js';
import { emitModule } from './emit-module.js';
import type { CheckedProgram } from '../check/typed.js';
import type { BoundData } from '../data/bound.js';
import type { OptimizerName } from '../optim/optimizers.js';

// Loaded with the code generator, which is what throws PlanUnsupported: free by the time it is needed.
const planUnsupported = async () => (await import('../plan/unsupported.js')).isPlanUnsupported;

async function generate(
  checked: CheckedProgram,
  data: BoundData,
  particles: number,
  optimizer: OptimizerName,
  subgroupSize: number,
) {
  const [{ prepareFit }, { generateWgsl }] = await Promise.all([
    import('../infer/prepare.js'),
    import('../codegen-wgsl/generate.js'),
  ]);
  return generateWgsl(prepareFit(checked, data, particles), optimizer, { subgroupSize });
}

const STAGES = ['ast', 'typed', 'ir', 'grad', 'plan', 'wgsl', 'ts'] as const;

export async function runCompile(argv: readonly string[]): Promise<number> {
  const args = parseArgs(
    argv,
    new Set(),
    new Set(['emit', 'out', 'data', 'particles', 'optimizer', 'runtime', 'subgroup-size']),
  );
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('compile takes one program file');
  const emit = choiceOption(args, 'emit', STAGES, 'ts');
  const particles = numberOption(
    args,
    'particles',
    1,
    (n) => Number.isInteger(n) && n >= 1,
    'a positive integer',
  );
  try {
    if (emit === 'ast') {
      const { parse } = await import('../parser/parse.js');
      const { printAst } = await import('../parser/print-ast.js');
      const source = readText(file, 'program');
      const { program, diagnostics } = parse(source, file);
      printDiagnostics(diagnostics, new Map([[file, source]]));
      if (!program || diagnostics.some((d) => d.severity === 'error')) return 1;
      process.stdout.write(printAst(program));
      return 0;
    }
    const { checked, data, source } = await loadProgram(file, stringOption(args, 'data'));
    // The plan depends on the device's fixed subgroup size (lavapipe: 8); 0 plans for any device.
    const subgroupSize = numberOption(
      args,
      'subgroup-size',
      0,
      (n) => Number.isInteger(n) && n >= 0 && n <= 128,
      'an integer from 0 to 128',
    );
    const optimizer = choiceOption(
      args,
      'optimizer',
      ['adam', 'sgd', 'clipped-adam'] as const,
      'adam',
    );
    if (emit === 'typed') {
      const { printTyped } = await import('../check/print-typed.js');
      process.stdout.write(printTyped(checked));
      return 0;
    }
    if (emit === 'ir' || emit === 'grad') {
      const { simplify } = await import('../ir/passes/simplify.js');
      const { printIR } = await import('../ir/print.js');
      const elbo = simplify(buildElbo(checked, particles));
      if (emit === 'ir') process.stdout.write(printIR(elbo));
      else {
        const { grad } = await import('../ad/grad.js');
        process.stdout.write(
          printIR(
            simplify(
              grad(
                elbo,
                'loss',
                elbo.params.map((p) => p.name),
              ),
            ),
          ),
        );
      }
      return 0;
    }
    // The module needs only the params, which simplification keeps as they are: no simplify here.
    const elbo = buildElbo(checked, particles);
    if (emit === 'plan' || emit === 'wgsl') {
      if (!data)
        throw new UsageError(
          `--emit ${emit} needs --data: the kernel plan is chosen from the data's sizes`,
        );
      let program;
      try {
        program = await generate(checked, data, particles, optimizer, subgroupSize);
      } catch (e) {
        const isPlanUnsupported = await planUnsupported();
        if (isPlanUnsupported(e)) throw new UserError(e.message);
        throw e;
      }
      const { printPlan, printWgsl } = await import('../codegen-wgsl/generate.js');
      process.stdout.write(emit === 'plan' ? printPlan(program.plan) : printWgsl(program));
      return 0;
    }
    let wgsl: string | null = null;
    let wgslNote =
      'No WGSL: compiled without --data. The kernels are generated for the sizes of the data passed to fit().';
    if (data) {
      const { printWgsl } = await import('../codegen-wgsl/generate.js');
      try {
        wgsl = printWgsl(await generate(checked, data, particles, optimizer, subgroupSize));
      } catch (e) {
        const isPlanUnsupported = await planUnsupported();
        if (!isPlanUnsupported(e)) throw e;
        wgslNote = `No WGSL: ${e.message}. A fit runs on the CPU interpreter.`;
      }
    }
    if (wgsl !== null && data) {
      const sizes = [...data.sizes].map(([k, v]) => `${k} = ${v}`).join(', ');
      wgslNote = `The WGSL generated for the data given at compile time (${sizes || 'no sizes'}; ${optimizer}, ${particles} particle${particles === 1 ? '' : 's'}), on a device without subgroups. A fit regenerates it for its own data's sizes and device (deterministically: the same inputs give these bytes).`;
    }
    const mod = emitModule({
      checked,
      source,
      file,
      elbo,
      wgsl,
      wgslNote,
      runtime: stringOption(args, 'runtime') ?? 'pplc',
    });
    const out = stringOption(args, 'out');
    if (out === undefined) {
      process.stdout.write(mod.ts);
      return 0;
    }
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { basename, join } = await import('node:path');
    const stem = basename(file).replace(/\.ppl$/, '');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${stem}.ts`), mod.ts);
    writeFileSync(join(out, `${stem}.js`), mod.js);
    writeFileSync(join(out, `${stem}.d.ts`), mod.dts);
    process.stderr.write(`wrote ${join(out, stem)}.ts, .js and .d.ts\n`);
    return 0;
  } catch (e) {
    if (e instanceof Reported) return 1;
    throw e;
  }
}
