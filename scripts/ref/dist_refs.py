#!/usr/bin/env python3
"""Reference log-densities for test/distributions (writes test/distributions/ref-logprob.json).

Values come from mpmath at 50 significant digits (closed-form densities evaluated in arbitrary
precision, independent of the compiler's formulas' float64 rounding), each cross-checked against
scipy.stats (scipy 1.17) where scipy's float64 result is itself accurate; a disagreement beyond
1e-9 relative aborts. Logit-parameterised cases are evaluated from the logits in mpmath (scipy only
takes probs, which lose the tail). Run: python3 scripts/ref/dist_refs.py
"""
import json
import math
import os

import mpmath as mp
import numpy as np
from scipy import special, stats

mp.mp.dps = 50
M = mp.mpf


def lg(x):
    return mp.loggamma(M(x))


def normal(x, loc, scale):
    z = (M(x) - M(loc)) / M(scale)
    return -z * z / 2 - mp.log(M(scale)) - mp.log(2 * mp.pi) / 2


def cauchy(x, loc, scale):
    z = (M(x) - M(loc)) / M(scale)
    return -mp.log(mp.pi) - mp.log(M(scale)) - mp.log1p(z * z)


def log_sigmoid(l):
    return -mp.log1p(mp.exp(-M(l)))


def bern_logits(k, l):
    return M(k) * log_sigmoid(l) + (1 - M(k)) * log_sigmoid(-M(l))


def log_choose(n, k):
    return lg(n + 1) - lg(k + 1) - lg(n - k + 1)


def xlogy(x, y):
    return M(0) if x == 0 else M(x) * mp.log(M(y))


def xlog1my(x, p):
    return M(0) if x == 0 else M(x) * mp.log1p(-M(p))


# (dist, params, value, mpmath value, scipy value or None)
CASES = []


def add(dist, params, value, exact, sp=None, **extra):
    CASES.append((dist, params, value, exact, sp, extra))


for x, loc, scale in [(0.5, 0.0, 1.0), (-3.0, 1.5, 0.2), (1e-8 + 2e-8, 1e-8, 1e-8), (30.0, -2.0, 0.5), (1e5, 0.0, 100.0)]:
    add('Normal', {'loc': loc, 'scale': scale}, x, normal(x, loc, scale), stats.norm.logpdf(x, loc, scale))

for x, scale in [(0.3, 1.0), (25.0, 10.0), (1e-9, 1e-6), (7.0, 0.5)]:
    add('HalfNormal', {'scale': scale}, x, mp.log(2) + normal(x, 0, scale), stats.halfnorm.logpdf(x, scale=scale))

add('HalfNormal', {'scale': 1.0}, -0.5, -mp.inf, stats.halfnorm.logpdf(-0.5, scale=1.0))

for x, loc, scale in [(1.0, 0.0, 1.0), (0.01, 1.0, 0.3), (1e6, 2.0, 3.0), (2.5, -1.0, 1e-3 * 10)]:
    add('LogNormal', {'loc': loc, 'scale': scale}, x, normal(mp.log(M(x)), loc, scale) - mp.log(M(x)),
        stats.lognorm.logpdf(x, s=scale, scale=math.exp(loc)))

for x, rate in [(0.5, 2.0), (1e-10, 1e-3), (300.0, 0.1), (1e-3, 1e4)]:
    add('Exponential', {'rate': rate}, x, mp.log(M(rate)) - M(rate) * M(x), stats.expon.logpdf(x, scale=1 / rate))

for x, a, rate in [(1.0, 2.0, 1.0), (1e-5, 0.05, 2.0), (2.5, 1000.0, 400.0), (50.0, 1.0, 0.02), (0.3, 3.5, 1e-3)]:
    exact = M(a) * mp.log(M(rate)) + (M(a) - 1) * mp.log(M(x)) - M(rate) * M(x) - lg(a)
    add('Gamma', {'concentration': a, 'rate': rate}, x, exact, stats.gamma.logpdf(x, a, scale=1 / rate))

