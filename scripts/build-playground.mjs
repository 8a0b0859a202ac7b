// Bundles the playground (src/playground) and the runtime entry for the browser with esbuild, into dist/playground
// (or --out DIR): app/ (page, Worker, compiled-module page), runtime/ (`pplc/runtime`), the pages and examples.json.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
export const DEFAULT_OUT = join(root, 'dist/playground');

/** esbuild's settings for every browser bundle (bundle-sizes.mjs measures with the same). */
export const BROWSER = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  // ES2022: top-level await (the parser loads Chevrotain with one), class fields.
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Imports a bundle left to the browser: none may remain (a Node built-in would fail there). */
export function externalImports(metafile) {
  const out = [];
  for (const [file, o] of Object.entries(metafile.outputs))
    for (const i of o.imports) if (i.external) out.push(`${file} imports ${i.path}`);
  return out;
}

/** The examples, each program with its data file's text. */
function examples() {
  const dir = join(root, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ppl'))
    .sort()
    .map((f) => {
      const name = basename(f, '.ppl');
      let data = '{}';
      try {
        data = readFileSync(join(dir, `${name}.json`), 'utf8');
      } catch {
        // A program without a data file starts with an empty object.
      }
      return { name, program: readFileSync(join(dir, f), 'utf8'), data };
    });
}

export async function buildPlayground(out = DEFAULT_OUT) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // No source maps: they would double the build's time (the tests build it) for a page whose errors it shows itself.
  const split = { ...BROWSER, splitting: true };
  const [app, runtime] = await Promise.all([
    esbuild.build({
      ...split,
      entryPoints: {
        page: 'src/playground/page.ts',
        worker: 'src/playground/worker.ts',
        'compiled-page': 'src/playground/compiled-page.ts',
      },
      outdir: join(out, 'app'),
    }),
    esbuild.build({
      ...split,
      entryPoints: { 'runtime-entry': 'src/runtime-entry.ts' },
      outdir: join(out, 'runtime'),
    }),
  ]);
  const external = [...externalImports(app.metafile), ...externalImports(runtime.metafile)];
  if (external.length > 0)
    throw new Error(`the browser bundles import what they do not hold:\n${external.join('\n')}`);
  for (const f of ['index.html', 'compiled.html', 'playground.css'])
    copyFileSync(join(root, 'src/playground', f), join(out, f));
  writeFileSync(join(out, 'examples.json'), JSON.stringify(examples()));
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--out');
  const out = await buildPlayground(i > 0 ? resolve(process.argv[i + 1]) : DEFAULT_OUT);
  console.log(`built the playground in ${out}`);
}
