// The checker's cross-statement rules are linear in the program (issue 12: 100,000 statements took 15 s): 50,000
// `if`s each sampling a site, and a custom guide of 50,000 sites, are checked in well under the generous bounds
// below (the per-branch copies of the names seen and a scan of the model's sites per guide site were quadratic:
// minutes at these sizes).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSitePaths } from '../../src/check/paths.js';
import { checkCustomGuide } from '../../src/check/guide.js';
import { newCtx } from '../../src/check/scope.js';
import type { SiteInfo, TExpr, TStmt } from '../../src/check/typed.js';
import type { Span } from '../../src/diag/span.js';

const N = 50_000;
const span = (line: number): Span => ({
  start: { offset: line, line, column: 1 },
  end: { offset: line + 1, line, column: 2 },
});
const site = (name: string, block: 'model' | 'guide', line: number): SiteInfo => ({
  name,
  role: 'latent',
  block,
  plates: [],
  shape: [],
  event: null,
  valueType: 'real',
  dist: 'Normal',
  support: 'real',
  discrete: false,
  conditional: false,
  span: span(line),
});
const one: TExpr = { kind: 'Num', value: 1, ty: { base: 'int', dims: [] }, span: span(1) };
const sample = (s: SiteInfo): TStmt => ({
  kind: 'Sample',
  site: s,
  indices: [],
  dist: { name: 'Normal', args: {}, span: s.span },
  span: s.span,
});

const seconds = (f: () => void): number => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};

test(`${N} ifs, each sampling its site on both branches: one pass, no per-branch copies`, () => {
  const body: TStmt[] = Array.from({ length: N }, (_, i) => ({
    kind: 'If',
    cond: one,
    then: [sample(site(`b${i}`, 'model', i))],
    else: [sample(site(`b${i}`, 'model', i))],
    span: span(i),
  }));
  // A site sampled again after its if is on one path with it: E0408, naming the then branch's line.
  body.push(sample(site('b7', 'model', N + 1)));
  const ctx = newCtx('big.ppl');
  const s = seconds(() => checkSitePaths(ctx, body));
  assert.equal(
    ctx.diags.map((d) => d.code),
    ['E0408'],
  );
  assert.match(ctx.diags[0]!.message, 'line 7');
  assert.ok(s < 5, `${s.toFixed(2)} s`);
});

test(`a custom guide of ${N} sites against ${N} model latents: no scan per guide site`, () => {
  const model = Array.from({ length: N }, (_, i) => site(`z${i}`, 'model', i));
  const guide = Array.from({ length: N }, (_, i) => site(`z${i}`, 'guide', N + i));
  const ctx = newCtx('big.ppl');
  const s = seconds(() => checkCustomGuide(ctx, model, guide));
  assert.equal(ctx.diags, []);
  assert.ok(s < 5, `${s.toFixed(2)} s`);
});

test.run();