for x, a, c in [(0.3, 2.0, 5.0), (1e-10, 0.5, 0.5), (1 - 1e-9, 3.0, 0.2), (0.5, 1.0, 1.0), (0.73, 200.0, 80.0), (0.02, 0.01, 2.0)]:
    exact = (M(a) - 1) * mp.log(M(x)) + (M(c) - 1) * mp.log1p(-M(x)) - (lg(a) + lg(c) - lg(M(a) + M(c)))
    add('Beta', {'concentration1': a, 'concentration0': c}, x, exact, stats.beta.logpdf(x, a, c))

for x, lo, hi in [(0.5, 0.0, 1.0), (-2.0, -3.0, 10.0), (1e-7, 0.0, 1e-6)]:
    add('Uniform', {'low': lo, 'high': hi}, x, -mp.log(M(hi) - M(lo)), stats.uniform.logpdf(x, loc=lo, scale=hi - lo))
# Outside the support: -inf, as Pyro.
add('Uniform', {'low': 0.0, 'high': 1.0}, 1.5, -mp.inf, stats.uniform.logpdf(1.5, 0, 1))
add('Uniform', {'low': 0.0, 'high': 1.0}, -0.25, -mp.inf, stats.uniform.logpdf(-0.25, 0, 1))

for x, df, loc, scale in [(0.5, 3.0, 0.0, 1.0), (-40.0, 1.5, 2.0, 0.7), (3.0, 1e4, 1.0, 2.0), (1e-3, 0.3, 0.0, 1e-3), (1e6, 5.0, 0.0, 1.0)]:
    z = (M(x) - M(loc)) / M(scale)
    exact = (lg((M(df) + 1) / 2) - lg(M(df) / 2) - mp.log(M(df) * mp.pi) / 2 - mp.log(M(scale))
             - (M(df) + 1) / 2 * mp.log1p(z * z / M(df)))
    add('StudentT', {'df': df, 'loc': loc, 'scale': scale}, x, exact, stats.t.logpdf(x, df, loc, scale))

for x, loc, scale in [(0.5, 0.0, 1.0), (1e8, 1.0, 2.0), (-1e-9, 0.0, 1e-9), (3.0, 3.0, 5.0)]:
    add('Cauchy', {'loc': loc, 'scale': scale}, x, cauchy(x, loc, scale), stats.cauchy.logpdf(x, loc, scale))

for x, scale in [(0.5, 1.0), (100.0, 5.0), (1e-12, 1e-10), (1e7, 0.5)]:
    add('HalfCauchy', {'scale': scale}, x, mp.log(2) + cauchy(x, 0, scale), stats.halfcauchy.logpdf(x, scale=scale))

add('HalfCauchy', {'scale': 2.0}, -3.0, -mp.inf, stats.halfcauchy.logpdf(-3.0, scale=2.0))

for x, loc, scale in [(0.5, 0.0, 1.0), (-7.0, 2.0, 0.1), (1.0, 1.0, 3.0), (1e-9, 0.0, 1e-9)]:
    exact = -mp.log(2 * M(scale)) - abs(M(x) - M(loc)) / M(scale)
    add('Laplace', {'loc': loc, 'scale': scale}, x, exact, stats.laplace.logpdf(x, loc, scale))

for k, p in [(1, 0.3), (0, 0.3), (1, 1e-12), (0, 1e-12), (1, 1 - 1e-9), (0, 1 - 1e-9), (1, 0.5)]:
    exact = xlogy(k, p) + xlog1my(1 - k, p)
    add('Bernoulli', {'probs': p}, k, exact, stats.bernoulli.logpmf(k, p))
for k, l in [(1, 0.7), (0, 0.7), (1, 40.0), (0, 40.0), (1, -40.0), (0, -40.0), (1, 800.0), (0, -800.0), (0, 800.0)]:
    add('Bernoulli', {'logits': l}, k, bern_logits(k, l), None)

