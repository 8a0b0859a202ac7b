// Runs every compiled test file (dist/test/**/*.test.js) in its own process and prints "N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const files = walk(join(root, 'dist/test')).filter(
  (f) => filters.length === 0 || filters.some((s) => f.includes(s)),
);

function runOne(file) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.on('close', (code) => {
      const num = (label) => {
        const m = text.match(new RegExp(`${label}:\\s+(\\d+)`));
        return m ? Number(m[1]) : null;
      };
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') ?? 0;
      let failed;
      if (total === null || passed === null) failed = 1;
      else failed = total - passed - skipped + (code !== 0 && total === passed + skipped ? 1 : 0);
      resolve({ file, text, passed: passed ?? 0, failed, skipped, ms: Date.now() - t0 });
    });
  });
}

const results = [];
const queue = [...files];
const workers = Array.from({ length: Number(process.env.PPLC_TEST_JOBS ?? 2) }, async () => {
  while (queue.length > 0) {
    const r = await runOne(queue.shift());
    results.push(r);
    const name = relative(join(root, 'dist'), r.file);
    console.log(
      `${r.failed ? 'FAIL' : 'ok  '} ${name}  (${r.passed} passed, ${r.failed} failed, ${r.ms} ms)`,
    );
    if (r.failed) console.log(r.text.replace(/^/gm, '    '));
  }
});
await Promise.all(workers);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
const skipped = results.reduce((s, r) => s + r.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
