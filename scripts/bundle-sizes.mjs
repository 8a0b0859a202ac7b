// `npm run bundle-sizes`: the browser bundles' sizes (esbuild, minified, and gzip -9) of the runtime entry
// (`pplc/runtime`), the whole compiler entry (src/index.ts) and the playground, with each one's biggest contributors
// (from esbuild's metafile), as JSON. A bundle that imports anything it does not hold (a Node built-in) fails.
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { BROWSER, externalImports } from './build-playground.mjs';

const ENTRIES = {
  runtime: 'src/runtime-entry.ts',
  compiler: 'src/index.ts',
  'playground page': 'src/playground/page.ts',
  'playground worker': 'src/playground/worker.ts',
};

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** A contributor's name: its package (node_modules/@scope/name), or its source folder (src/parser). */
function owner(input) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  const parts = input.split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0];
}

function contributors(metafile, top = 8) {
  const bytes = new Map();
  for (const o of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(o.inputs))
      bytes.set(owner(input), (bytes.get(owner(input)) ?? 0) + bytesInOutput);
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, b]) => ({ name, minified: b }));
}

function check(metafile, entry) {
  const external = externalImports(metafile);
  if (external.length > 0)
    throw new Error(
      `${entry}: the browser bundle imports what it does not hold:\n${external.join('\n')}`,
    );
}

/** The whole entry as one file: every module, the lazily imported ones too. */
async function whole(entry) {
  const r = await esbuild.build({ ...BROWSER, entryPoints: [entry], write: false, outdir: 'out' });
  check(r.metafile, entry);
  const js = r.outputFiles.filter((f) => f.path.endsWith('.js'));
  const bytes = Buffer.concat(js.map((f) => f.contents));
  return { minified: bytes.length, gzip: gzip(bytes), top: contributors(r.metafile) };
}

/** Split into chunks: what a page loads before any dynamic import (the entry and its static imports). */
async function initial(entry) {
  const r = await esbuild.build({
    ...BROWSER,
    entryPoints: [entry],
    write: false,
    splitting: true,
    outdir: 'out',
  });
  check(r.metafile, entry);
  const byPath = new Map(r.outputFiles.map((f) => [f.path, f.contents]));
  const outputs = r.metafile.outputs;
  // A lazily imported module is an entry point of its own chunk: find the one asked for.
  const start = Object.keys(outputs).find((k) => outputs[k].entryPoint === entry);
  const seen = new Set();
  const visit = (k) => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const i of outputs[k].imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(start);
  const contents = [...byPath].filter(([p]) =>
    [...seen].some((k) => p.endsWith(k.replace(/^out\//, '/'))),
  );
  const bytes = Buffer.concat(contents.map(([, c]) => c));
  return {
    chunks: Object.keys(outputs).filter((k) => k.endsWith('.js')).length,
    minified: bytes.length,
    gzip: gzip(bytes),
  };
}

const result = { esbuild: esbuild.version, units: 'bytes', bundles: {} };
for (const [name, entry] of Object.entries(ENTRIES)) {
  const [all, first] = await Promise.all([whole(entry), initial(entry)]);
  result.bundles[name] = {
    entry,
    minified: all.minified,
    gzip: all.gzip,
    initial: first,
    top: all.top,
  };
}
console.log(JSON.stringify(result, null, 2));
