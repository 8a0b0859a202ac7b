// Constraint bijections: forward∘inverse = id, log|det J| against finite differences, and gradients through src/ad.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import { grad } from '../../src/ad/grad.js';
import { evaluate } from '../../src/ir/interp.js';
import {
  BIJECTIONS,
  bijectionForConstraint,
  boundsForSupport,
  bijectionForSupport,
  constBounds,
  type Bijection,
  type NumBounds,
} from '../../src/distributions/bijections.js';
import { DISTRIBUTIONS } from '../../src/distributions/table.js';
import { centralDiff, envOf, paramFn, run } from './helpers.js';

const CASES: readonly { kind: string; bounds?: NumBounds; xs: readonly number[] }[] = [
  { kind: 'real', xs: [-3.5, 0, 1e-9, 42] },
  { kind: 'positive', xs: [1e-8, 0.3, 1, 250] },
  { kind: 'unit', xs: [1e-9, 0.02, 0.5, 0.97, 1 - 1e-7] },
  { kind: 'interval', bounds: { low: -2, high: 5 }, xs: [-1.999, 0, 3.3, 4.9999] },
];

const bij = (kind: string): Bijection => BIJECTIONS.get(kind as Bijection['kind'])!;

for (const c of CASES) {
  const t = bij(c.kind);
  test(`${c.kind}: IR forward of inverse(x) gives x back, and forwardNumber agrees`, () => {
    for (const x of c.xs) {
      const u = t.inverse(x, c.bounds);
      assert.ok(Number.isFinite(u));
      const b = new Builder('fwd');
      const y = t.forward(b, b.const(u), c.bounds && constBounds(b, c.bounds));
      const got = run(b.finish({ out: y }), envOf())[0]!;
      assert.ok(
        Math.abs(got - x) <= 1e-12 * Math.max(1, Math.abs(x)),
        `${c.kind}: ${x} -> ${u} -> ${got}`,
      );
      assert.ok(Math.abs(t.forwardNumber(u, c.bounds) - got) <= 1e-15 * Math.max(1, Math.abs(x)));
    }
  });

  test(`${c.kind}: log|det J| equals log|d forward/du| by finite differences`, () => {
    for (const u of [-8, -4, -0.7, 0, 0.3, 2.5, 8]) {
      const b = new Builder('ldj');
      const ld = t.logAbsDetJacobian(b, b.const(u), c.bounds && constBounds(b, c.bounds));
      const got = run(b.finish({ out: ld }), envOf())[0]!;
      const h = 1e-5;
      const d = (t.forwardNumber(u + h, c.bounds) - t.forwardNumber(u - h, c.bounds)) / (2 * h);
      const want = Math.log(Math.abs(d));
      assert.ok(
        Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)),
        `${c.kind} at ${u}: ${got} vs ${want}`,
      );
      assert.ok(Number.isFinite(got));
    }
  });

  test(`${c.kind}: gradients of forward and log|det J| (and of IR bounds) match finite differences`, () => {
    for (const u0 of [-2.2, 0.4, 3]) {
      const inputs: Record<string, number> = {
        u: u0,
        ...(c.bounds ? { low: c.bounds.low, high: c.bounds.high } : {}),
      };
      for (const part of ['forward', 'logdet'] as const) {
        const { fn, env } = paramFn(inputs, (b, v) => {
          const bounds = c.bounds ? { low: v.low!, high: v.high! } : undefined;
          return part === 'forward'
            ? t.forward(b, v.u!, bounds)
            : t.logAbsDetJacobian(b, v.u!, bounds);
        });
        const names = Object.keys(inputs);
        const g = evaluate(grad(fn, 'out', names), env);
        for (const name of names) {
          const ad = g.get(`grad:${name}`)!.data[0]!;
          const fd = centralDiff(fn, env, name, 0);
          assert.ok(
            Math.abs(ad - fd) <= 1e-6 * Math.max(1, Math.abs(fd)),
            `${c.kind} ${part} d/d${name} at ${u0}: ${ad} vs ${fd}`,
          );
        }
      }
    }
  });
}

test('log|det J| of unit and interval stays exact where sigmoid saturates', () => {
  for (const u of [-800, -40, 40, 800]) {
    for (const c of CASES.filter((k) => k.kind === 'unit' || k.kind === 'interval')) {
      const b = new Builder('ldj');
      const ld = bij(c.kind).logAbsDetJacobian(b, b.const(u), c.bounds && constBounds(b, c.bounds));
      const got = run(b.finish({ out: ld }), envOf())[0]!;
      // log σ'(u) = -|u| - 2 log1p(e^-|u|), plus log(high - low).
      const want =
        -Math.abs(u) -
        2 * Math.log1p(Math.exp(-Math.abs(u))) +
        (c.bounds ? Math.log(c.bounds.high - c.bounds.low) : 0);
      assert.ok(
        Math.abs(got - want) <= 1e-12 * Math.abs(want),
        `${c.kind} at ${u}: ${got} vs ${want}`,
      );
    }
  }
});

test('supports and constraints map to their bijections', () => {
  for (const [name, d] of DISTRIBUTIONS) {
    const t = bijectionForSupport(d.support);
    // Discrete supports have no bijection; the simplex's is not elementwise (src/distributions/simplex.ts).
    if (d.discrete || d.support === 'simplex') assert.is(t, null, name);
    else assert.is(t?.kind, d.support, name);
  }
  const { bij: ib, bounds } = bijectionForConstraint({ kind: 'interval', low: 1, high: 3 });
  assert.is(ib.kind, 'interval');
  assert.equal(bounds, { low: 1, high: 3 });
  assert.is(bijectionForConstraint({ kind: 'positive' }).bij.kind, 'positive');
  const b = new Builder('x');
  const [low, high] = [b.const(0), b.const(1)];
  assert.equal(boundsForSupport('interval', { low, high }), { low, high });
  assert.is(boundsForSupport('positive', { low, high }), undefined);
});

test('interval bounds may be computed IR values (Uniform(low, high) with data bounds)', () => {
  const b = new Builder('fwd');
  b.addAxis({ id: 'i', role: 'plate', size: { kind: 'lit', value: 2 } });
  const low = b.data('lo', ['i']);
  const high = b.data('hi', ['i']);
  const y = bij('interval').forward(b, b.const(0), { low, high });
  const got = run(b.finish({ out: y }), envOf({ data: { lo: [0, -4], hi: [1, 6] } }));
  assert.equal([...got], [0.5, 1]);
});

test.run();
