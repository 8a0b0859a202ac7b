// Walks a block's statements: lets, sample/observe/param sites, plates and branches; builds typed statements and SiteInfo.
import type { Ident, Stmt } from '../parser/ast.js';
import { checkConstInit, checkConstraint } from './constraints.js';
import {
  childScope,
  lookup,
  report,
  siteScope,
  type Binding,
  type Env,
  type Scope,
} from './scope.js';
import { checkDist } from './dist-call.js';
import { typeExpr } from './exprs.js';
import { leftSpine } from './left-spine.js';
import { checkPlateHeader } from './plates.js';
import { checkSiteIndices, siteValueType } from './sites.js';
import type { SiteInfo, TExpr, TStmt } from './typed.js';
import type { Size } from '../ir/ir.js';
import type { Distribution } from '../distributions/record.js';
import { UNKNOWN, isUnknown, sizeEq, sizeText, tyPhrase, tyText } from './ty.js';

/** How an error names a statement of each kind. */
const STMT_WORDS: { readonly [K in Stmt['kind']]: string } = {
  Let: 'a let',
  Sample: 'a sample statement',
  Observe: 'an observe statement',
  Param: 'a param',
  Plate: 'a plate',
  Group: 'a group',
  If: 'an if',
};

export function checkStmts(env: Env, stmts: readonly Stmt[]): TStmt[] {
  return stmts.map((s) => checkStmt(env, s));
}

function checkStmt(env: Env, s: Stmt): TStmt {
  switch (s.kind) {
    case 'Let':
      return checkLet(env, s);
    case 'Sample':
      return checkSample(env, s);
    case 'Observe':
      return checkObserve(env, s);
    case 'Param':
      return checkParam(env, s);
    case 'Plate': {
      const plate = checkPlateHeader(env, s);
      const scope = childScope(env.scope, 'plate');
      scope.names.set(s.index.name, { kind: 'plateIndex', plate, span: s.index.span });
      const inner: Env = {
        ...env,
        scope,
        state: { ...env.state, plates: [...env.state.plates, plate] },
      };
      const body = checkStmts(inner, s.body);
      env.state.closedIndices.add(s.index.name);
      return { kind: 'Plate', plate, body, span: s.span };
    }
    case 'Group': {
      // Only sample statements: a group is a set of latents drawn together, no scope of its own.
      for (const x of s.body)
        if (x.kind !== 'Sample') report(env.ctx, 'E0414', x.span, { kind: STMT_WORDS[x.kind] });
      const body = checkStmts(
        env,
        s.body.filter((x) => x.kind === 'Sample'),
      );
      return {
        kind: 'Group',
        id: `group@${s.span.start.line}:${s.span.start.column}`,
        body,
        span: s.span,
      };
    }
    case 'If': {
      const cond = typeExpr(env, s.cond);
      if (!isUnknown(cond.ty) && cond.ty.dims.length > 0) {
        report(env.ctx, 'E0308', cond.span, { variant: 'condition', type: tyPhrase(cond.ty) });
      }
      const thenScope = childScope(env.scope, 'branch');
      const elseScope = childScope(env.scope, 'branch');
      const branch = (scope: Scope, body: readonly Stmt[]): TStmt[] =>
        checkStmts({ ...env, scope, state: { ...env.state, conditional: true } }, body);
      const then = branch(thenScope, s.then);
      const els = s.else === null ? null : branch(elseScope, s.else);
      joinBranches(env, thenScope, elseScope);
      return { kind: 'If', cond, then, else: els, span: s.span };
    }
  }
}

/** A site or param bound in both branches (with one type) exists after the if; one bound in a single branch does not. */
function joinBranches(env: Env, a: Scope, b: Scope): void {
  const target = siteScope(env.scope);
  for (const [name, x] of a.names) {
    if (x.kind !== 'site' && x.kind !== 'param') continue;
    const y = b.names.get(name);
    if (y && y.kind === x.kind && tyText(y.ty) === tyText(x.ty)) target.names.set(name, x);
    else env.state.branchOnly.add(name);
  }
  for (const [name, y] of b.names) {
    if ((y.kind === 'site' || y.kind === 'param') && !a.names.has(name))
      env.state.branchOnly.add(name);
  }
}

const isBinary = (e: TExpr): e is Extract<TExpr, { kind: 'Binary' }> => e.kind === 'Binary';

