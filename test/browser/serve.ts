// The playground's server (scripts/playground.mjs, as `npm run playground` starts it) on a free port, building into
// a folder of its own so that test files running at once do not build over each other.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Served {
  /** The page's URL, ending in '/'. */
  readonly url: string;
  /** The folder served (the build's output). */
  readonly out: string;
  close(): void;
}

export async function servePlayground(): Promise<Served> {
  const out = mkdtempSync(join(tmpdir(), 'pplc-playground-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/playground.mjs', '--port', '0', '--out', out],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // However the test ends (a failed before() skips after()), the server ends with it.
  const end = (): void => void child.kill();
  process.on('exit', end);
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    const look = (d: Buffer): void => {
      text += String(d);
      const m = text.match(/pplc playground: (http:\/\/\S+\/)/);
      if (m) {
        // The server then keeps nothing of the test process alive: a test that fails still exits.
        child.unref();
        (child.stdout as unknown as { unref(): void }).unref();
        (child.stderr as unknown as { unref(): void }).unref();
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', (d: Buffer) => (text += String(d)));
    child.on('exit', (code) =>
      reject(new Error(`the playground server exited (${code}):\n${text}`)),
    );
  });
  return {
    url,
    out,
    close() {
      process.off('exit', end);
      child.kill();
      rmSync(out, { recursive: true, force: true });
    },
  };
}
