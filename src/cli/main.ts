// The pplc command line: parses arguments and dispatches to subcommands; never lets a raw stack trace out.
export async function main(argv: readonly string[]): Promise<number> {
  process.stderr.write(`pplc: not yet implemented: ${argv.join(' ')}\n`);
  return 2;
}
