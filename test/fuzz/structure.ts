// Structure mutations of a program that parses: drop, duplicate or move a statement (between model and guide), wrap one
// in a plate, an if or a group, rename a site, change a distribution, a constraint, a guide, a data type or a plate size.
import { parse } from '../../src/parser/parse.js';
import type { DistCall, Expr, Program, SizeExpr, Stmt, TopItem } from '../../src/parser/ast.js';
import type { Span } from '../../src/diag/span.js';
import type { Rng } from './prng.js';
import { AUTOGUIDES, DISTRIBUTIONS, KEYWORDS, ODD_NUMBERS } from './tokens.js';

interface Located {
  readonly stmt: Stmt;
  readonly block: 'model' | 'guide';
}

/** What a mutation may draw on: the program's statements, names and the places of its parts. */
interface Parts {
  readonly text: string;
  readonly program: Program;
  readonly stmts: readonly Located[];
  readonly sites: readonly string[];
  readonly dataNames: readonly string[];
  readonly sizeNames: readonly string[];
  readonly params: readonly string[];
  readonly dists: readonly DistCall[];
  readonly plates: readonly Extract<Stmt, { kind: 'Plate' }>[];
}

function walk(body: readonly Stmt[], block: 'model' | 'guide', out: Located[]): void {
  for (const s of body) {
    out.push({ stmt: s, block });
    if (s.kind === 'Plate' || s.kind === 'Group') walk(s.body, block, out);
    if (s.kind === 'If') {
      walk(s.then, block, out);
      if (s.else) walk(s.else, block, out);
    }
  }
}

function partsOf(text: string): Parts | null {
  const program = parse(text, 'mutant.ppl').program;
  if (program === null) return null;
  const stmts: Located[] = [];
  for (const it of program.items)
    if (it.kind === 'Model' || it.kind === 'Guide')
      walk(it.body, it.kind === 'Model' ? 'model' : 'guide', stmts);
  const decls = program.items.filter((i) => i.kind === 'DataDecl');
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  return {
    text,
    program,
    stmts,
    sites: uniq(
      stmts.flatMap(({ stmt: s }) =>
        s.kind === 'Sample' || s.kind === 'Observe' ? [s.name.name] : [],
      ),
    ),
    dataNames: decls.map((d) => d.name.name),
    sizeNames: decls
      .filter((d) => d.type.base === 'int' && d.type.dims.length === 0)
      .map((d) => d.name.name),
    params: uniq(stmts.flatMap(({ stmt: s }) => (s.kind === 'Param' ? [s.name.name] : []))),
    dists: stmts.flatMap(({ stmt: s }) =>
      s.kind === 'Sample' || s.kind === 'Observe' ? [s.dist] : [],
    ),
    plates: stmts.flatMap(({ stmt: s }) => (s.kind === 'Plate' ? [s] : [])),
  };
}

const splice = (
  text: string,
  span: Span | { start: { offset: number }; end: { offset: number } },
  by: string,
): string => text.slice(0, span.start.offset) + by + text.slice(span.end.offset);

const insertAt = (text: string, at: number, by: string): string =>
  text.slice(0, at) + by + text.slice(at);

const slice = (text: string, span: Span): string => text.slice(span.start.offset, span.end.offset);

/** The offset just inside a block's closing brace. */
function blockEnd(text: string, item: TopItem): number {
  const close = text.lastIndexOf('}', item.span.end.offset - 1);
  return close > item.span.start.offset ? close : item.span.end.offset;
}

/** The offset just after a block's opening brace. */
const blockStart = (text: string, item: TopItem): number =>
  text.indexOf('{', item.span.start.offset) + 1;

function sizeText(p: Parts, r: Rng): string {
  return r.pick([
    ...p.sizeNames,
    ...p.sizeNames,
    '0',
    '1',
    '2',
    '3',
    '1000',
    '-1',
    '2.5',
    ...p.dataNames,
    ...ODD_NUMBERS.slice(0, 12),
  ]);
}

function exprText(p: Parts, r: Rng): string {
  return r.pick([
    ...p.sites,
    ...p.params,
    ...p.dataNames,
    ...ODD_NUMBERS.slice(0, 12),
    '0',
    '1',
    '-1',
    '0.5',
    `${r.pick(['exp', 'log', 'sqrt', 'sum', 'dot'])}(${r.pick([...p.sites, ...p.dataNames, '1'])})`,
  ]);
}

