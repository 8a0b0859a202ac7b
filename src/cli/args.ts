// A small argument parser for the CLI: `--flag value`, `--flag=value`, boolean flags, positionals.
export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(
  argv: readonly string[],
  booleans: ReadonlySet<string>,
  known: ReadonlySet<string>,
): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=');
      let name = eq >= 0 ? a.slice(0, eq) : a;
      if (name === '-o') name = '--out';
      const key = name.replace(/^--?/, '');
      if (!known.has(key)) throw new UsageError(`unknown option '${name}'`);
      if (booleans.has(key)) {
        if (eq >= 0) throw new UsageError(`option '--${key}' takes no value`);
        options.set(key, true);
      } else if (eq >= 0) options.set(key, a.slice(eq + 1));
      else {
        const v = argv[i + 1];
        if (v === undefined) throw new UsageError(`option '--${key}' needs a value`);
        options.set(key, v);
        i++;
      }
    } else positionals.push(a);
  }
  return { positionals, options };
}

export function numberOption(
  args: ParsedArgs,
  key: string,
  fallback: number,
  check: (n: number) => boolean,
  what: string,
): number {
  const v = args.options.get(key);
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || !check(n))
    throw new UsageError(`--${key} must be ${what}, got '${String(v)}'`);
  return n;
}

export function stringOption(args: ParsedArgs, key: string): string | undefined {
  const v = args.options.get(key);
  return typeof v === 'string' ? v : undefined;
}

export function choiceOption<T extends string>(
  args: ParsedArgs,
  key: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = args.options.get(key);
  if (v === undefined) return fallback;
  const found = choices.find((c) => c === v);
  if (found === undefined)
    throw new UsageError(`--${key} must be one of ${choices.join(', ')}, got '${String(v)}'`);
  return found;
}

/** Every value of a repeatable option (`--do x=1 --do y=2`), and the other arguments, left for parseArgs. */
export function takeRepeated(
  argv: readonly string[],
  key: string,
): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === `--${key}`) {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`option '--${key}' needs a value`);
      values.push(v);
      i++;
    } else if (a.startsWith(`--${key}=`)) values.push(a.slice(key.length + 3));
    else rest.push(a);
  }
  return { values, rest };
}
