// Inputs that ended badly (issue 12): a byte-order mark, a one-line data file's code frame, an absurd --steps, a
// closed or full stdout. Each ends in a clear line or a right answer, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pplc } from '../fit/cli-run.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-robust-'));
const BOM = '\ufeff';
const noTrace = (s: string): void => assert.not.match(s, /^\s+at .+:\d+:\d+\)?$/m, s);

test('a byte-order mark at the start of a data file or a program is skipped', () => {
  const data = join(dir, 'bom.json');
  const prog = join(dir, 'bom.ppl');
  writeFileSync(data, BOM + readFileSync('examples/scale.json', 'utf8'));
  writeFileSync(prog, BOM + readFileSync('examples/scale.ppl', 'utf8'));
  const r = pplc(['check', prog, '--data', data]);
  assert.is(r.status, 0, r.stderr);
  // Columns count as an editor shows them, without the mark.
  writeFileSync(data, BOM + '{"guess": 8.5, "measurement": "x"}');
  const bad = pplc(['check', 'examples/scale.ppl', '--data', data]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /bom\.json:1:31/);
});

test("a one-line data file's code frame shows a window of the line, not the whole line", () => {
  const data = join(dir, 'long.json');
  const extra = Array.from({ length: 30000 }, (_, i) => i);
  writeFileSync(data, JSON.stringify({ guess: 8.5, measurement: 9.5, extra }));
  const r = pplc(['check', 'examples/scale.ppl', '--data', data]);
  assert.is(r.status, 0);
  assert.match(r.stderr, /member 'extra'/);
  assert.ok(r.stderr.length < 1000, `${r.stderr.length} bytes of stderr`);
  assert.match(r.stderr, /…/);
});

test('--steps beyond 10^8 is bad usage (exit 2), not an internal error', () => {
  const r = pplc(['fit', 'examples/mle.ppl', '--data', 'examples/mle.json', '--steps', '1e12']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /--steps must be a positive integer up to 100000000, got '1e12'/);
});

test('a reader that closes the pipe early ends the command quietly (exit 0, no stack trace)', async () => {
  const child = spawn(process.execPath, [
    'bin/pplc',
    'simulate',
    'examples/linreg.ppl',
    '--data',
    'examples/linreg.json',
    '--prior',
    '--draws',
    '3000',
    '--csv',
    '--backend',
    'cpu',
  ]);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 0, err);
  noTrace(err);
});

test('a full disk on stdout is one line (exit 1)', () => {
  if (!existsSync('/dev/full')) return;
  const r = spawnSync(
    'sh',
    [
      '-c',
      `"${process.execPath}" bin/pplc fit examples/mle.ppl --data examples/mle.json --steps 10 --backend cpu > /dev/full`,
    ],
    { encoding: 'utf8' },
  );
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /^pplc: error: cannot write the output: ENOSPC\n$/);
});

test('compile -o onto a file, under a file, or where no folder can be made is one line (exit 1)', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  for (const out of [file, join(file, 'x'), ...(existsSync('/proc') ? ['/proc/pplc-out'] : [])]) {
    const r = pplc(['compile', 'examples/scale.ppl', '-o', out], 30_000);
    assert.is(r.status, 1, `${out}: ${r.stderr}`);
    assert.match(r.stderr, /^pplc: error: cannot (write into|make the output folder) .*\n$/);
  }
  const fresh = join(dir, 'new', 'deeper');
  const ok = pplc(['compile', 'examples/scale.ppl', '-o', fresh]);
  assert.is(ok.status, 0, ok.stderr);
  assert.ok(existsSync(join(fresh, 'scale.js')));
});

test('data nested 100000 deep is an error with its line and column, not a stack overflow', () => {
  const data = join(dir, 'deep.json');
  writeFileSync(data, `{"guess": ${'['.repeat(100000)}${']'.repeat(99999)}, "measurement": 9.5}`);
  const r = pplc(['check', 'examples/scale.ppl', '--data', data]);
  assert.is(r.status, 1);
  assert.match(
    r.stderr,
    /deep\.json:1:1010: error\[E0601\]: the data file nests arrays or objects more than 1000 deep/,
  );
  noTrace(r.stderr);
  // Well-formed but deep where a number belongs: an error naming the member.
  writeFileSync(data, `{"guess": ${'['.repeat(100000)}${']'.repeat(100000)}, "measurement": 9.5}`);
  const r2 = pplc(['check', 'examples/scale.ppl', '--data', data]);
  assert.is(r2.status, 1);
  assert.match(r2.stderr, /member 'guess' should be a single number/);
});

test.run();
