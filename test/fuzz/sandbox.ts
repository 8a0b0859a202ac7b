// A scratch folder the CLI cases run in (the process's working directory during a case), holding every seed program
// and its data under flat names, odd files (empty, malformed, a folder named like a program, a byte-order mark) and
// fit files of a few programs. Whatever a mutated command writes lands here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { seeds } from './corpus.js';

/** The sandbox's files by name (the same in every process: cases are planned from it). */
export interface Layout {
  /** Program files (flat names) with their data file, or null. */
  readonly programs: readonly { readonly file: string; readonly data: string | null }[];
  /** Files that are not what a flag wants. */
  readonly odd: readonly string[];
  /** Fit files by program: `fit --save`'s and `fit --json`'s. */
  readonly fits: ReadonlyMap<string, readonly string[]>;
}

export interface Sandbox extends Layout {
  readonly dir: string;
}

/** Odd files: their names and contents (null: a folder). */
const ODD: readonly (readonly [string, string | null])[] = [
  ['empty.ppl', ''],
  ['garbage.ppl', 'model { sample ~~ }}} \u0000'],
  ['bad.json', '{"N": '],
  ['array.json', '[1, 2, 3]'],
  ['bom.json', '\ufeff{"guess": 8.5, "measurement": 9.5}'],
  ['folder.ppl', null],
  ['outdir', null],
  [
    'foreign.fit.json',
    '{"pplc_fit": 1, "program_hash": "00", "program": "x", "settings": {}, "params": {}}',
  ],
];
/** Programs fitted when the sandbox is made, for --init and --params. */
const FITTED = ['scale', 'chain', 'coin', 'cov_guide'];

export function layout(): Layout {
  const programs = seeds().map((s) => {
    const file = basename(s.file);
    return { file, data: s.data === null ? null : file.replace(/\.ppl$/, '.json') };
  });
  return {
    programs,
    odd: [...ODD.map(([n]) => n), 'missing.ppl', 'missing.json'],
    fits: new Map(FITTED.map((n) => [`${n}.ppl`, [`${n}.fit.json`, `${n}.out.json`]])),
  };
}

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** An exception that escaped main() (it never should). */
  readonly escaped: unknown;
}

/** Runs `pplc` in-process in `dir`, stdout and stderr captured, the working directory restored after. */
export async function runMain(argv: readonly string[], dir: string): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const saved = streams.map((s) => s.write);
  streams.forEach((s, i) => {
    const sink = i === 0 ? out : err;
    s.write = ((chunk: unknown, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      const cb = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof s.write;
  });
  const cwd = process.cwd();
  process.chdir(dir);
  let code = -1;
  let escaped: unknown;
  try {
    code = await main(argv);
  } catch (e) {
    escaped = e;
  } finally {
    process.chdir(cwd);
    streams.forEach((s, i) => (s.write = saved[i]!));
  }
  return { code, stdout: out.join(''), stderr: err.join(''), escaped };
}

let made: Promise<Sandbox> | undefined;

/** The sandbox, made once per process. */
export function sandbox(): Promise<Sandbox> {
  made ??= make();
  return made;
}

async function make(): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'pplc-fuzz-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const l = layout();
  for (const s of seeds()) {
    const file = basename(s.file);
    writeFileSync(join(dir, file), s.source);
    if (s.data !== null) writeFileSync(join(dir, file.replace(/\.ppl$/, '.json')), s.data);
  }
  for (const [name, text] of ODD)
    if (text === null) mkdirSync(join(dir, name), { recursive: true });
    else writeFileSync(join(dir, name), text);
  for (const name of FITTED) {
    const args = [
      'fit',
      `${name}.ppl`,
      '--data',
      `${name}.json`,
      '--steps',
      '5',
      '--backend',
      'cpu',
    ];
    await runMain([...args, '--save', `${name}.fit.json`], dir);
    const json = await runMain([...args, '--json'], dir);
    writeFileSync(join(dir, `${name}.out.json`), json.stdout);
  }
  return { ...l, dir };
}
