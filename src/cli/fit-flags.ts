// The fit options as command-line flags: the table's names in kebab case (--lr-decay), resolved and checked by the table.
import {
  FIT_OPTION_NAMES,
  OptionError,
  flagOf,
  resolveFitOptions,
  type FitOptionName,
  type FitSettings,
} from '../pipeline/fit-options.js';
import { UsageError, type ParsedArgs } from './args.js';

/** The flags (without dashes) of some fit options, for the argument parser's known set. */
export const fitFlags = (names: readonly FitOptionName[] = FIT_OPTION_NAMES): string[] =>
  names.map((k) => flagOf(k).slice(2));

/** The fit options given on the command line, resolved with the table's defaults and checks. */
export function fitSettings(args: ParsedArgs): FitSettings {
  const given: Partial<Record<FitOptionName, unknown>> = {};
  for (const k of FIT_OPTION_NAMES) {
    const v = args.options.get(flagOf(k).slice(2));
    if (v !== undefined) given[k] = v;
  }
  try {
    return resolveFitOptions(given, flagOf);
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}
