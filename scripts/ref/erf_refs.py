#!/usr/bin/env python3
"""Reference values of erf for test/math (writes test/math/ref-erf.json).

erf(x) is evaluated by mpmath at 50 significant digits at each float64 input x and stored as its nearest
float64 `erf` plus the remainder `lo` (erf - float64(erf), itself rounded), so a test can measure errors
below half an ulp. Inputs: a dense float32 grid on [-6, 6] (so the float32 WGSL kernel can use the same
points), tiny and huge |x|, +-0, and the fdlibm/erff switch points with their float64 and float32
neighbours. Run: python3 scripts/ref/erf_refs.py
"""
import json
import math
import os

import mpmath as mp
import numpy as np
from scipy import special

mp.mp.dps = 50


def f32(v):
    return float(np.float32(v))


def next64(v, d):
    return float(np.nextafter(np.float64(v), np.float64(d)))


def next32(v, d):
    return float(np.nextafter(np.float32(v), np.float32(d)))


grid = set()
# Irregular float32 points on [-6, 6]: full-length mantissas exercise the hi/lo split of x in the tail.
rng = np.random.default_rng(20240611)
grid.update(f32(v) for v in np.linspace(-6, 6, 49))
grid.update(f32(v) for v in rng.uniform(-6, 6, 40))
grid.update(f32(v) for v in rng.uniform(-1.5, 1.5, 12))
xs = set()
# Switch points of fdlibm s_erf.c (2^-28, 0.84375, 1.25, high word 0x4006db6e, 6), of the float32
# kernel (1/0.35 in float32, 4), and where erf starts to round to 1 in float32 and in float64.
breaks = [2.0**-28, 0.84375, 1.25, 2.8571434020996094, f32(1 / 0.35), 3.919205843636722, 4.0,
          5.921587195794507, 6.0]
for b in breaks:
    xs.update([b, next64(b, 0), next64(b, 10), next32(b, 0), next32(b, 10)])
tiny = [1e-30, 1e-10, 1e-5, 1e-300, 2.0**-1022, 1e-310, f32(1e-30), f32(1e-10), f32(1e-5), 1e-3, 0.1]
huge = [6.5, 8.0, 10.0, 27.0, 28.0, 100.0, 1e10, 1e300, 1.7976931348623157e308, f32(3.4e38)]
xs.update(tiny + huge)
xs.update([-v for v in list(xs)])
xs.update(grid)
xs.discard(0.0)  # added below with its sign

cases = [{'x': -0.0, 'erf': -0.0, 'lo': 0.0}, {'x': 0.0, 'erf': 0.0, 'lo': 0.0}]
for x in sorted(xs):
    e = mp.erf(mp.mpf(x))
    hi = float(e)
    lo = float(e - mp.mpf(hi))
    # scipy's float64 erf is an independent implementation: a gross disagreement means a bad reference.
    sp = float(special.erf(x))
    assert abs(sp - hi) <= 1e-14 * abs(hi) + 1e-300, (x, hi, sp)
    cases.append({'x': x, 'erf': hi, 'lo': lo})
cases.sort(key=lambda c: (c['x'], math.copysign(1, c['x'])))

out = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'math', 'ref-erf.json')
with open(out, 'w') as f:
    f.write('{\n  "source": "mpmath %s erf at 50 digits (scripts/ref/erf_refs.py)",\n' % mp.__version__)
    f.write('  "cases": [\n')
    f.write(',\n'.join('    ' + json.dumps(c) for c in cases))
    f.write('\n  ]\n}\n')
print(len(cases), 'cases ->', os.path.normpath(out))
