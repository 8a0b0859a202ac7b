// lgamma, digamma and trigamma against high-precision reference values (mpmath, 30 digits).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { digamma, lgamma, trigamma } from '../../src/math/special.js';

// x: [lgamma, digamma, trigamma]
const REF: [number, number, number, number][] = [
  [20.5, 40.8315009745307981, 2.99583639470764658, 0.0499895924299609928],
  [3.7, 1.42807232666538813, 1.16715353936151144, 0.310037857670038302],
  [1, 0, -0.577215664901532861, 1.64493406684822644],
  [0.5, 0.572364942924700087, -1.96351002602142348, 4.93480220054467931],
  [-0.5, 1.2655121234846454, 0.0364899739785765206, 8.93480220054467931],
  [0.1, 2.2527126517342059, -10.4237549404110762, 101.433299150792748],
  [1e-5, 11.5129196928958256, -100000.577199215673, 10000000001.6449084],
  [7.25, 7.05218545073853944, 1.91045352688373603, 0.14787923315893217],
  [150.3, 601.51196083353638, 5.00930292786865674, 0.00667554263323020143],
];

const rel = (a: number, b: number): number =>
  b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);

test('lgamma matches references to 1e-14', () => {
  for (const [x, l] of REF)
    assert.ok(rel(lgamma(x), l) < 1e-14, `lgamma(${x}) = ${lgamma(x)}, want ${l}`);
  assert.is(lgamma(1), 0);
  assert.is(lgamma(2), 0);
  assert.is(lgamma(0), Infinity);
  assert.is(lgamma(-3), Infinity);
  assert.ok(Math.abs(lgamma(0.5) - Math.log(Math.sqrt(Math.PI))) < 1e-15);
});

test('digamma matches references to 1e-13', () => {
  for (const [x, , d] of REF)
    assert.ok(rel(digamma(x), d) < 1e-13, `digamma(${x}) = ${digamma(x)}, want ${d}`);
  assert.ok(Number.isNaN(digamma(0)));
  assert.ok(Number.isNaN(digamma(-2)));
});

test('trigamma matches references to 1e-12', () => {
  for (const [x, , , t] of REF)
    assert.ok(rel(trigamma(x), t) < 1e-12, `trigamma(${x}) = ${trigamma(x)}, want ${t}`);
});

test('digamma is the derivative of lgamma', () => {
  for (const x of [0.3, 1.7, 4.2, 12.5, -1.5]) {
    const h = 1e-5;
    const fd = (lgamma(x + h) - lgamma(x - h)) / (2 * h);
    assert.ok(Math.abs(fd - digamma(x)) < 1e-7 * (1 + Math.abs(fd)), `x = ${x}`);
  }
});

test.run();