/** A well-formed call of a random family with arguments drawn from the program's names and odd numbers. */
function distText(p: Parts, r: Rng): string {
  const fam = r.pick(DISTRIBUTIONS);
  const arity =
    {
      Normal: 2,
      HalfNormal: 1,
      LogNormal: 2,
      Exponential: 1,
      Gamma: 2,
      Beta: 2,
      Uniform: 2,
      StudentT: 3,
      Cauchy: 2,
      HalfCauchy: 1,
      Laplace: 2,
      Bernoulli: 1,
      Binomial: 2,
      Poisson: 1,
      Categorical: 1,
      Dirichlet: 1,
    }[fam] ?? 1;
  const n = r.chance(0.8) ? arity : r.int(4);
  return `${fam}(${Array.from({ length: n }, () => exprText(p, r)).join(', ')})`;
}

const CONSTRAINT_TEXTS = [
  '',
  ': real',
  ': positive',
  ': unit',
  ': interval(0, 1)',
  ': interval(1, 0)',
  ': interval(-1e300, 1e300)',
  ': interval(0, 0)',
  ': simplex(3)',
  ': simplex(1)',
  ': simplex(0)',
  ': simplex(K)',
  ': simplex(N)',
  ': simplex(-2)',
  ': interval(0)',
  ': bogus',
  ': positive(1)',
  ': simplex(99999999999999999999)',
];

type Mutation = (p: Parts, r: Rng) => string | null;

