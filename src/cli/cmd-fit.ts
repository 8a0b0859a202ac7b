// `pplc fit`: fits a program to data with the library's fit and prints a posterior summary (or one JSON object).
import { DataText, loadModel, PplcError, type Fit } from '../api/library.js';
import { parseArgs, stringOption, takeRepeated, UsageError } from './args.js';
import { loadFitFile, saveFitFile } from './fit-file.js';
import { siteValues } from './site-values.js';
import { fitFlags, fitSettings } from './fit-flags.js';
import { progressBar } from './progress.js';
import { readText } from './read-file.js';
import { diagnosticsWarning, renderReport } from './report.js';

export async function runFit(argv: readonly string[]): Promise<number> {
  const cond = takeRepeated(argv, 'condition');
  const fixed = takeRepeated(cond.rest, 'do');
  const condition = siteValues('condition', cond.values);
  const doValues = siteValues('do', fixed.values);
  const args = parseArgs(
    fixed.rest,
    new Set(['json']),
    new Set(['data', 'json', 'save', 'init', 'plot', 'report', ...fitFlags()]),
  );
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) throw new UsageError('fit takes one program file');
  const dataFile = stringOption(args, 'data');
  if (dataFile === undefined) throw new UsageError('fit needs --data DATA.json');
  const settings = fitSettings(args);
  const json = args.options.has('json');
  const print = (fit: Fit): void => {
    if (json) process.stdout.write(JSON.stringify(fit.toJSON()) + '\n');
    else process.stdout.write(renderReport(fit.toJSON(), file));
  };
  const savePath = stringOption(args, 'save');
  const initPath = stringOption(args, 'init');
  const pictures = { plot: stringOption(args, 'plot'), report: stringOption(args, 'report') };
  // Vega is loaded only for pictures: a plain fit starts as fast without it.
  const picturesModule =
    pictures.plot !== undefined || pictures.report !== undefined
      ? await import('./fit-pictures.js')
      : undefined;
  picturesModule?.checkWritable(pictures);
  const draw = async (fit: Fit): Promise<void> =>
    await picturesModule?.writePictures(fit, file, pictures);
  const source = readText(file, 'program');
  const init = initPath === undefined ? undefined : loadFitFile(initPath, { file, source });
  let model;
  let data;
  try {
    model = await loadModel(source, file);
    data = model.data(new DataText(readText(dataFile, 'data file'), dataFile));
  } catch (e) {
    if (!(e instanceof PplcError)) throw e;
    process.stderr.write(e.message + '\n');
    return 1;
  }
  if (data.warnings) process.stderr.write(data.warnings + '\n');
  const progress = json ? null : progressBar(settings.steps);
  let fit: Fit;
  try {
    fit = await model.fit(data, {
      ...settings,
      condition,
      do: doValues,
      ...(init ? { init } : {}),
      ...(progress ? { onProgress: (s: number, l: number) => progress.update(s, l) } : {}),
    });
  } catch (e) {
    if (!(e instanceof PplcError)) throw e;
    progress?.done();
    if (!e.fit) {
      process.stderr.write(e.diagnostics.length ? `${e.message}\n` : `pplc: error: ${e.message}\n`);
      return 1;
    }
    print(e.fit);
    process.stderr.write(
      `pplc: error: ${e.message}; the parameters shown are the last finite ones.${advice(e.fit)}\n`,
    );
    // The loss curve up to the divergence is the picture that helps choose the next --lr.
    await draw(e.fit);
    return 1;
  }
  progress?.done();
  if (fit.note) process.stderr.write(`pplc: note: fitted on the CPU: ${fit.note}\n`);
  if (savePath !== undefined)
    saveFitFile(
      savePath,
      { file, source },
      { ...settings, condition, do: doValues, data: dataFile },
      fit.params,
    );
  await draw(fit);
  print(fit);
  process.stderr.write(diagnosticsWarning(fit.toJSON()) ?? '');
  return 0;
}

/** A smaller lr helps a fit that ran away, not one whose first step, or a distribution's argument, is undefined. */
function advice(fit: Fit): string {
  const d = fit.divergence;
  return d && (d.cause === 'argument' || d.step === 1) ? '' : ' Try a smaller --lr.';
}
