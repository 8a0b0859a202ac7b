// The verifier accepts well-formed functions and reports each kind of malformation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import type { Eqn, IRFunction, OpName } from '../../src/ir/ir.js';
import { verifyIR } from '../../src/ir/verify.js';

const lit = (value: number) => ({ kind: 'lit' as const, value });

/** exp(w[i]) * x[i, j], summed: %0 param, %1 exp, %2 data, %3 mul, %4 sum j, %5 sum i. */
function base(): IRFunction {
  const b = new Builder('f');
  b.addAxis({ id: 'i', role: 'plate', size: lit(3) });
  b.addAxis({ id: 'j', role: 'plate', size: lit(4) });
  b.addAxis({ id: 'k', role: 'vector', size: lit(4) });
  b.addAxis({ id: 's', role: 'plate', size: lit(2), full: lit(5) });
  b.addAxis({ id: 'f', role: 'plate', size: lit(5) });
  b.declareParam({ name: 'w', axes: ['i'], constraint: { kind: 'positive' }, block: 'guide' });
  const e = b.unary('exp', b.param('w'));
  const m = b.mul(e, b.data('x', ['i', 'j']));
  return b.finish({ loss: b.sum(b.sum(m, 'j'), 'i') });
}

function edit(fn: IRFunction, k: number, change: Partial<Eqn>): IRFunction {
  return { ...fn, eqns: fn.eqns.map((e, i) => (i === k ? { ...e, ...change } : e)) };
}

function expectError(fn: IRFunction, pattern: RegExp): void {
  const errs = verifyIR(fn);
  assert.ok(
    errs.some((m) => pattern.test(m)),
    `expected an error matching ${pattern}, got ${JSON.stringify(errs)}`,
  );
}

test('a well-formed function verifies', () => {
  assert.equal(verifyIR(base()), []);
});

test('use before definition', () => {
  const fn = base();
  expectError(
    { ...fn, eqns: [fn.eqns[1]!, fn.eqns[0]!, ...fn.eqns.slice(2)] },
    /uses %0 before it is defined/,
  );
});

test('a value defined twice', () => {
  expectError(edit(base(), 2, { out: 1 }), /defined twice/);
});

test('unknown op', () => {
  expectError(edit(base(), 1, { op: 'frobnicate' as OpName }), /unknown op/);
});

test('wrong arity', () => {
  expectError(edit(base(), 3, { args: [1] }), /takes 2 arguments, got 1/);
});

test('missing or ill-typed attribute', () => {
  expectError(edit(base(), 4, { attrs: {} }), /attribute axis must be a string/);
  expectError(
    edit(base(), 2, { attrs: { name: 'x', dims: 'i' } }),
    /attribute dims must be a list of strings/,
  );
});

test('recorded axes differ from the inference rule', () => {
  expectError(edit(base(), 3, { axes: ['j', 'i'] }), /axes \[j,i\] should be \[i,j\]/);
  expectError(edit(base(), 4, { attrs: { axis: 'k' } }), /sum over k, which its argument lacks/);
});

test('undeclared axis', () => {
  expectError(
    edit(base(), 2, { attrs: { name: 'x', dims: ['i', 'q'] }, axes: ['i', 'q'] }),
    /undeclared axis q/,
  );
});

test('params: declared twice, undeclared reference', () => {
  const fn = base();
  expectError({ ...fn, params: [...fn.params, fn.params[0]!] }, /param w declared twice/);
  expectError(edit(fn, 0, { attrs: { name: 'v' } }), /param v not declared/);
});

test('output refers to an undefined value', () => {
  expectError({ ...base(), outputs: { loss: 99 } }, /output loss refers to undefined %99/);
});

test('rename between axes of different sizes', () => {
  const b = new Builder('f');
  b.addAxis({ id: 'i', role: 'plate', size: lit(3) });
  b.addAxis({ id: 'j', role: 'plate', size: lit(4) });
  const fn = b.finish({ out: b.rename(b.data('x', ['i']), 'i', 'j') });
  expectError(fn, /renames i to j of a different size/);
});

test('subsample index must come from a subsampled plate and fit the gathered axis', () => {
  const b = new Builder('f');
  b.addAxis({ id: 's', role: 'plate', size: lit(2), full: lit(5) });
  b.addAxis({ id: 'f', role: 'plate', size: lit(6) });
  b.addAxis({ id: 'g', role: 'plate', size: lit(5) });
  const idx = b.op('subsample_index', [], { axis: 's', stream: 'sub' });
  const ok = b.gather(b.data('y', ['g']), 'g', idx);
  const bad = b.gather(b.data('x', ['f']), 'f', idx);
  const fn = b.finish({ ok, bad });
  const errs = verifyIR(fn);
  assert.is(errs.length, 1, JSON.stringify(errs));
  expectError(fn, /indexes f with a subsample of a plate of another size/);
  expectError(
    edit(fn, 0, { attrs: { axis: 'f', stream: 'sub' }, axes: ['f'] }),
    /axis f is not a subsampled plate/,
  );
});

test('pack parts must agree with the packed axis', () => {
  const b = new Builder('f');
  b.addAxis({ id: 'i', role: 'plate', size: lit(3) });
  b.addAxis({ id: 'v', role: 'vector', size: lit(0), packedFrom: [['i'], []] });
  const p = b.op('pack', [b.data('x', ['i']), b.const(1)], { axis: 'v', parts: ['i', ''] });
  const fn = b.finish({ p });
  assert.equal(verifyIR(fn), []);
  expectError(
    edit(fn, 2, { attrs: { axis: 'v', parts: ['', 'i'] } }),
    /parts disagree with the packedFrom of axis v/,
  );
});

test.run();
