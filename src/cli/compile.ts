// `pplc compile`: prints a stage of the pipeline (--emit ast|typed|ir|grad|plan|wgsl|ts) or writes the TS module.
import { choiceOption, parseArgs, stringOption, UsageError, numberOption } from './args.js';
import { loadProgram, printDiagnostics, Reported } from './frontend.js';
import { readText, UserError } from './io.js';

const STAGES = ['ast', 'typed', 'ir', 'grad', 'plan', 'wgsl', 'ts'] as const;

export async function runCompile(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, new Set(), new Set(['emit', 'out', 'data', 'particles']));
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('compile takes one program file');
  const emit = choiceOption(args, 'emit', STAGES, 'ts');
  const particles = numberOption(args, 'particles', 1, (n) => Number.isInteger(n) && n >= 1, 'a positive integer');
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
    const { checked } = loadProgram(file, stringOption(args, 'data'));
    if (emit === 'typed') {
      const { printTyped } = await import('../check/print-typed.js');
      process.stdout.write(printTyped(checked));
      return 0;
    }
    if (emit === 'ir' || emit === 'grad') {
      const { buildElbo } = await import('../lower/objective.js');
      const { simplify } = await import('../ir/passes/simplify.js');
      const { printIR } = await import('../ir/print.js');
      const elbo = simplify(buildElbo(checked, particles));
      if (emit === 'ir') process.stdout.write(printIR(elbo));
      else {
        const { grad } = await import('../ad/grad.js');
        process.stdout.write(printIR(simplify(grad(elbo, 'loss', elbo.params.map((p) => p.name)))));
      }
      return 0;
    }
    throw new UserError(`--emit ${emit} is not available yet (the WebGPU code generator is not built)`);
  } catch (e) {
    if (e instanceof Reported) return 1;
    throw e;
  }
}
