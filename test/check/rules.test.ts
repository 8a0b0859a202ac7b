// Unit tests for the checker's tricky rules: partial indexing, plate/dim sizes, guide matching, sites once per path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkProgram } from '../support/examples.js';
import type { CheckedProgram, TExpr, TStmt } from '../../src/check/typed.js';
import { tyText } from '../../src/check/ty.js';

const codes = async (src: string): Promise<string[]> =>
  (await checkProgram(src, 't.ppl')).diagnostics.map((d) => d.code);
const ok = async (src: string): Promise<CheckedProgram> => {
  const r = await checkProgram(src, 't.ppl');
  assert.equal(
    r.diagnostics.map((d) => `${d.code} ${d.message}`),
    [],
  );
  return r.checked!;
};

function findExprs(stmts: readonly TStmt[], out: TExpr[] = []): TExpr[] {
  const visit = (e: TExpr): void => {
    out.push(e);
    if (e.kind === 'Index') [e.target, ...e.indices].forEach(visit);
    if (e.kind === 'Binary') [e.left, e.right].forEach(visit);
    if (e.kind === 'Unary') visit(e.operand);
    if (e.kind === 'Call') e.args.forEach(visit);
  };
  for (const s of stmts) {
    if (s.kind === 'Let') visit(s.value);
    if (s.kind === 'Sample' || s.kind === 'Observe') Object.values(s.dist.args).forEach(visit);
    if (s.kind === 'Param') visit(s.init);
    if (s.kind === 'Plate') findExprs(s.body, out);
    if (s.kind === 'If') [s.then, s.else ?? []].forEach((b) => findExprs(b, out));
  }
  return out;
}

test('partial indexing gives the remaining row; a site array keeps its plate tags', async () => {
  const c = await ok(`data N: int
data P: int
data x: real[N, P]
data y: real[N]
model {
  plate j in P { sample b[j] ~ Normal(0, 1) }
  plate i in N {
    let row = x[i]
    observe y[i] ~ Normal(dot(row, b), 1)
  }
}`);
  const types = findExprs(c.model).map((e) => tyText(e.ty));
  assert.ok(types.includes('real[P]'), types.join(' '));
  assert.ok(types.includes('real[P@j]'), types.join(' '));
});

test('a plate index must index a dimension of its own size (symbolically)', async () => {
  const head =
    'data N: int\ndata M: int\ndata x: real[N, M]\ndata y: real[N]\nmodel {\n plate i in N {\n';
  assert.equal(await codes(`${head}  observe y[i] ~ Normal(x[i, 0], 1)\n }\n}`), []);
  assert.equal(await codes(`${head}  observe y[i] ~ Normal(x[0, i], 1)\n }\n}`), ['E0303']);
  // Two plates over the same data size are interchangeable as indices.
  assert.equal(
    await codes(
      `data N: int\ndata x: real[N]\nmodel {\n plate i in N {\n  plate k in N {\n   sample z[i, k] ~ Normal(x[k] + x[i], 1)\n  }\n }\n}`,
    ),
    [],
  );
  assert.equal(
    await codes(
      `data x: real[3]\ndata y: real[3]\nmodel {\n plate i in 3 { observe y[i] ~ Normal(x[i], 1) }\n}`,
    ),
    [],
  );
  assert.equal(
    await codes(
      `data x: real[4]\ndata y: real[3]\nmodel {\n plate i in 3 { observe y[i] ~ Normal(x[i], 1) }\n}`,
    ),
    ['E0303'],
  );
});

test('discrete latents, int data and arithmetic on ints index; reals do not', async () => {
  assert.equal(
    await codes(
      `data K: int\ndata w: real[K]\ndata y: real\nmodel {\n sample c ~ Categorical(w)\n observe y ~ Normal(w[c], 1)\n}`,
    ),
    [],
  );
  assert.equal(
    await codes(
      `data K: int\ndata w: real[K]\ndata y: real\nmodel {\n sample c ~ Normal(0, 1)\n observe y ~ Normal(w[c], 1)\n}`,
    ),
    ['E0302'],
  );
});

test('a site is used once per program path: both branches of an if are fine, then it is bound after', async () => {
  const c = await ok(`data x: real
data c: int
model {
  if (c == 1) { sample z ~ Normal(0, 1) } else { sample z ~ Normal(1, 2) }
  observe x ~ Normal(z, 1)
}`);
  assert.equal(
    c.sites.filter((s) => s.name === 'z').map((s) => s.conditional),
    [true, true],
  );
  assert.equal(
    await codes(
      `data x: real\nmodel {\n sample z ~ Normal(0, 1)\n sample z ~ Normal(0, 1)\n observe x ~ Normal(z, 1)\n}`,
    ),
    ['E0408'],
  );
  assert.equal(
    await codes(
      `data x: real\ndata c: int\nmodel {\n if (c == 1) { sample z ~ Normal(0, 1) }\n observe x ~ Normal(z, 1)\n}`,
    ),
    ['E0213'],
  );
  // A site inside a plate is still one site: a second plate may not sample it again.
  assert.equal(
    await codes(
      `data x: real\nmodel {\n plate i in 2 { sample z[i] ~ Normal(0, 1) }\n plate i in 2 { sample z[i] ~ Normal(0, 1) }\n observe x ~ Normal(0, 1)\n}`,
    ),
    ['E0408'],
  );
});

