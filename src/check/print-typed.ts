// Prints a checked program deterministically (`pplc compile --emit typed`): data, plates, sites, then the typed statements.
import type {
  CheckedProgram,
  GuideSpec,
  PlateInfo,
  SiteInfo,
  TDist,
  TExpr,
  TStmt,
} from './typed.js';
import { sizeText, tyText } from './ty.js';
import { leftSpine } from './left-spine.js';
import type { Size } from '../ir/ir.js';

export function printTyped(c: CheckedProgram): string {
  const out: string[] = [`program ${c.file}`, 'data'];
  for (const d of c.data) {
    const dims = d.dims.length ? `[${d.dims.map(sizeText).join(', ')}]` : '';
    out.push(`  ${d.name}: ${d.base}${dims}${d.isSize ? '  (size)' : ''}`);
  }
  out.push('plates');
  for (const p of c.plates.values()) out.push(`  ${plateLine(p)}`);
  out.push('sites');
  for (const s of c.sites) out.push(`  ${siteLine(s)}`);
  out.push(`guide ${guideLine(c.guide)}`);
  out.push('model {');
  printBlock(c.model, 1, out);
  out.push('}');
  if (c.guide.kind === 'custom') {
    out.push('guide {');
    printBlock(c.guide.body, 1, out);
    out.push('}');
  }
  return out.join('\n') + '\n';
}

const sizes = (ss: readonly Size[]): string => `[${ss.map(sizeText).join(', ')}]`;

function plateLine(p: PlateInfo): string {
  const sub = p.subsample ? ` subsample ${sizeText(p.subsample)}` : '';
  return `${p.id}: index ${p.index} in ${sizeText(p.size)}${sub}, ${p.block}, parent ${p.parent ?? '-'}`;
}

function siteLine(s: SiteInfo): string {
  return [
    s.name,
    s.block,
    s.role,
    `plates [${s.plates.join(', ')}]`,
    `shape ${sizes(s.shape)}`,
    s.valueType,
    s.dist ?? '-',
    `support ${s.support}`,
    s.discrete ? 'discrete' : 'continuous',
    s.conditional ? 'conditional' : 'unconditional',
  ].join(' | ');
}

function guideLine(g: GuideSpec): string {
  if (g.kind === 'custom') return 'custom';
  return `${g.family}${g.rank !== null ? `(rank = ${g.rank})` : ''}${g.span === null ? ' (default)' : ''}`;
}

function printBlock(body: readonly TStmt[], depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  for (const s of body) {
    switch (s.kind) {
      case 'Let':
        out.push(`${pad}let ${s.name}#${s.id} = ${expr(s.value)}`);
        break;
      case 'Sample':
      case 'Observe':
        out.push(
          `${pad}${s.kind === 'Sample' ? 'sample' : 'observe'} ${siteRef(s.site.name, s.indices)} ~ ${dist(s.dist)}`,
        );
        break;
      case 'Param': {
        const c = s.constraint;
        const cargs = c.args.length ? `(${c.args.map(expr).join(', ')})` : '';
        out.push(
          `${pad}param ${siteRef(s.site.name, s.indices)}: ${c.name}${cargs} = ${expr(s.init)}`,
        );
        break;
      }
      case 'Plate': {
        const p = s.plate;
        const sub = p.subsample ? ` subsample ${sizeText(p.subsample)}` : '';
        out.push(`${pad}plate ${p.id} in ${sizeText(p.size)}${sub} {`);
        printBlock(s.body, depth + 1, out);
        out.push(`${pad}}`);
        break;
      }
      case 'Group':
        out.push(`${pad}group ${s.id} {`);
        printBlock(s.body, depth + 1, out);
        out.push(`${pad}}`);
        break;
      case 'If':
        out.push(`${pad}if ${expr(s.cond)} {`);
        printBlock(s.then, depth + 1, out);
        if (s.else) {
          out.push(`${pad}} else {`);
          printBlock(s.else, depth + 1, out);
        }
        out.push(`${pad}}`);
        break;
    }
  }
}

const siteRef = (name: string, indices: readonly TExpr[]): string =>
  indices.length
    ? `${name}[${indices.map((i) => (i.kind === 'Name' && i.ref.kind === 'plateIndex' ? i.ref.plate : expr(i))).join(', ')}]`
    : name;

function dist(d: TDist): string {
  return `${d.name}(${Object.entries(d.args)
    .map(([k, v]) => `${k} = ${expr(v)}`)
    .join(', ')})`;
}

const isBinary = (e: TExpr): e is Extract<TExpr, { kind: 'Binary' }> => e.kind === 'Binary';

/** An S-expression with every node's type: `(+ alpha:real (dot ...):real):real`. */
function expr(e: TExpr): string {
  const t = `:${tyText(e.ty)}`;
  switch (e.kind) {
    case 'Num':
      return `${e.value}${t}`;
    case 'Name': {
      const r = e.ref;
      const tag =
        r.kind === 'let'
          ? `let#${r.id}`
          : r.kind === 'plateIndex'
            ? `index ${r.plate}`
            : r.kind === 'data'
              ? 'data'
              : `${r.kind} ${r.block}`;
      return `${e.name}{${tag}}${t}`;
    }
    case 'Index':
      return `(index ${expr(e.target)} ${e.indices.map(expr).join(' ')})${t}`;
    case 'Binary': {
      // `(+ (+ a b) c)` built by a loop down the left-nested chain, in parts (linear in its length).
      const { first, nodes } = leftSpine(e, isBinary);
      const open = nodes.map((n) => `(${n.op} `).reverse();
      const close = nodes.map((n) => ` ${expr(n.right)}):${tyText(n.ty)}`);
      return [...open, expr(first), ...close].join('');
    }
    case 'Unary':
      return `(${e.op} ${expr(e.operand)})${t}`;
    case 'Call':
      return `(${e.fn} ${e.args.map(expr).join(' ')})${t}`;
  }
}
