// The contraction against brute force: log P_MP computed by the plan equals the log-mean-exp over every combination
// of sample indices (K^n of them, each plate element with its own index) of log p(x, z) - log q(z), on the same
// samples. Small programs, K = 2 or 3, so the combinations can be listed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSource } from '../../src/pipeline/front-end.js';
import { loadData } from '../../src/data/load.js';
import { evaluate } from '../../src/ir/interp.js';
import { simplify } from '../../src/ir/passes/simplify.js';
import { dataEnv, prepareFit } from '../../src/infer/prepare.js';
import { lowerEstimate, buildEstimateLoss } from '../../src/methods/massively-parallel.js';
import { descentObjective } from '../../src/methods/descent.js';
import type { Tensor } from '../../src/ir/tensor.js';

const logN = (x: number, m: number, s: number): number =>
  -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * ((x - m) / s) ** 2;

/** log (1/n) Σ exp(xs). */
function logMeanExp(xs: readonly number[]): number {
  const top = Math.max(...xs);
  return top + Math.log(xs.reduce((a, x) => a + Math.exp(x - top), 0) / xs.length);
}

/** Every tuple of `n` indices below `k`. */
function* tuples(n: number, k: number): Generator<number[]> {
  const t = new Array<number>(n).fill(0);
  for (;;) {
    yield [...t];
    let i = n - 1;
    while (i >= 0 && ++t[i]! === k) t[i--] = 0;
    if (i < 0) return;
  }
}

/** The plan's log P and the sample tensors of the sites (constrained), with the fit's initial params. */
function run(source: string, data: string, K: number, sites: readonly string[]) {
  const checked = checkSource(source, 'brute.ppl').checked!;
  const bound = loadData(checked, data, 'brute.json').data!;
  const e = lowerEstimate(checked, { method: 'mp-vi', K, indexing: 'per-site' });
  const outs: Record<string, number> = { logP: e.logP };
  for (const s of sites) outs[s] = e.l.ctx.sites.get(s)!.v;
  const fn = simplify(e.l.ctx.b.finish(outs));
  const prep = prepareFit(
    checked,
    bound,
    descentObjective(buildEstimateLoss(checked, { method: 'mp-vi', K, indexing: 'per-site' })),
  );
  const params = new Map(prep.params.map((p) => [p.decl.name, p.values]));
  const vals = evaluate(fn, dataEnv(bound, params, 3, 5));
  const at = (t: Tensor, c: Record<string, number>): number => {
    let off = 0;
    let stride = 1;
    for (let i = t.axes.length - 1; i >= 0; i--) {
      off += (c[t.axes[i]!] ?? 0) * stride;
      stride *= t.shape[i]!;
    }
    return t.data[off]!;
  };
  return { logP: vals.get('logP')!.data[0]!, vals, at, params };
}

test('a hierarchy (global mean, a mean per group): plan = brute force over K^(1+G) index tuples', () => {
  const src = `data y: real[2]
model {
  sample mu ~ Normal(0, 1)
  plate g in 2 {
    sample theta[g] ~ Normal(mu, 1)
    observe y[g] ~ Normal(theta[g], 1)
  }
}
guide {
  param a = 0.3
  param s: positive = 0.8
  sample mu ~ Normal(a, s)
  plate g in 2 {
    param b[g] = 0.1
    param t[g]: positive = 0.7
    sample theta[g] ~ Normal(b[g], t[g])
  }
}
`;
  const y = [0.4, -1.2];
  const K = 3;
  const r = run(src, JSON.stringify({ y }), K, ['mu', 'theta']);
  const mu = r.vals.get('mu')!;
  const th = r.vals.get('theta')!;
  const terms: number[] = [];
  for (const [km, k0, k1] of tuples(3, K)) {
    const m = r.at(mu, { 'k:mu': km! });
    let lw = logN(m, 0, 1) - logN(m, 0.3, 0.8);
    [k0!, k1!].forEach((k, g) => {
      const t = r.at(th, { g, 'k:theta': k });
      lw += logN(t, m, 1) - logN(t, 0.1, 0.7) + logN(y[g]!, t, 1);
    });
    terms.push(lw);
  }
  assert.ok(Math.abs(r.logP - logMeanExp(terms)) < 1e-9, `${r.logP} vs ${logMeanExp(terms)}`);
});

test('a latent combined across its plate (one index for the whole vector, its parent too): plan = brute force', () => {
  const src = `data s: real
model {
  plate d in 2 {
    sample m[d] ~ Normal(0, 1)
  }
  plate d2 in 2 {
    sample z[d2] ~ Normal(m[d2], 1)
  }
  observe s ~ Normal(sum(z), 1)
}
guide {
  plate d in 2 {
    param a[d] = 0.2
    sample m[d] ~ Normal(a[d], 1)
  }
  plate d2 in 2 {
    param c[d2] = -0.1
    sample z[d2] ~ Normal(c[d2], 0.9)
  }
}
`;
  const K = 3;
  const r = run(src, JSON.stringify({ s: 0.7 }), K, ['m', 'z']);
  const m = r.vals.get('m')!;
  const z = r.vals.get('z')!;
  // z is one index across d2 (summed by `sum`), so m, which z reads element by element, is one index too.
  const terms: number[] = [];
  for (const [km, kz] of tuples(2, K)) {
    let lw = 0;
    let total = 0;
    for (let d = 0; d < 2; d++) {
      const mv = r.at(m, { d, 'k:m': km! });
      const zv = r.at(z, { d2: d, 'k:z': kz! });
      lw += logN(mv, 0, 1) - logN(mv, 0.2, 1) + logN(zv, mv, 1) - logN(zv, -0.1, 0.9);
      total += zv;
    }
    terms.push(lw + logN(0.7, total, 1));
  }
  assert.ok(Math.abs(r.logP - logMeanExp(terms)) < 1e-9, `${r.logP} vs ${logMeanExp(terms)}`);
});

test('enumeration inside a plate with K samples of a global: plan = brute force over 2^N values and K', () => {
  const src = `data y: real[3]
model {
  sample w ~ Normal(0, 1)
  plate i in 3 {
    sample z[i] ~ Bernoulli(logits = w)
    if (z[i] == 1) {
      observe y[i] ~ Normal(2, 1)
    } else {
      observe y[i] ~ Normal(-1, 1)
    }
  }
}
guide {
  param a = 0.5
  sample w ~ Normal(a, 1)
}
`;
  const y = [1.5, -0.8, 0.3];
  const K = 3;
  const r = run(src, JSON.stringify({ y }), K, ['w']);
  const w = r.vals.get('w')!;
  const terms: number[] = [];
  const sig = (x: number): number => 1 / (1 + Math.exp(-x));
  for (const [kw] of tuples(1, K)) {
    const wv = r.at(w, { 'k:w': kw! });
    // Enumerated values are summed, not averaged: log Σ_z = log-mean-exp + log 2^N.
    const inner: number[] = [];
    for (const zs of tuples(3, 2)) {
      let l = 0;
      zs.forEach((z, i) => {
        l += Math.log(z === 1 ? sig(wv) : 1 - sig(wv));
        l += logN(y[i]!, z === 1 ? 2 : -1, 1);
      });
      inner.push(l);
    }
    terms.push(logN(wv, 0, 1) - logN(wv, 0.5, 1) + logMeanExp(inner) + 3 * Math.log(2));
  }
  assert.ok(Math.abs(r.logP - logMeanExp(terms)) < 1e-9, `${r.logP} vs ${logMeanExp(terms)}`);
});

test.run();
