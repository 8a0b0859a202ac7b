// Declarations and statements: types, auto-guides, params, plates with subsample, else-if, args, comments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { modelBody, parseOk, sexpr } from './helpers.js';
import type { Stmt } from '../../src/parser/ast.js';

test('data declarations with types and dimensions', () => {
  const p = parseOk('data N: int\ndata x: real[N, 3]\ndata k: int[2]\ndata s: real');
  assert.equal(
    p.items.map((i) =>
      i.kind === 'DataDecl'
        ? [
            i.name.name,
            i.type.base,
            i.type.dims.map((d) => (d.kind === 'SizeLit' ? d.value : d.name)),
          ]
        : null,
    ),
    [
      ['N', 'int', []],
      ['x', 'real', ['N', 3]],
      ['k', 'int', [2]],
      ['s', 'real', []],
    ],
  );
});

test('auto-guides with no, positional and named arguments', () => {
  for (const [src, name, args] of [
    ['guide = AutoNormal', 'AutoNormal', []],
    ['guide = AutoDelta', 'AutoDelta', []],
    ['guide = AutoLowRankMultivariateNormal(3)', 'AutoLowRankMultivariateNormal', [null]],
    ['guide = AutoLowRankMultivariateNormal(rank = 2)', 'AutoLowRankMultivariateNormal', ['rank']],
  ] as const) {
    const it = parseOk(src).items[0];
    assert.ok(it && it.kind === 'AutoGuide', src);
    if (it?.kind !== 'AutoGuide') continue;
    assert.is(it.name.name, name);
    assert.equal(
      it.args.map((a) => a.name?.name ?? null),
      [...args],
    );
  }
});

test('distribution arguments: positional, named and mixed', () => {
  const body = modelBody(
    parseOk(
      'model { observe y ~ Bernoulli(logits = a + b)\n sample s ~ StudentT(3, loc = 0, scale = 1) }',
    ),
  );
  const dists = body.map((s) => (s.kind === 'Observe' || s.kind === 'Sample' ? s.dist : null));
  assert.equal(
    dists.map((d) => d?.args.map((a) => `${a.name ? `${a.name.name}=` : ''}${sexpr(a.value)}`)),
    [['logits=(+ a b)'], ['3', 'loc=0', 'scale=1']],
  );
  assert.is(dists[0]?.name.name, 'Bernoulli');
});

test('sample and observe with indices', () => {
  const body = modelBody(
    parseOk('model { plate i in N { plate j in M { sample z[i, j] ~ Normal(0, 1) } } }'),
  );
  const outer = body[0];
  assert.ok(outer?.kind === 'Plate');
  if (outer?.kind !== 'Plate') return;
  const inner = outer.body[0];
  assert.ok(inner?.kind === 'Plate');
  if (inner?.kind !== 'Plate') return;
  const z = inner.body[0];
  assert.ok(z?.kind === 'Sample');
  if (z?.kind !== 'Sample') return;
  assert.equal(z.indices.map(sexpr), ['i', 'j']);
});

test('params: constraints, indices, interval arguments', () => {
  const body = modelBody(
    parseOk(
      'model { param a = 0\n param b: positive = 1.0\n param c: real = x\n param d[i]: interval(0, 1) = 0.5\n param u: unit = 0.5 }',
    ),
  );
  const ps = body.map((s) => (s.kind === 'Param' ? s : null));
  assert.equal(
    ps.map((p) => [
      p?.name.name,
      p?.constraint?.name.name ?? null,
      p?.constraint?.args.map(sexpr) ?? null,
      p?.indices.map(sexpr),
      p ? sexpr(p.init) : null,
    ]),
    [
      ['a', null, null, [], '0'],
      ['b', 'positive', [], [], '1.0'],
      ['c', 'real', [], [], 'x'],
      ['d', 'interval', ['0', '1'], ['i'], '0.5'],
      ['u', 'unit', [], [], '0.5'],
    ],
  );
});

test('plates: literal and named sizes, subsample', () => {
  const body = modelBody(
    parseOk(
      'model { plate i in N subsample 32 { let a = 1 } plate j in 10 { let b = 2 } plate k in N subsample B { let c = 3 } }',
    ),
  );
  const show = (s: Stmt | undefined): unknown =>
    s?.kind === 'Plate'
      ? [
          s.index.name,
          s.size.kind === 'SizeLit' ? s.size.value : s.size.name,
          s.subsample
            ? s.subsample.kind === 'SizeLit'
              ? s.subsample.value
              : s.subsample.name
            : null,
          s.body.length,
        ]
      : null;
  assert.equal(body.map(show), [
    ['i', 'N', 32, 1],
    ['j', 10, null, 1],
    ['k', 'N', 'B', 1],
  ]);
});

test('if, if/else and else-if chains (lowered to nested ifs)', () => {
  const body = modelBody(
    parseOk(
      'model { if (a) { let x = 1 } if (b) { let y = 1 } else { let y = 2 } if (c == 0) { let z = 0 } else if (c == 1) { let z = 1 } else { let z = 2 } }',
    ),
  );
  const [s1, s2, s3] = body;
  assert.ok(s1?.kind === 'If' && s1.else === null && s1.then.length === 1);
  assert.ok(s2?.kind === 'If' && s2.else?.length === 1);
  assert.ok(s3?.kind === 'If');
  if (s3?.kind !== 'If') return;
  assert.is(sexpr(s3.cond), '(== c 0)');
  assert.is(s3.else?.length, 1);
  const nested = s3.else?.[0];
  assert.ok(nested?.kind === 'If');
  if (nested?.kind !== 'If') return;
  assert.is(sexpr(nested.cond), '(== c 1)');
  assert.is(nested.else?.length, 1);
  assert.is(nested.else?.[0]?.kind, 'Let');
  // The nested If spans from its own `if` to the end of the chain.
  assert.is(nested.span.start.column, 101);
  assert.is(nested.span.end.offset, s3.span.end.offset);
});

test('comments and semicolons are ignored; keywords inside names are names', () => {
  const p = parseOk(`// leading comment
data N: int; /* block
comment */ data interval_x: real
model { // trailing
  let integer = 1; let index_in = 2; /* inline */ let datas = 3;
  sample modelled ~ Normal(0, 1) // last
}; guide = AutoNormal;`);
  assert.equal(
    p.items.map((i) => i.kind),
    ['DataDecl', 'DataDecl', 'Model', 'AutoGuide'],
  );
  assert.equal(
    modelBody(p).map((s) => (s.kind === 'Let' || s.kind === 'Sample' ? s.name.name : '?')),
    ['integer', 'index_in', 'datas', 'modelled'],
  );
});

test('an empty program parses to no items', () => {
  assert.equal(parseOk('').items, []);
  assert.equal(parseOk('  // nothing\n').items, []);
});

test.run();