test('guide matching: same sites, same plate sizes; enumerable discrete latents may be omitted', async () => {
  const model = `data N: int\ndata y: real[N]\nmodel {\n sample b ~ Bernoulli(0.5)\n plate i in N { sample z[i] ~ Normal(b, 1)\n observe y[i] ~ Normal(z[i], 1) }\n}\n`;
  const c = await ok(
    `${model}guide {\n plate i in N {\n  param m[i] = 0.0\n  param s[i]: positive = 1.0\n  sample z[i] ~ Normal(m[i], s[i])\n }\n}`,
  );
  assert.is(c.guide.kind, 'custom');
  assert.equal(
    c.sites.filter((s) => s.block === 'guide').map((s) => `${s.name}:${s.role}`),
    ['m:param', 's:param', 'z:latent'],
  );
  assert.equal(await codes(`${model}guide {\n sample z ~ Normal(0, 1)\n}`), ['E0504']);
  assert.equal(await codes(`${model}guide {\n}`), ['E0503']);
  assert.equal(
    await codes(
      `${model}guide {\n plate i in N { sample z[i] ~ Normal(0, 1) }\n sample b ~ Normal(0, 1)\n}`,
    ),
    ['E0505'],
  );
});

test('auto guides: rank, defaulted AutoNormal, Poisson latents rejected', async () => {
  const model = 'data x: real\nmodel {\n sample mu ~ Normal(0, 1)\n observe x ~ Normal(mu, 1)\n}\n';
  const two = model.replace(
    'sample mu ~ Normal(0, 1)',
    'sample mu ~ Normal(0, 1)\n sample nu ~ Normal(0, 1)',
  );
  const lr = await ok(`${two}guide = AutoLowRankMultivariateNormal(rank = 2)`);
  assert.equal(lr.guide, {
    kind: 'auto',
    family: 'AutoLowRankMultivariateNormal',
    rank: 2,
    span: lr.guide.span,
    rankSpan: lr.guide.kind === 'auto' ? lr.guide.rankSpan : undefined,
  });
  // Rank 33 would unroll too much (a rank above the latents' dimension is E0510 once the data is bound).
  assert.equal(await codes(`${two}guide = AutoLowRankMultivariateNormal(33)`), ['E0507']);
  const def = await ok(model);
  assert.equal(def.guide, { kind: 'auto', family: 'AutoNormal', rank: null, span: null });
  assert.equal(await codes(`${model}guide = AutoLowRankMultivariateNormal(2.5)`), ['E0507']);
  assert.equal(
    await codes(
      `data x: real\nmodel {\n sample k ~ Poisson(2)\n observe x ~ Normal(k, 1)\n}\nguide = AutoDelta`,
    ),
    ['E0508'],
  );
});

test('distribution arguments map to Pyro names; probs or logits', async () => {
  const c = await ok(
    `data N: int\ndata y: int[N]\nmodel {\n sample p ~ Beta(concentration0 = 2, concentration1 = 3)\n plate i in N { observe y[i] ~ Binomial(10, logits = p) }\n}`,
  );
  const sample = c.model[0]!;
  assert.ok(sample.kind === 'Sample');
  if (sample.kind === 'Sample')
    assert.equal(Object.keys(sample.dist.args), ['concentration1', 'concentration0']);
  const plate = c.model[1]!;
  if (plate.kind === 'Plate' && plate.body[0]!.kind === 'Observe')
    assert.equal(Object.keys(plate.body[0]!.dist.args), ['total_count', 'logits']);
  assert.equal(
    await codes(`data y: int\nmodel {\n observe y ~ Bernoulli(probs = 0.5, logits = 0)\n}`),
    ['E0455'],
  );
});

test('site info: roles, plates, shapes, supports, discreteness', async () => {
  const c = await ok(`data N: int
data y: real[N]
model {
  param s: positive = 1.0
  sample k ~ Bernoulli(0.3)
  plate i in N subsample 5 {
    sample z[i] ~ Gamma(2, 1)
    observe y[i] ~ Normal(z[i] + k, s)
  }
}`);
  const line = (n: string): string => {
    const s = c.sites.find((x) => x.name === n)!;
    return `${s.role} ${s.plates.join(',')} ${s.shape.map((x) => (x.kind === 'lit' ? x.value : x.name)).join(',')} ${s.support} ${s.discrete} ${s.valueType}`;
  };
  assert.is(line('s'), 'param   positive false real');
  assert.is(line('k'), 'latent   boolean true int');
  assert.is(line('z'), 'latent i N positive false real');
  assert.is(line('y'), 'observed i N real false real');
  assert.equal(c.plates.get('i')!.subsample, { kind: 'lit', value: 5 });
  assert.ok(c.data.find((d) => d.name === 'N')!.isSize);
});

test('an undeclared name gives one error and no cascade', async () => {
  assert.equal(
    await codes(`data x: real\nmodel {\n let a = exp(bta) + bta * 2\n observe x ~ Normal(a, 1)\n}`),
    ['E0203'],
  );
});

test.run();
