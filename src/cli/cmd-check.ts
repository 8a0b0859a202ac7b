// `pplc check`: checks a program and, with --data, that the data file matches its declarations.
import { parseArgs, stringOption, UsageError } from './args.js';
import { compileFile, loadDataFile, Reported } from './load-files.js';

export async function runCheck(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, new Set(), new Set(['data']));
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('check takes one program file');
  const dataFile = stringOption(args, 'data');
  try {
    const c = await compileFile(file, { until: 'typed' });
    const checked = c.typed!;
    if (dataFile !== undefined) await loadDataFile(checked, c.source, dataFile);
    const latents = checked.sites.filter((s) => s.block === 'model' && s.role === 'latent').length;
    const observed = checked.sites.filter(
      (s) => s.block === 'model' && s.role === 'observed',
    ).length;
    process.stdout.write(
      `${file}: ok (${latents} latent site${latents === 1 ? '' : 's'}, ${observed} observed${dataFile ? `; data ${dataFile} ok` : ''})\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof Reported) return 1;
    throw e;
  }
}