for k, n, p in [(3, 10, 0.4), (0, 10, 0.4), (10, 10, 0.4), (1, 5, 1e-10), (500, 1000, 0.5), (0, 7, 1 - 1e-12), (12345, 100000, 0.123)]:
    exact = log_choose(n, k) + xlogy(k, p) + xlog1my(n - k, p)
    add('Binomial', {'total_count': n, 'probs': p}, k, exact, stats.binom.logpmf(k, n, p))
for k, n, l in [(3, 10, -0.4), (10, 10, 30.0), (0, 10, 30.0), (250, 1000, -1.1), (4, 4, -50.0)]:
    exact = log_choose(n, k) + M(k) * log_sigmoid(l) + M(n - k) * log_sigmoid(-M(l))
    add('Binomial', {'total_count': n, 'logits': l}, k, exact, None)

for k, rate in [(3, 2.5), (0, 0.1), (0, 1e3), (1000, 980.0), (2, 1e-8), (50, 3.0)]:
    exact = xlogy(k, rate) - M(rate) - lg(k + 1)
    add('Poisson', {'rate': rate}, k, exact, stats.poisson.logpmf(k, rate))

for k, probs in [(0, [0.2, 0.3, 0.5]), (2, [0.2, 0.3, 0.5]), (1, [2.0, 6.0, 2.0]), (3, [1e-12, 0.5, 0.5, 1e-9])]:
    exact = mp.log(M(probs[k])) - mp.log(mp.fsum([M(p) for p in probs]))
    add('Categorical', {'probs': probs}, k, exact, math.log(probs[k] / sum(probs)))
for k, logits in [(0, [0.0, 1.0, -1.0]), (1, [30.0, -30.0, 0.0, 5.0]), (2, [-700.0, -701.0, -705.0]), (1, [0.5, 0.5])]:
    exact = M(logits[k]) - mp.log(mp.fsum([mp.exp(M(l)) for l in logits]))
    add('Categorical', {'logits': logits}, k, exact, logits[k] - special.logsumexp(logits))
# Dirichlet: a vector value on the simplex over the concentration's event axis.
for alpha, x in [([1.0, 2.0, 3.0], [0.2, 0.3, 0.5]), ([0.5, 0.5], [0.9, 0.1]),
                 ([4.0, 4.0, 8.0, 0.3], [0.25, 0.25, 0.4999, 0.0001]), ([30.0, 1.0, 2.5], [0.85, 0.05, 0.1])]:
    exact = lg(sum(alpha)) - mp.fsum([lg(a) for a in alpha]) + mp.fsum(
        [(M(a) - 1) * mp.log(M(v)) for a, v in zip(alpha, x)])
    add('Dirichlet', {'concentration': alpha}, x, exact, stats.dirichlet.logpdf(x, alpha))


def as_json_number(v):
    if mp.isinf(v):
        return '-Infinity' if v < 0 else 'Infinity'
    return float(v)


out = []
for dist, params, value, exact, sp, extra in CASES:
    ref = as_json_number(exact)
    if sp is not None and isinstance(ref, float):
        if not np.isfinite(sp) or abs(sp - ref) > 1e-9 * max(1.0, abs(ref)):
            raise SystemExit(f'scipy disagrees: {dist} {params} {value}: mpmath {ref} scipy {sp}')
    if sp is not None and isinstance(ref, str) and not (np.isinf(sp) and sp < 0):
        raise SystemExit(f'scipy disagrees on -inf: {dist} {params} {value}: {sp}')
    out.append({'dist': dist, 'params': params, 'value': value, 'logp': ref, **extra})

path = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'distributions', 'ref-logprob.json')
with open(path, 'w') as f:
    json.dump({'source': 'scripts/ref/dist_refs.py: mpmath (50 digits), cross-checked against scipy.stats',
               'cases': out}, f, indent=1)
    f.write('\n')
print(f'wrote {len(out)} cases to {os.path.normpath(path)}')


