// `pplc compile`: prints a stage of the driver's output (--emit ast|typed|ir|grad|plan|wgsl|ts) or writes the TS module.
import { choiceOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args.js';
import { compileFile, loadDataFile, Reported } from './load-files.js';
import { UserError } from './read-file.js';
import { fitFlags, fitSettings } from './fit-flags.js';
import type { Compiled, Stage } from '../pipeline/compile.js';
import type { BoundData } from '../data/bound.js';
import type { OptimizerName } from '../optim/optimizers.js';
import type { CompiledKernels } from '../infer/compiled-kernels.js';
// The module writer serves the default stage: loaded with the front end, its file is read in parallel with it.
import { emitModule } from './emit-module.js';

/** The stages --emit prints: the driver's (ast, typed, ir, grad), then the kernel plan, WGSL and the TS module. */
const EMITS = ['ast', 'typed', 'ir', 'grad', 'plan', 'wgsl', 'ts'] as const;
type Emit = (typeof EMITS)[number];

/** The compiler stage each --emit needs (the module embeds the differentiated objective). */
const UNTIL: { readonly [K in Emit]: Stage } = {
  ast: 'ast',
  typed: 'typed',
  ir: 'ir',
  grad: 'grad',
  plan: 'grad',
  wgsl: 'grad',
  ts: 'grad',
};

/**
 * What the kernels are generated from: the objective at the data's sizes (the CLI's and the module's). Printed,
 * its identical scalar copies are batched as the WebGPU driver runs them; a module's carried kernels are the
 * objective's own, which the driver runs as they are.
 */
async function kernelInput(c: Compiled, data: BoundData, optimizer: OptimizerName, batch: boolean) {
  const { prepareFit, kernelSource } = await import('../infer/prepare.js');
  const { batchedInput } = await import('../infer/batched-input.js');
  const prep = prepareFit(c.typed!, data, c.objective!);
  return kernelSource((batch ? batchedInput(prep)?.input : null) ?? prep, optimizer);
}

/** The kernels for the data's sizes (PlanUnsupported is a user-facing limit, not a bug). */
async function kernels(
  c: Compiled,
  data: BoundData,
  optimizer: OptimizerName,
  subgroupSize: number,
) {
  const { generateWgsl } = await import('../codegen-wgsl/generate.js');
  return generateWgsl(await kernelInput(c, data, optimizer, true), { subgroupSize });
}

/**
 * `--subgroup-size N[,N...]`: the device subgroup sizes to plan for (lavapipe 8, NVIDIA 32); 0 plans for a device
 * without subgroups, or with a range of sizes. A module carries kernels for each; --emit prints one.
 */
function subgroupSizes(args: ParsedArgs): number[] {
  const v = args.options.get('subgroup-size');
  if (v === undefined) return [0];
  const parts = typeof v === 'string' ? v.split(',').map((x) => x.trim()) : [];
  const ns = parts.map((x) => (x === '' ? NaN : Number(x)));
  if (ns.length === 0 || ns.some((n) => !Number.isInteger(n) || n < 0 || n > 128))
    throw new UsageError(
      `--subgroup-size must be integers from 0 to 128, separated by commas, got '${String(v)}'`,
    );
  return [...new Set(ns)];
}

export async function runCompile(argv: readonly string[]): Promise<number> {
  const args = parseArgs(
    argv,
    new Set(),
    new Set([
      'emit',
      'out',
      'data',
      'runtime',
      'subgroup-size',
      ...fitFlags(['method', 'optimizer', 'particles', 'K', 'qemLr']),
    ]),
  );
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('compile takes one program file');
  const emit = choiceOption(args, 'emit', EMITS, 'ts');
  const settings = fitSettings(args);
  // The plan depends on the device's fixed subgroup size (lavapipe: 8); 0 plans for any device.
  const sizes = subgroupSizes(args);
  const subgroupSize = sizes[0]!;
  const dataFile = stringOption(args, 'data');
  if ((emit === 'plan' || emit === 'wgsl') && dataFile === undefined)
    throw new UsageError(
      `--emit ${emit} needs --data: the kernel plan is chosen from the data's sizes`,
    );
  if ((emit === 'plan' || emit === 'wgsl') && sizes.length > 1)
    throw new UsageError(`--emit ${emit} prints the kernels of one --subgroup-size`);
  try {
    const c = await compileFile(file, {
      until: UNTIL[emit],
      method: settings.method,
      particles: settings.particles,
      K: settings.K,
      qemLr: settings.qemLr,
    });
    if (emit === 'ast') {
      const { printAst } = await import('../parser/print-ast.js');
      process.stdout.write(printAst(c.ast!));
      return 0;
    }
    if (emit === 'typed') {
      const { printTyped } = await import('../check/print-typed.js');
      process.stdout.write(printTyped(c.typed!));
      return 0;
    }
    if (emit === 'ir' || emit === 'grad') {
      const { printIR } = await import('../ir/print.js');
      process.stdout.write(printIR(emit === 'ir' ? c.ir!.fn : c.objective!.fn));
      return 0;
    }
    const data = dataFile === undefined ? null : await loadDataFile(c.typed!, c.source, dataFile);
    const planUnsupported = async () => (await import('../plan/unsupported.js')).isPlanUnsupported;
    if (emit === 'plan' || emit === 'wgsl') {
      // The contraction is the method's (sizes aside, the same for every backend): printed even where no kernels are.
      const contraction = c.objective!.contraction;
      if (emit === 'plan' && contraction) {
        const { printContraction } = await import('../ir/contraction.js');
        process.stdout.write(printContraction(contraction) + '\n\n');
      }
      let program;
      try {
        program = await kernels(c, data!, settings.optimizer, subgroupSize);
      } catch (e) {
        if ((await planUnsupported())(e)) {
          if (emit === 'plan' && contraction) {
            process.stdout.write(`no kernels: ${(e as Error).message}; the fit runs on the CPU\n`);
            return 0;
          }
          throw new UserError((e as Error).message);
        }
        throw e;
      }
      const [{ printPlan }, { printWgsl }] = await Promise.all([
        import('../plan/print-plan.js'),
        import('../codegen-wgsl/generate.js'),
      ]);
      process.stdout.write(emit === 'plan' ? printPlan(program.plan) : printWgsl(program));
      return 0;
    }
    let wgsl: string | null = null;
    let wgslNote =
      "No WGSL: compiled without --data. A fit plans its kernels from the program for its data's sizes.";
    let carried: CompiledKernels[] = [];
    if (data) {
      const [{ compileKernels }, { printWgsl }] = await Promise.all([
        import('../infer/embed-kernels.js'),
        import('../codegen-wgsl/generate.js'),
      ]);
      try {
        const input = await kernelInput(c, data, settings.optimizer, false);
        carried = sizes.map((n) => compileKernels(input, settings.optimizer, n));
        wgsl = printWgsl(carried[0]!);
        const given = [...data.sizes].map(([k, v]) => `${k} = ${v}`).join(', ');
        const devices = sizes
          .map((n) => (n === 0 ? 'a device without subgroups' : `subgroup size ${n}`))
          .join(', ');
        wgslNote = `The kernels this module carries for the data given at compile time (${given || 'no sizes'}; ${settings.optimizer}; for ${devices}; below, the first's WGSL). A WebGPU fit to data of these sizes with that optimizer, on such a device, runs them without planning (fit.kernels is 'embedded'); other sizes are planned again from the program.`;
      } catch (e) {
        if (!(await planUnsupported())(e)) throw e;
        wgslNote = `No WGSL: ${(e as Error).message}. A fit runs on the CPU interpreter.`;
      }
    }
    const [{ compiledProgram }, { encodeCompiled }] = await Promise.all([
      import('../pipeline/compiled-program.js'),
      import('../infer/compiled.js'),
    ]);
    const program = compiledProgram(
      c.typed!,
      c.source,
      c.objective!,
      settings.method,
      { particles: settings.particles, K: settings.K, qemLr: settings.qemLr },
      carried,
    );
    const mod = emitModule({
      checked: c.typed!,
      file,
      program: encodeCompiled(program),
      elbo: c.ir!.fn,
      wgsl,
      wgslNote,
      runtime: stringOption(args, 'runtime') ?? 'pplc/runtime',
    });
    const out = stringOption(args, 'out');
    if (out === undefined) {
      process.stdout.write(mod.ts);
      return 0;
    }
    const { existsSync, readFileSync } = await import('node:fs');
    const { basename, join } = await import('node:path');
    const { outputFolder, writeOutput } = await import('./output-folder.js');
    const stem = basename(file).replace(/\.ppl$/, '');
    outputFolder(out);
    writeOutput(join(out, `${stem}.ts`), mod.ts);
    writeOutput(join(out, `${stem}.js`), mod.js);
    writeOutput(join(out, `${stem}.d.ts`), mod.dts);
    process.stderr.write(`wrote ${join(out, stem)}.ts, .js and .d.ts\n`);
    // NAME.js is an ES module: a package.json of "type": "module" beside it makes it one in a CommonJS project too
    // (whose require() loads it: Node >= 20.19). One the user wrote is left alone.
    const pkg = join(out, 'package.json');
    let type: unknown;
    try {
      type = existsSync(pkg)
        ? (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type
        : null;
    } catch {
      type = undefined;
    }
    if (type === null) writeOutput(pkg, '{ "type": "module" }\n');
    else if (type !== 'module')
      process.stderr.write(
        `note: ${pkg} does not say "type": "module"; ${stem}.js is an ES module (rename it ${stem}.mjs)\n`,
      );
    return 0;
  } catch (e) {
    if (e instanceof Reported) return 1;
    throw e;
  }
}
