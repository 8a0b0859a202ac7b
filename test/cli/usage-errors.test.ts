// Bad usage the fuzz suite (test/fuzz) found: `pplc` alone printed its usage to stdout with exit status 2 (an error
// with nothing on stderr), and `simulate --draws` took any size (1e300 never returned).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pplc } from '../fit/cli-run.js';

test('pplc with no command is bad usage: the usage on stderr, exit status 2', () => {
  const r = pplc([]);
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^usage:\n {2}pplc check/);
  const help = pplc(['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /^usage:/);
});

test('simulate --draws has a maximum', () => {
  const r = pplc([
    'simulate',
    'examples/scale.ppl',
    '--data',
    'examples/scale.json',
    '--prior',
    '--draws',
    '1e300',
  ]);
  assert.is(r.status, 2);
  assert.match(r.stderr, /^pplc: --draws must be a positive integer up to 10000000, got '1e300'/);
});

test.run();
