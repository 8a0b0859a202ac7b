// Precedence, associativity, numbers, calls and named arguments of expressions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/parser/parse.js';
import { parseExpr, sexpr } from './helpers.js';

const cases: [string, string][] = [
  ['a + b * c', '(+ a (* b c))'],
  ['a * b + c', '(+ (* a b) c)'],
  ['a - b - c', '(- (- a b) c)'],
  ['a / b / c', '(/ (/ a b) c)'],
  ['a ^ b ^ c', '(^ a (^ b c))'],
  ['-x ^ 2', '(- (^ x 2))'],
  ['x ^ -2', '(^ x (- 2))'],
  ['-a * b', '(* (- a) b)'],
  ['- - a', '(- (- a))'],
  ['!a && b', '(&& (! a) b)'],
  ['a || b && c', '(|| a (&& b c))'],
  ['a && b || c', '(|| (&& a b) c)'],
  ['a || b || c', '(|| (|| a b) c)'],
  ['a + 1 < b * 2', '(< (+ a 1) (* b 2))'],
  ['a == b && c != d', '(&& (== a b) (!= c d))'],
  ['a <= b || a >= b', '(|| (<= a b) (>= a b))'],
  ['(a + b) * c', '(* (+ a b) c)'],
  ['2 * x[i] ^ 2', '(* 2 (^ (index x i) 2))'],
  ['x[i, j]', '(index x i j)'],
  ['x[i][j]', '(index (index x i) j)'],
  ['exp(psi[d]) * 2', '(* (exp (index psi d)) 2)'],
  ['dot(z[u], x[u, f])', '(dot (index z u) (index x u f))'],
  ['f()', '(f)'],
  ['f(x)[0]', '(index (f x) 0)'],
  ['pow(a, b = 2)', '(pow a b=2)'],
  ['a == (b < c)', '(== a (< b c))'],
];

for (const [src, want] of cases) {
  test(`parses ${src}`, () => {
    assert.is(sexpr(parseExpr(src)), want);
  });
}

test('numbers: value, isInt and text', () => {
  const nums = ['1', '2.5', '1e-3', '.5', '10', '3E2', '0.0'].map((t) => parseExpr(t));
  assert.equal(
    nums.map((n) => (n.kind === 'Num' ? [n.text, n.value, n.isInt] : null)),
    [
      ['1', 1, true],
      ['2.5', 2.5, false],
      ['1e-3', 0.001, false],
      ['.5', 0.5, false],
      ['10', 10, true],
      ['3E2', 300, false],
      ['0.0', 0, false],
    ],
  );
});

test('a parenthesised expression spans its parentheses', () => {
  const e = parseExpr('(a + b) * c');
  assert.is(e.kind, 'Binary');
  if (e.kind !== 'Binary') return;
  assert.is(e.left.span.start.column, 17);
  assert.is(e.left.span.end.column, 24);
  assert.is(e.span.start.column, 17);
});

test('chained comparisons are an error (E0121)', () => {
  const r = parse('model { let e = 0 < x < 1 }', 't.ppl');
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.span?.start.column]),
    [['E0121', 23]],
  );
});

test.run();
