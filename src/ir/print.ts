// Canonical, deterministic text of an IR function (for `pplc compile --emit ir|grad` and golden tests).
import type { Attrs, Axis, ConstraintSpec, IRFunction, Size } from './ir.js';

const BARE = /^[A-Za-z_][A-Za-z0-9_.:#]*$/;

function str(s: string): string {
  return BARE.test(s) ? s : JSON.stringify(s);
}

function num(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

function attrValue(v: Attrs[string]): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') return str(v);
  return `[${(v as readonly (string | number)[]).map((x) => (typeof x === 'number' ? num(x) : str(x))).join(', ')}]`;
}

export function printAttrs(attrs: Attrs): string {
  const keys = Object.keys(attrs).sort();
  if (keys.length === 0) return '';
  return ` {${keys.map((k) => `${k}=${attrValue(attrs[k]!)}`).join(', ')}}`;
}

function size(s: Size): string {
  return s.kind === 'lit' ? String(s.value) : str(s.name);
}

function axis(a: Axis): string {
  const sz = a.packedFrom
    ? `packed(${a.packedFrom.map((p) => `[${p.join(', ')}]`).join(' + ')})`
    : size(a.size);
  return `  ${str(a.id)}: ${a.role} ${sz}${a.full ? ` of ${size(a.full)}` : ''}`;
}

function constraint(c: ConstraintSpec): string {
  if (c.kind === 'interval') return `interval(${num(c.low)}, ${num(c.high)})`;
  return c.kind === 'simplex' ? `simplex(${c.axis})` : c.kind;
}

export function printIR(fn: IRFunction): string {
  const lines: string[] = [`fn ${str(fn.name)}`, 'axes'];
  for (const a of fn.axes) lines.push(axis(a));
  lines.push('params');
  for (const p of fn.params) {
    lines.push(`  ${str(p.name)}: [${p.axes.join(', ')}] ${constraint(p.constraint)} (${p.block})`);
  }
  lines.push('eqns');
  for (const e of fn.eqns) {
    const args = e.args.map((a) => ` %${a}`).join('');
    lines.push(`  %${e.out}: [${e.axes.join(', ')}] = ${e.op}${args}${printAttrs(e.attrs)}`);
  }
  lines.push('outputs');
  for (const k of Object.keys(fn.outputs).sort()) lines.push(`  ${str(k)} = %${fn.outputs[k]}`);
  return lines.join('\n') + '\n';
}