# ---- quantiles for the samplers' distribution tests (test/distributions/ref-quantiles.json) ----------------
# scipy.stats ppf at p = 0.02, 0.04, ..., 0.98, mean and var for each sampler configuration the tests draw from.
PROBS = [round(0.02 * i, 2) for i in range(1, 50)]
QCASES = [
    ('Normal', {'loc': 1.5, 'scale': 2.0}, stats.norm(1.5, 2.0)),
    ('HalfNormal', {'scale': 3.0}, stats.halfnorm(scale=3.0)),
    ('LogNormal', {'loc': 0.5, 'scale': 0.4}, stats.lognorm(s=0.4, scale=math.exp(0.5))),
    ('Exponential', {'rate': 2.0}, stats.expon(scale=0.5)),
    ('Gamma', {'concentration': 2.5, 'rate': 1.5}, stats.gamma(2.5, scale=1 / 1.5)),
    ('Gamma', {'concentration': 0.4, 'rate': 2.0}, stats.gamma(0.4, scale=0.5)),
    ('Beta', {'concentration1': 2.0, 'concentration0': 5.0}, stats.beta(2.0, 5.0)),
    ('Beta', {'concentration1': 0.5, 'concentration0': 0.5}, stats.beta(0.5, 0.5)),
    ('Uniform', {'low': -1.0, 'high': 3.0}, stats.uniform(-1.0, 4.0)),
    ('StudentT', {'df': 4.0, 'loc': 1.0, 'scale': 2.0}, stats.t(4.0, 1.0, 2.0)),
    ('StudentT', {'df': 0.8, 'loc': 0.0, 'scale': 1.0}, stats.t(0.8, 0.0, 1.0)),
    ('Cauchy', {'loc': -1.0, 'scale': 0.5}, stats.cauchy(-1.0, 0.5)),
    ('HalfCauchy', {'scale': 5.0}, stats.halfcauchy(scale=5.0)),
    ('Laplace', {'loc': 1.0, 'scale': 0.5}, stats.laplace(1.0, 0.5)),
]
def moment(v):
    v = float(v)
    return v if math.isfinite(v) else str(v).replace('inf', 'Infinity').replace('nan', 'NaN')


# Discrete samplers: moments only (their draws are checked by frequencies in the test).
MCASES = [
    ('Bernoulli', {'probs': 0.3}, stats.bernoulli(0.3)),
    ('Bernoulli', {'logits': -1.2}, stats.bernoulli(float(special.expit(-1.2)))),
    ('Binomial', {'total_count': 12, 'probs': 0.35}, stats.binom(12, 0.35)),
    ('Binomial', {'total_count': 5, 'logits': 0.8}, stats.binom(5, float(special.expit(0.8)))),
    ('Poisson', {'rate': 3.5}, stats.poisson(3.5)),
    ('Poisson', {'rate': 0.2}, stats.poisson(0.2)),
    ('Poisson', {'rate': 20.0}, stats.poisson(20.0)),
    ('Categorical', {'probs': [0.2, 0.5, 0.3]}, stats.rv_discrete(values=([0, 1, 2], [0.2, 0.5, 0.3]))),
    ('Categorical', {'logits': [1.0, -0.5, 0.0, 2.0]},
     stats.rv_discrete(values=([0, 1, 2, 3], special.softmax([1.0, -0.5, 0.0, 2.0])))),
]
qout = [{'dist': d, 'params': p, 'probs': PROBS, 'quantiles': [float(q) for q in rv.ppf(PROBS)],
         'mean': moment(rv.mean()), 'variance': moment(rv.var())} for d, p, rv in QCASES]
# scipy reports t(df <= 1).mean() as inf; torch/Pyro (whose semantics pplc follows) report NaN: undefined.
for q in qout:
    if q['dist'] == 'StudentT' and q['params']['df'] <= 1:
        q['mean'] = 'NaN'
qout += [{'dist': d, 'params': p, 'mean': moment(rv.mean()), 'variance': moment(rv.var())} for d, p, rv in MCASES]
qpath = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'distributions', 'ref-quantiles.json')
with open(qpath, 'w') as f:
    json.dump({'source': 'scripts/ref/dist_refs.py: scipy.stats ppf, mean and var', 'cases': qout}, f, indent=1)
    f.write('\n')
print(f'wrote {len(qout)} quantile cases to {os.path.normpath(qpath)}')
