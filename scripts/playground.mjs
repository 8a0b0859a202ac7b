// `npm run playground`: builds the playground (build-playground.mjs) and serves it on localhost, printing its URL.
// Usage: node scripts/playground.mjs [--port N (8080; 0: any free port)] [--host H (127.0.0.1)] [--out DIR] [--no-build]
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { buildPlayground, DEFAULT_OUT } from './build-playground.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ppl': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined) {
    console.error(`playground: --${name} needs a value`);
    process.exit(2);
  }
  return v;
}

const port = Number(flag('port', '8080'));
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`playground: --port must be an integer from 0 to 65535`);
  process.exit(2);
}
const host = flag('host', '127.0.0.1');
const out = resolve(flag('out', DEFAULT_OUT));
if (!process.argv.includes('--no-build')) await buildPlayground(out);

/** The file a URL path names under `out`, or null (outside it, or not a file). */
function fileOf(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = resolve(join(out, p.endsWith('/') ? p + 'index.html' : p));
  if (file !== out && !file.startsWith(out + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

const server = createServer((req, res) => {
  const file = req.method === 'GET' || req.method === 'HEAD' ? fileOf(req.url ?? '/') : null;
  if (file === null) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // A rebuilt playground is seen at the next reload.
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
});
server.on('error', (e) => {
  console.error(`playground: cannot listen on ${host}:${port}: ${e.code ?? e.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const a = server.address();
  const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  console.log(`pplc playground: http://${shown}:${a.port}/`);
});
