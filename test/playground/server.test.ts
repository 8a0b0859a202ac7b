// scripts/playground.mjs serves its folder and nothing outside it, on the port asked for, and says where.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string;
let child: ChildProcess;
let url: URL;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pplc-serve-'));
  writeFileSync(join(dir, 'index.html'), '<p>the page</p>');
  writeFileSync(join(dir, 'app.js'), 'export {};');
  child = spawn(
    process.execPath,
    ['scripts/playground.mjs', '--no-build', '--port', '0', '--out', dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  url = await new Promise<URL>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += String(d);
      const m = text.match(/pplc playground: (http:\/\/127\.0\.0\.1:\d+\/)\n/);
      if (m) resolve(new URL(m[1]!));
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${text}`)));
  });
});

test.after(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A GET of a raw path (not normalised, as a hostile client sends it). */
function get(path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += String(d)));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the page at / and modules as JavaScript', async () => {
  const page = await get('/');
  assert.is(page.status, 200);
  assert.match(page.type, /text\/html/);
  assert.is(page.body, '<p>the page</p>');
  const js = await get('/app.js?v=1');
  assert.is(js.status, 200);
  assert.match(js.type, /text\/javascript/);
});

test('nothing outside its folder, and 404 for what is missing', async () => {
  for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/missing.js'])
    assert.is((await get(p)).status, 404, p);
});

test('a bad port is a one-line error', async () => {
  const r = spawn(process.execPath, ['scripts/playground.mjs', '--no-build', '--port', 'x']);
  let err = '';
  r.stderr.on('data', (d: Buffer) => (err += String(d)));
  const code = await new Promise((resolve) => r.on('exit', resolve));
  assert.is(code, 2);
  assert.match(err, /--port must be an integer/);
});

test.run();
