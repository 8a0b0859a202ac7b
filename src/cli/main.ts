// The pplc command line: dispatches subcommands; turns every failure into a plain message and an exit status.
import { DiagnosticsError, InternalError } from '../diag/diagnostic.js';
import { UsageError } from './args.js';
import { UserError } from './read-file.js';
import { renderAll } from '../diag/render.js';
import { readFileSync } from 'node:fs';

/** The usage text; the fit options' lines come from their table (loaded only when the text is shown). */
export async function usage(): Promise<string> {
  const { fitOptionsHelp } = await import('../pipeline/fit-options.js');
  return [
    'usage:',
    '  pplc check MODEL.ppl [--data DATA.json]',
    '  pplc compile MODEL.ppl [--emit ast|typed|ir|grad|plan|wgsl|ts] [-o OUTDIR] [--data DATA.json]',
    '           [--method M] [--optimizer O] [--particles N] [--K N] [--qem-lr X] [--subgroup-size N[,N...]]',
    '           [--runtime MODULE]',
    '  pplc fit MODEL.ppl --data DATA.json [fit options] [--json] [--save FIT.json] [--init FIT.json]',
    '           [--condition SITE=VALUE]... [--do SITE=VALUE]... [--plot FIT.svg] [--report FIT.html]',
    "    --save FIT.json    write the fitted params (constrained), the program's hash and the settings",
    '    --init FIT.json    start from the params of a fit saved from this program',
    "    --plot FIT.svg     draw the loss per step and each latent's posterior draws (Vega-Lite)",
    '    --report FIT.html  one self-contained page: that chart and the posterior table',
    '    --condition S=V    observe latent S at V (a number or a JSON array over its plates)',
    "    --do S=V           set latent S to V and drop its density (Pearl's do)",
    '  pplc simulate MODEL.ppl [--data DATA.json] (--prior | --params FIT.json) [--draws N] [--seed S]',
    '           [--backend auto|cpu|webgpu] [--json | --csv] [--trace] [--condition S=V]... [--do S=V]...',
    '',
    "fit options (the library's fit() takes the same, in camelCase: lrDecay):",
    ...fitOptionsHelp(),
    '',
    'exit status: 0 success, 1 errors in the program or data, 2 bad usage, 3 internal error',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    // A fault injected on purpose, so that tests can see how a compiler bug reaches the user.
    if (process.env.PPLC_FAULT === 'internal')
      throw new InternalError('a fault injected by PPLC_FAULT');
    switch (cmd) {
      case 'check':
        return await (await import('./cmd-check.js')).runCheck(rest);
      case 'compile':
        return await (await import('./cmd-compile.js')).runCompile(rest);
      case 'fit':
        return await (await import('./cmd-fit.js')).runFit(rest);
      case 'simulate':
        return await (await import('./cmd-simulate.js')).runSimulate(rest);
      case '--version':
      case 'version':
        process.stdout.write('pplc 0.1.0\n');
        return 0;
      case undefined:
        // No command is bad usage: the usage goes to stderr, as for any other usage error.
        process.stderr.write((await usage()) + '\n');
        return 2;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write((await usage()) + '\n');
        return 0;
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    return await reportFailure(e);
  }
}

export async function reportFailure(e: unknown): Promise<number> {
  if (e instanceof UsageError) {
    process.stderr.write(`pplc: ${e.message}\n\n${await usage()}\n`);
    return 2;
  }
  if (e instanceof UserError) {
    process.stderr.write(`pplc: error: ${e.message}\n`);
    return 1;
  }
  if (e instanceof DiagnosticsError) {
    // Raised after the front end (by lowering or a backend): the files are on disk, so frames can be shown.
    const sources = new Map<string, string>();
    for (const d of e.diagnostics) {
      try {
        if (!sources.has(d.file)) sources.set(d.file, readFileSync(d.file, 'utf8'));
      } catch {
        // No frame for an unreadable file; the position is still printed.
      }
    }
    process.stderr.write(renderAll(e.diagnostics, sources) + '\n');
    return 1;
  }
  const isGpu = e instanceof Error && e.name === 'GpuError';
  if (isGpu) {
    process.stderr.write(`pplc: error: ${(e as Error).message}\n`);
    return 1;
  }
  const what = e instanceof Error ? e.message : String(e);
  const kind = e instanceof InternalError ? 'internal error' : 'internal error (unexpected)';
  process.stderr.write(
    `pplc: ${kind}: ${what}\nThis is a bug in pplc, not in your program. Please report it with the program and data that caused it.\n`,
  );
  if (process.env.PPLC_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return 3;
}
