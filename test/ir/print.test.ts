// printIR: deterministic canonical text (golden file for a small regression's IR and its gradient).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Builder } from '../../src/ir/builder.js';
import type { IRFunction } from '../../src/ir/ir.js';
import { printIR } from '../../src/ir/print.js';
import { grad } from '../../src/ad/grad.js';
import { simplify } from '../../src/ir/passes/simplify.js';

function linreg(): IRFunction {
  const b = new Builder('linreg');
  b.addAxis({ id: 'p', role: 'particle', size: { kind: 'lit', value: 2 } });
  b.addAxis({
    id: 'n',
    role: 'plate',
    size: { kind: 'data', name: 'B' },
    full: { kind: 'data', name: 'N' },
  });
  b.addAxis({ id: 'k', role: 'plate', size: { kind: 'data', name: 'P' } });
  b.addAxis({ id: 'n_full', role: 'plate', size: { kind: 'data', name: 'N' } });
  b.declareParam({ name: 'beta.loc', axes: ['k'], constraint: { kind: 'real' }, block: 'guide' });
  b.declareParam({
    name: 'beta.scale',
    axes: ['k'],
    constraint: { kind: 'positive' },
    block: 'guide',
  });
  b.declareParam({
    name: 'sigma',
    axes: [],
    constraint: { kind: 'interval', low: 0, high: 10 },
    block: 'model',
  });
  const beta = b.add(
    b.param('beta.loc'),
    b.mul(b.unary('softplus', b.param('beta.scale')), b.rngNormal('beta.eps', ['p', 'k'])),
  );
  const idx = b.op('subsample_index', [], { axis: 'n', stream: 'sub n' });
  const x = b.gather(b.data('X', ['n_full', 'k']), 'n_full', idx);
  const mu = b.sum(b.mul(x, beta), 'k');
  const z = b.div(
    b.sub(b.gather(b.data('y', ['n_full']), 'n_full', idx), mu),
    b.unary('exp', b.param('sigma')),
  );
  const ll = b.mul(b.const(-0.5), b.sum(b.mul(z, z), 'n'));
  return b.finish({ loss: b.neg(b.sum(ll, 'p')) });
}

function golden(name: string, text: string): void {
  const path = `test/ir/golden/${name}`;
  if (process.env['UPDATE_GOLDEN'] === '1' || (!existsSync(path) && !process.env['CI'])) {
    writeFileSync(path, text);
    return;
  }
  assert.ok(existsSync(path), `golden file ${path} is missing (run with UPDATE_GOLDEN=1)`);
  assert.fixture(text, readFileSync(path, 'utf8'));
}

test('printIR is deterministic and matches the golden text', () => {
  const fn = linreg();
  assert.is(printIR(fn), printIR(linreg()));
  golden('linreg.ir.txt', printIR(fn));
  golden(
    'linreg.grad.txt',
    printIR(simplify(grad(fn, 'loss', ['beta.loc', 'beta.scale', 'sigma']))),
  );
});

test('printIR line formats: axes, params, sorted attrs, quoted strings, outputs', () => {
  const text = printIR(linreg());
  assert.match(text, /^fn linreg\naxes\n {2}p: particle 2\n {2}n: plate B of N\n/);
  assert.match(text, /\n {2}sigma: \[\] interval\(0, 10\) \(model\)\n/);
  assert.match(text, /\n {2}%\d+: \[p, k\] = rng_normal \{axes=\[p, k\], stream=beta\.eps\}\n/);
  assert.match(text, /= subsample_index \{axis=n, stream="sub n"\}\n/);
  assert.match(text, /\n {2}%\d+: \[p\] = sum %\d+ \{axis=n\}\n/);
  assert.match(text, /\noutputs\n {2}loss = %\d+\n$/);
});

test.run();