/** Whether an expression reads a random site or a param (directly or through lets). */
export function readsLearned(env: Env, e: TExpr): boolean {
  switch (e.kind) {
    case 'Num':
      return false;
    case 'Name':
      if (e.ref.kind === 'site' || e.ref.kind === 'param') return true;
      return e.ref.kind === 'let' ? (env.ctx.letLearned.get(e.ref.id) ?? false) : false;
    case 'Index':
      return readsLearned(env, e.target) || e.indices.some((i) => readsLearned(env, i));
    case 'Binary': {
      const { first, nodes } = leftSpine(e, isBinary);
      return readsLearned(env, first) || nodes.some((n) => readsLearned(env, n.right));
    }
    case 'Unary':
      return readsLearned(env, e.operand);
    case 'Call':
      return e.args.some((a) => readsLearned(env, a));
  }
}

const describe = (b: Binding): string =>
  b.kind === 'plateIndex'
    ? 'a plate index'
    : b.kind === 'let'
      ? 'a let binding'
      : b.kind === 'site'
        ? 'a sample site'
        : 'a param';

function checkLet(env: Env, s: Extract<Stmt, { kind: 'Let' }>): TStmt {
  const value = typeExpr(env, s.value);
  const name = s.name.name;
  const here = env.scope.names.get(name);
  const outer = lookup(env.scope, name);
  if (here)
    report(env.ctx, 'E0204', s.name.span, {
      variant: 'sameScope',
      name,
      kind: describe(here),
      line: here.span.start.line,
    });
  else if (env.ctx.data.has(name))
    report(env.ctx, 'E0204', s.name.span, { variant: 'letData', name });
  else if (outer && outer.kind !== 'let')
    report(env.ctx, 'E0204', s.name.span, {
      variant: 'reused',
      what: 'let',
      name,
      kind: describe(outer),
    });
  const id = env.ctx.ids.nextLet++;
  const learned = readsLearned(env, value);
  env.ctx.letLearned.set(id, learned);
  if (!here)
    env.scope.names.set(name, { kind: 'let', id, ty: value.ty, learned, span: s.name.span });
  return { kind: 'Let', name, id, value, span: s.span };
}

/** A sampled or param name must not be data, a let or a plate index. Returns whether it may be bound. */
function checkSiteName(env: Env, name: Ident, what: 'sample site' | 'param'): boolean {
  if (env.ctx.data.has(name.name)) {
    const variant = what === 'sample site' ? 'sample' : 'param';
    report(env.ctx, 'E0407', name.span, { variant, name: name.name });
    return false;
  }
  const b = lookup(env.scope, name.name);
  if (b && (b.kind === 'let' || b.kind === 'plateIndex')) {
    report(env.ctx, 'E0204', name.span, {
      variant: 'reused',
      what,
      name: name.name,
      kind: describe(b),
    });
    return false;
  }
  return true;
}

function site(
  env: Env,
  name: Ident,
  role: SiteInfo['role'],
  rest: Pick<SiteInfo, 'valueType' | 'dist' | 'support' | 'discrete'> & {
    readonly event?: Size | null;
  },
): SiteInfo {
  const info: SiteInfo = {
    name: name.name,
    role,
    block: env.state.block,
    plates: env.state.plates.map((p) => p.id),
    shape: env.state.plates.map((p) => p.size),
    conditional: env.state.conditional,
    span: name.span,
    event: null,
    ...rest,
  };
  env.ctx.sites.push(info);
  return info;
}

function checkSample(env: Env, s: Extract<Stmt, { kind: 'Sample' }>): TStmt {
  const bindable = checkSiteName(env, s.name, 'sample site');
  const { indices, ok } = checkSiteIndices(env, s.name, s.indices, 'sample site');
  const { dist, family } = checkDist(env, s.dist);
  const discrete = family?.discrete ?? false;
  const valueType = discrete ? 'int' : 'real';
  const event = valueEvent(family, dist.args);
  const info = site(env, s.name, 'latent', {
    valueType,
    dist: dist.name,
    support: family?.support ?? 'real',
    discrete,
    event,
  });
  if (bindable) {
    const ty = ok ? siteValueType(valueType, env.state.plates, event) : UNKNOWN;
    siteScope(env.scope).names.set(s.name.name, {
      kind: 'site',
      ty,
      block: env.state.block,
      span: s.name.span,
    });
  }
  return { kind: 'Sample', site: info, indices, dist, span: s.span };
}