const MUTATIONS: readonly Mutation[] = [
  // drop a statement
  (p, r) => (p.stmts.length ? splice(p.text, r.pick(p.stmts).stmt.span, '') : null),
  // duplicate a statement
  (p, r) => {
    if (!p.stmts.length) return null;
    const s = r.pick(p.stmts).stmt;
    return insertAt(p.text, s.span.end.offset, `\n  ${slice(p.text, s.span)}`);
  },
  // move a statement between model and guide (an autoguide becomes a guide block holding it)
  (p, r) => {
    if (!p.stmts.length) return null;
    const { stmt, block } = r.pick(p.stmts);
    const moved = slice(p.text, stmt.span);
    const without = splice(p.text, stmt.span, '');
    const q = partsOf(without);
    if (!q) return null;
    const target = q.program.items.find((i) => i.kind === (block === 'model' ? 'Guide' : 'Model'));
    if (target) {
      const at = r.chance(0.5) ? blockStart(without, target) : blockEnd(without, target);
      return insertAt(without, at, `\n  ${moved}\n`);
    }
    const auto = q.program.items.find((i) => i.kind === 'AutoGuide');
    const guide = `guide {\n  ${moved}\n}`;
    return auto ? splice(without, auto.span, guide) : `${without}\n${guide}\n`;
  },
  // wrap a statement in a plate (sometimes subsampled)
  (p, r) => {
    if (!p.stmts.length) return null;
    const s = r.pick(p.stmts).stmt;
    const sub = r.chance(0.3)
      ? ` subsample ${r.pick(['1', '2', '0', '10', '100', ...p.sizeNames])}`
      : '';
    return splice(
      p.text,
      s.span,
      `plate ${r.pick(['q', 'i', 'j'])} in ${sizeText(p, r)}${sub} { ${slice(p.text, s.span)} }`,
    );
  },
  // wrap a statement in an if (sometimes with an else holding a copy)
  (p, r) => {
    if (!p.stmts.length) return null;
    const s = r.pick(p.stmts).stmt;
    const body = slice(p.text, s.span);
    const cond = r.pick([
      '1',
      '0',
      `${exprText(p, r)} > 0`,
      `${exprText(p, r)} == 1`,
      exprText(p, r),
    ]);
    return splice(
      p.text,
      s.span,
      `if (${cond}) { ${body} }${r.chance(0.5) ? ` else { ${body} }` : ''}`,
    );
  },
  // wrap a statement in a group
  (p, r) => {
    if (!p.stmts.length) return null;
    const s = r.pick(p.stmts).stmt;
    return splice(p.text, s.span, `group { ${slice(p.text, s.span)} }`);
  },
  // rename a site
  (p, r) => {
    const named = p.stmts.filter(
      ({ stmt }) => stmt.kind === 'Sample' || stmt.kind === 'Observe' || stmt.kind === 'Param',
    );
    if (!named.length) return null;
    const s = r.pick(named).stmt as Extract<Stmt, { name: unknown }>;
    const to = r.pick([
      ...p.sites,
      ...p.dataNames,
      ...p.params,
      'fresh',
      'x2',
      r.pick(KEYWORDS),
      r.pick(DISTRIBUTIONS),
      'exp',
    ]);
    return splice(p.text, s.name.span, to);
  },
  // change a distribution: the family name only, or the whole call
  (p, r) => {
    if (!p.dists.length) return null;
    const d = r.pick(p.dists);
    return r.chance(0.5)
      ? splice(p.text, d.name.span, r.pick(DISTRIBUTIONS))
      : splice(p.text, d.span, distText(p, r));
  },
  // change, add or remove a param's constraint
  (p, r) => {
    const ps = p.stmts.flatMap(({ stmt }) => (stmt.kind === 'Param' ? [stmt] : []));
    if (!ps.length) return null;
    const s = r.pick(ps);
    const c = r.pick(CONSTRAINT_TEXTS);
    if (s.constraint) {
      const colon = p.text.lastIndexOf(':', s.constraint.span.start.offset);
      return splice(p.text, { start: { offset: colon }, end: s.constraint.span.end }, c);
    }
    const after = s.indices.length
      ? p.text.indexOf(']', s.name.span.end.offset) + 1
      : s.name.span.end.offset;
    return insertAt(p.text, after, c);
  },
  // change the guide: another autoguide, a rank, a block, or none
  (p, r) => {
    const g = p.program.items.find((i) => i.kind === 'AutoGuide' || i.kind === 'Guide');
    const rank = r.pick(['1', '2', '0', '-1', '100', '1.5', 'N', '', '1, 2']);
    const to = r.pick([
      ...AUTOGUIDES.map((a) => `guide = ${a}`),
      `guide = AutoLowRankMultivariateNormal(${rank})`,
      `guide = AutoNormal(${rank})`,
      'guide = AutoGuide',
      'guide { }',
      '',
    ]);
    return g ? splice(p.text, g.span, to) : `${p.text}\n${to}\n`;
  },
  // change a data declaration's type
  (p, r) => {
    const ds = p.program.items.flatMap((i) => (i.kind === 'DataDecl' ? [i] : []));
    if (!ds.length) return null;
    const d = r.pick(ds);
    const dims = r.pick([
      '',
      `[${sizeText(p, r)}]`,
      `[${sizeText(p, r)}, ${sizeText(p, r)}]`,
      '[3]',
      '[0]',
      '[]',
    ]);
    return splice(p.text, d.type.span, `${r.pick(['int', 'real'])}${dims}`);
  },
  // change a plate's size or subsample
  (p, r) => {
    if (!p.plates.length) return null;
    const pl = r.pick(p.plates);
    const sizeSpan = (s: SizeExpr): Span => s.span;
    if (pl.subsample && r.chance(0.5))
      return splice(p.text, sizeSpan(pl.subsample), sizeText(p, r));
    if (r.chance(0.3))
      return insertAt(p.text, pl.size.span.end.offset, ` subsample ${sizeText(p, r)}`);
    return splice(p.text, sizeSpan(pl.size), sizeText(p, r));
  },
  // change an index of a site, or an argument of a distribution
  (p, r) => {
    const indexed = p.stmts.flatMap(({ stmt }) =>
      (stmt.kind === 'Sample' || stmt.kind === 'Observe' || stmt.kind === 'Param') &&
      stmt.indices.length
        ? stmt.indices
        : [],
    );
    const args: Expr[] = p.dists.flatMap((d) => d.args.map((a) => a.value));
    const pool = [...indexed, ...args];
    if (!pool.length) return null;
    const e = r.pick(pool);
    const by = r.chance(0.5)
      ? exprText(p, r)
      : r.pick([
          'i',
          'j',
          '0',
          '5',
          '-1',
          `${slice(p.text, e.span)} + 1`,
          `${slice(p.text, e.span)}, 0`,
        ]);
    return splice(p.text, e.span, by);
  },
];

/** The text with one structure mutation (null when the text does not parse or the mutation does not apply). */
export function mutateStructure(text: string, r: Rng): string | null {
  const p = partsOf(text);
  if (!p) return null;
  for (let tries = 0; tries < 4; tries++) {
    const out = r.pick(MUTATIONS)(p, r);
    if (out !== null && out !== text) return out;
  }
  return null;
}
