// Values beyond float32's range (issue 12: 1e300 rates and 1e308 inits gave different answers on the two backends,
// without a word): on WebGPU an E0711 naming the data element or the param at its line and column; with `auto` the
// fit runs on the CPU with that sentence as its note; on the CPU nothing is said (float64 holds them).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadModel, PplcError } from '../../src/index.js';
import { checkProgram } from '../support/examples.js';
import { validateData } from '../../src/data/validate.js';
import { dataBeyondFloat32, paramsBeyondFloat32 } from '../../src/infer/float32-range.js';
import { compile } from '../../src/pipeline/compile.js';
import { prepareFit } from '../../src/infer/prepare.js';

const RATES =
  'data N: int\ndata rate: real[N]\ndata y: int[N]\nmodel {\n  sample a ~ Normal(0, 1)\n  plate i in N {\n    observe y[i] ~ Poisson(rate[i] * exp(a))\n  }\n}\n';

const where = (e: { diagnostic: { span: { start: { line: number; column: number } } | null } }) =>
  `${e.diagnostic.span?.start.line}:${e.diagnostic.span?.start.column}`;

test('data: the first value beyond float32 (overflow, or a nonzero value float32 flushes to 0) at its declaration', async () => {
  const checked = (await checkProgram(RATES, 'rates.ppl')).checked!;
  const bind = (rate: number[]) =>
    validateData(checked, { rate, y: rate.map(() => 1) }, 'd.json').data!;
  assert.is(dataBeyondFloat32(checked, bind([0, 1, -3.4e38, 1.2e-38])), null);
  for (const [bad, shown] of [
    [1e300, '1e+300'],
    [-3.5e38, '-3.5e+38'],
    [1e-40, '1e-40'],
  ] as const) {
    const e = dataBeyondFloat32(checked, bind([1, 2, bad]))!;
    assert.is(e.diagnostic.code, 'E0711');
    assert.is(where(e), '2:1');
    assert.match(
      e.diagnostic.message,
      `data 'rate' holds ${shown} at rate[2], beyond float32's range`,
    );
  }
});

test("params: a start beyond float32, as written or as the GPU holds it, at the param's line and column", async () => {
  const prep = async (guide: string) => {
    const src = `data y: real\nmodel {\n  sample a ~ Normal(0, 1)\n  observe y ~ Normal(a, 1)\n}\nguide {\n${guide}\n  sample a ~ Normal(m, s)\n}\n`;
    const c = await compile(src, 'p.ppl');
    const data = validateData(c.typed!, { y: 1 }, 'd.json').data!;
    return { checked: c.typed!, params: prepareFit(c.typed!, data, c.objective!).params };
  };
  const first = async (guide: string) => {
    const p = await prep(guide);
    const e = paramsBeyondFloat32(p.checked, p.params);
    return e === null ? null : `${where(e)} ${e.diagnostic.message.split(',')[0]}`;
  };
  assert.is(await first('  param m = 1e-40\n  param s: positive = 3e38'), null);
  assert.is(
    await first('  param m = 1e308\n  param s: positive = 1'),
    "7:9 param 'm' starts at 1e+308",
  );
  // 1e300 is 690.8 unconstrained, but exp(690.8) overflows in float32; 1e-40 is exp(-92), flushed to 0.
  assert.is(
    await first('  param m = 0\n  param s: positive = 1e300'),
    "8:9 param 's' starts at 1e+300",
  );
  assert.is(
    await first('  param m = 0\n  param s: positive = 1e-40'),
    "8:9 param 's' starts at 1e-40",
  );
});

test("an autoguide's start from a prior median beyond float32 is named at the latent it guides", async () => {
  const src =
    'data y: real\nmodel {\n  sample a ~ Normal(1e300, 1)\n  observe y ~ Normal(a, 1)\n}\n';
  const c = await compile(src, 'auto.ppl');
  const data = validateData(c.typed!, { y: 1 }, 'd.json').data!;
  const e = paramsBeyondFloat32(c.typed!, prepareFit(c.typed!, data, c.objective!).params)!;
  assert.is(where(e), '3:10');
  assert.match(e.diagnostic.message, "param 'a.loc' starts at 1e+300");
});

test('a fit: E0711 on webgpu (before any device is sought), the CPU with a note on auto, nothing on the CPU', async () => {
  const m = await loadModel(RATES, 'rates.ppl');
  const data = { rate: [1, 2, 1e300], y: [1, 2, 3] };
  const opts = { steps: 5, seed: 1 } as const;
  try {
    await m.fit(data, { ...opts, backend: 'webgpu' });
    assert.unreachable('webgpu must refuse');
  } catch (e) {
    assert.instance(e, PplcError);
    assert.match(
      (e as Error).message,
      /rates\.ppl:2:1: error\[E0711\]: data 'rate' holds 1e\+300 at rate\[2\]/,
    );
  }
  const auto = await m.fit(data, { ...opts, backend: 'auto' });
  assert.is(auto.backend, 'cpu');
  assert.match(auto.note ?? '', "data 'rate' holds 1e+300 at rate[2], beyond float32's range");
  const cpu = await m.fit(data, { ...opts, backend: 'cpu' });
  assert.is(cpu.note, undefined);
});

test.run();