/** The length of a vector-valued family's values (Dirichlet's: its concentration's), or null for scalars. */
function valueEvent(
  family: Distribution | null,
  args: Readonly<Record<string, TExpr>>,
): Size | null {
  const p = family?.valueEvent;
  const a = p === undefined ? undefined : args[p];
  return a === undefined || isUnknown(a.ty) ? null : (a.ty.dims[0]?.size ?? null);
}

// Any int or real data may be observed by any distribution: ints are reals, and real 0/1 data is what Pyro takes for
// Bernoulli; whether the values lie in a discrete support is checked when the data is loaded (src/data/support.ts).
function checkObserve(env: Env, s: Extract<Stmt, { kind: 'Observe' }>): TStmt {
  const name = s.name.name;
  if (env.state.block === 'guide') report(env.ctx, 'E0501', s.span, { name });
  const { indices } = checkSiteIndices(env, s.name, s.indices, 'observed site');
  // A vector-valued family's values carry one more dim than the plates: its length.
  const { dist, family } = checkDist(env, s.dist);
  const eventOf = valueEvent(family, dist.args);
  const d = env.ctx.data.get(name);
  const plates = env.state.plates;
  const unsure = env.ctx.badData.has(name) || plates.some((p) => env.ctx.badPlates.has(p.id));
  if (!d && env.ctx.allData.has(name)) {
    const line = env.ctx.allData.get(name)!.start.line;
    report(env.ctx, 'E0202', s.name.span, { variant: 'observed', name, line });
  } else if (!d) {
    const b = lookup(env.scope, name);
    if (b) report(env.ctx, 'E0405', s.name.span, { variant: 'bound', name, kind: describe(b) });
    else report(env.ctx, 'E0405', s.name.span, { variant: 'undeclared', name });
  } else if (unsure) {
    // its declaration or a plate size is already reported
  } else if (
    d.dims.length !== plates.length + (eventOf === null ? 0 : 1) ||
    d.dims.some((size, k) => k < plates.length && !sizeEq(size, plates[k]!.size)) ||
    (eventOf !== null && !sizeEq(d.dims[plates.length]!, eventOf))
  ) {
    const declared = d.dims.length === 0 ? d.base : `${d.base}[${d.dims.map(sizeText).join(', ')}]`;
    if (eventOf !== null)
      report(env.ctx, 'E0406', s.name.span, {
        variant: 'shape',
        name,
        declared,
        shape: [...plates.map((p) => p.size), eventOf].map(sizeText).join(', '),
      });
    else if (plates.length === 0)
      report(env.ctx, 'E0406', s.name.span, { variant: 'scalar', name, declared });
    else
      report(env.ctx, 'E0406', s.name.span, {
        variant: 'shape',
        name,
        declared,
        shape: plates.map((p) => sizeText(p.size)).join(', '),
      });
  }
  const discrete = family?.discrete ?? false;
  const info = site(env, s.name, 'observed', {
    valueType: discrete ? 'int' : 'real',
    dist: dist.name,
    support: family?.support ?? 'real',
    discrete,
    event: eventOf,
  });
  return { kind: 'Observe', site: info, indices, dist, span: s.span };
}

function checkParam(env: Env, s: Extract<Stmt, { kind: 'Param' }>): TStmt {
  const bindable = checkSiteName(env, s.name, 'param');
  const { indices, ok } = checkSiteIndices(env, s.name, s.indices, 'param');
  const constraint = checkConstraint(env, s.constraint, s.name.span);
  const init = typeExpr(env, s.init);
  if (!isUnknown(init.ty)) {
    if (init.ty.dims.length > 0) {
      report(env.ctx, 'E0308', init.span, {
        variant: 'paramInit',
        name: s.name.name,
        type: tyPhrase(init.ty),
      });
    } else if (readsLearned(env, init)) {
      report(env.ctx, 'E0412', init.span, { name: s.name.name });
    } else checkConstInit(env, s.name.name, constraint, init);
  }
  const event = constraint.size ?? null;
  const info = site(env, s.name, 'param', {
    valueType: 'real',
    dist: null,
    support: constraint.name,
    discrete: false,
    event,
  });
  if (bindable) {
    const ty =
      ok && (constraint.name !== 'simplex' || event !== null)
        ? siteValueType('real', env.state.plates, event)
        : UNKNOWN;
    siteScope(env.scope).names.set(s.name.name, {
      kind: 'param',
      ty,
      block: env.state.block,
      span: s.name.span,
    });
  }
  return { kind: 'Param', site: info, indices, constraint, init, span: s.span };
}
