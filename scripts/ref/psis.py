#!/usr/bin/env python3
"""Reference Pareto k-hat and ESS of fixed log-weight vectors (writes test/infer/ref-psis.json).

An implementation of PSIS independent of src/infer/psis.ts, written from the papers' formulas:
Zhang & Stephens (2009), "A new and efficient estimation method for the generalized Pareto
distribution", Technometrics 51(3), in their parameterisation (F(x) = 1 - (1 - kx/s)^(1/k), theta = k/s,
so the usual shape xi is -k), and Vehtari, Simpson, Gelman, Yao & Gabry (2024), "Pareto smoothed
importance sampling", JMLR 25(72): tail size M = ceil(min(S/5, 3 sqrt(S))), exceedances over the
(M+1)-th largest weight, the fitted xi shrunk toward 0.5 by 10 pseudo-observations, the tail replaced
by the fitted distribution's quantiles at (i - 1/2)/M and capped at the largest raw weight.

The weights are log p(x)/q(x) of draws from a proposal q for a target p, from a fixed seed, with tails
from light (a wider normal proposal) to very heavy (a normal proposal for a Student-t target).
Run: python3 scripts/ref/psis.py
"""
import json
import math
import os

import numpy as np
from scipy import special, stats


def zhang_stephens(x):
    """(xi, sigma) of a generalized Pareto fitted to ascending positive exceedances x (no prior)."""
    n = x.size
    m = 30 + int(math.floor(math.sqrt(n)))
    j = np.arange(1, m + 1)
    x_star = x[int(math.floor(n / 4 + 0.5)) - 1]  # the sample first quartile
    theta = 1 / x[-1] + (1 - np.sqrt(m / (j - 0.5))) / (3 * x_star)
    k = -np.mean(np.log1p(-np.outer(theta, x)), axis=1)
    loglik = n * (np.log(theta / k) + k - 1)
    w = np.exp(loglik - special.logsumexp(loglik))
    theta_hat = np.sum(w * theta)
    k_hat = -np.mean(np.log1p(-theta_hat * x))
    return -k_hat, k_hat / theta_hat


def psis(log_w):
    s = log_w.size
    lw = log_w - np.max(log_w)
    order = np.argsort(lw, kind="stable")
    m = int(math.ceil(min(0.2 * s, 3 * math.sqrt(s))))
    cut = max(lw[order[s - m - 1]], math.log(np.finfo(float).tiny))
    tail = order[lw[order] > cut]
    xi, sigma = zhang_stephens(np.exp(lw[tail]) - math.exp(cut))
    n = tail.size
    xi = (n * xi + 10 * 0.5) / (n + 10)
    p = (np.arange(1, n + 1) - 0.5) / n
    # The quantile function of the generalized Pareto with shape xi and scale sigma.
    q = sigma * np.expm1(-xi * np.log1p(-p)) / xi
    smoothed = lw.copy()
    smoothed[tail] = np.minimum(np.log(q + math.exp(cut)), 0)
    smoothed -= special.logsumexp(smoothed)
    return xi, 1 / np.sum(np.exp(2 * smoothed))


def case(name, s, target, proposal, rng):
    z = proposal.rvs(size=s, random_state=rng)
    log_w = target.logpdf(z) - proposal.logpdf(z)
    khat, ess = psis(log_w)
    return {"name": name, "khat": khat, "ess": ess, "logWeights": log_w.tolist()}


def main():
    rng = np.random.default_rng(20240611)
    n01 = stats.norm(0, 1)
    cases = [
        case("normal target, wider normal proposal", 1000, n01, stats.norm(0, 1.5), rng),
        case("normal target, narrower normal proposal", 1000, n01, stats.norm(0, 0.7), rng),
        case("normal target, shifted normal proposal", 400, n01, stats.norm(1.5, 1), rng),
        case("normal target, t(3) proposal", 1000, n01, stats.t(3), rng),
        case("t(3) target, normal proposal", 1000, stats.t(3), n01, rng),
        case("t(1) target, normal proposal", 2000, stats.cauchy(), n01, rng),
        case("t(5) target, normal proposal, few draws", 100, stats.t(5), n01, rng),
    ]
    # The estimator itself, on exact Pareto draws of shape 0.8 (exceedances of a GPD are GPD).
    gp = stats.genpareto(0.8).rvs(size=4000, random_state=rng)
    cases.append({**dict(zip(("khat", "ess"), psis(np.log(gp)))), "name": "Pareto(0.8) weights",
                  "logWeights": np.log(gp).tolist()})
    for c in cases:
        print(f"{c['name']}: khat {c['khat']:.6f}, ess {c['ess']:.3f} of {len(c['logWeights'])}")
    out = os.path.join(os.path.dirname(__file__), "..", "..", "test", "infer", "ref-psis.json")
    with open(out, "w") as f:
        json.dump({"generator": "scripts/ref/psis.py", "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
