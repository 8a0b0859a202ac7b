// The compiler (src/index.ts) and the runtime entry bundle for the browser: esbuild with platform=browser resolves
// every import, and nothing is left for the browser to find (a Node built-in such as node:fs would be).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build, type Metafile } from 'esbuild';

async function browserBundle(entry: string): Promise<Metafile> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    outdir: 'out',
    metafile: true,
    logLevel: 'silent',
  });
  return r.metafile;
}

for (const entry of ['src/index.ts', 'src/runtime-entry.ts'])
  test(`${entry} bundles for the browser with no Node built-in`, async () => {
    const meta = await browserBundle(entry);
    const inputs = Object.keys(meta.inputs);
    assert.ok(inputs.includes(entry));
    assert.equal(
      inputs.filter((i) => i.startsWith('node:') || /^(fs|path|url|os)$/.test(i)),
      [],
    );
    const external = Object.values(meta.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external).map((i) => i.path),
    );
    assert.equal(external, []);
  });

test.run();
