// The stick-breaking bijection onto the simplex (forward, inverse, log|det J| against a numeric Jacobian, gradients
// by finite differences) and Dirichlet draws (on the simplex, with each coordinate's Beta moments).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Builder } from '../../src/ir/builder.js';
import { grad } from '../../src/ad/grad.js';
import { evaluate } from '../../src/ir/interp.js';
import {
  stickBreaking,
  stickBreakingInverse,
  stickBreakingLogDet,
  stickBreakingNumbers,
} from '../../src/distributions/simplex.js';
import { distribution } from '../../src/distributions/table.js';
import { EVENT, centralDiff, envOf, paramFn, run } from './helpers.js';

const POINTS = [
  [0.3, -0.7, 1.1, 0],
  [0, 0, 0],
  [-6, 4, 2.5, -1, 0],
  [2, 0],
];

/** log |det| of a square matrix, by elimination with partial pivoting. */
function logAbsDet(m: number[][]): number {
  const a = m.map((r) => [...r]);
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    let p = i;
    for (let r = i + 1; r < a.length; r++) if (Math.abs(a[r]![i]!) > Math.abs(a[p]![i]!)) p = r;
    [a[i], a[p]] = [a[p]!, a[i]!];
    s += Math.log(Math.abs(a[i]![i]!));
    for (let r = i + 1; r < a.length; r++) {
      const f = a[r]![i]! / a[i]![i]!;
      for (let c = i; c < a.length; c++) a[r]![c]! -= f * a[i]![c]!;
    }
  }
  return s;
}

const irOf = (u: readonly number[], body: 'forward' | 'logdet'): Float64Array => {
  const b = new Builder('sb');
  b.addAxis({ id: EVENT, role: 'vector', size: { kind: 'lit', value: u.length } });
  const x = b.data('u', [EVENT]);
  const out = body === 'forward' ? stickBreaking(b, x, EVENT) : stickBreakingLogDet(b, x, EVENT);
  return run(b.finish({ out }), envOf({ data: { u } }));
};

test('stick-breaking: the IR and the numbers agree, land on the simplex, and invert (u = 0 is the uniform point)', () => {
  for (const u of POINTS) {
    const y = stickBreakingNumbers(u);
    const ir = irOf(u, 'forward');
    y.forEach((v, k) => assert.ok(Math.abs(ir[k]! - v) < 1e-14, `${u}: ${ir[k]} vs ${v}`));
    assert.ok(Math.abs(y.reduce((a, v) => a + v, 0) - 1) < 1e-14);
    assert.ok(y.every((v) => v > 0));
    const back = stickBreakingInverse(y);
    back.forEach((v, k) =>
      assert.ok(Math.abs(v - (k === u.length - 1 ? 0 : u[k]!)) < 1e-9, `${u} -> ${back}`),
    );
  }
  stickBreakingNumbers([0, 0, 0, 0]).forEach((v) => assert.ok(Math.abs(v - 0.25) < 1e-15));
  assert.ok(stickBreakingInverse([0.5, 0.6, -0.1]).some((v) => !Number.isFinite(v)));
});

test('stick-breaking: log|det J| of the K - 1 free coordinates equals the numeric Jacobian', () => {
  for (const u of POINTS) {
    const K = u.length;
    const h = 1e-6;
    const jac = Array.from({ length: K - 1 }, (_, i) =>
      Array.from({ length: K - 1 }, (_, j) => {
        const up = [...u];
        const dn = [...u];
        up[j]! += h;
        dn[j]! -= h;
        return (stickBreakingNumbers(up)[i]! - stickBreakingNumbers(dn)[i]!) / (2 * h);
      }),
    );
    const want = logAbsDet(jac);
    const got = irOf(u, 'logdet')[0]!;
    assert.ok(Math.abs(got - want) < 1e-6 * Math.max(1, Math.abs(want)), `${u}: ${got} vs ${want}`);
  }
});

test('stick-breaking: gradients of the forward map and of log|det J| match finite differences', () => {
  for (const u of POINTS) {
    for (const part of ['forward', 'logdet'] as const) {
      const { fn, env } = paramFn({ u }, (b, v) => {
        if (part === 'logdet') return stickBreakingLogDet(b, v.u!, EVENT);
        const weight = b.add(b.op('iota', [], { axis: EVENT }), b.const(1));
        return b.mul(stickBreaking(b, v.u!, EVENT), weight);
      });
      const g = evaluate(grad(fn, 'out', ['u']), env).get('grad:u')!.data;
      g.forEach((a, i) => {
        const fd = centralDiff(fn, env, 'u', i);
        assert.ok(
          Math.abs(a - fd) <= 1e-6 * Math.max(1, Math.abs(fd)),
          `${part} ${u}[${i}]: ${a} vs ${fd}`,
        );
      });
    }
  }
});

test('Dirichlet draws lie on the simplex with each coordinate Beta(a_k, sum a - a_k)-distributed (4 standard errors)', () => {
  for (const alpha of [
    [1, 2, 3],
    [0.3, 0.5, 4],
  ]) {
    const n = 20000;
    const b = new Builder('draws');
    b.addAxis({ id: EVENT, role: 'vector', size: { kind: 'lit', value: alpha.length } });
    b.addAxis({ id: 'n', role: 'plate', size: { kind: 'lit', value: n } });
    const a = b.data('alpha', [EVENT]);
    const x = distribution('Dirichlet').sample(b, { concentration: a }, 'site', ['n'], {
      eventAxis: EVENT,
    });
    const t = evaluate(b.finish({ out: x }), envOf({ data: { alpha } })).get('out')!;
    const nAt = t.axes.indexOf('n');
    const kAt = t.axes.indexOf(EVENT);
    const at = (i: number, k: number): number => {
      const idx = [0, 0];
      idx[nAt] = i;
      idx[kAt] = k;
      return t.data[idx[0]! * t.shape[1]! + idx[1]!]!;
    };
    const total = alpha.reduce((s, v) => s + v, 0);
    for (let i = 0; i < n; i += 997) {
      let s = 0;
      for (let k = 0; k < alpha.length; k++) s += at(i, k);
      assert.ok(Math.abs(s - 1) < 1e-12);
    }
    alpha.forEach((ak, k) => {
      const mean = ak / total;
      const variance = (ak * (total - ak)) / (total * total * (total + 1));
      let m = 0;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const v = at(i, k);
        assert.ok(v > 0);
        m += v;
        m2 += v * v;
      }
      m /= n;
      const v = m2 / n - m * m;
      assert.ok(
        Math.abs(m - mean) < 4 * Math.sqrt(variance / n),
        `${alpha}[${k}] mean ${m} vs ${mean}`,
      );
      assert.ok(
        Math.abs(v - variance) < 0.05 * variance,
        `${alpha}[${k}] variance ${v} vs ${variance}`,
      );
    });
  }
});

test.run();
