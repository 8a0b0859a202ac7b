// The readable fit report: params and an ArviZ-style posterior table (mean, sd, 5%, 50%, 95%).
import type { FitResult } from '../infer/fit-result.js';
import { finalLoss } from '../infer/fit-result.js';

function indexLabels(shape: readonly number[]): string[] {
  if (shape.length === 0) return [''];
  const out: string[] = [];
  const rec = (prefix: number[], d: number): void => {
    if (d === shape.length) out.push(`[${prefix.join(', ')}]`);
    else for (let i = 0; i < shape[d]!; i++) rec([...prefix, i], d + 1);
  };
  rec([], 0);
  return out;
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(3) : x.toFixed(3);
};

function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string =>
    r.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** At most `limit` rows per site, so a 300 x 5 latent does not flood the terminal. */
export function renderReport(r: FitResult, file: string, limit = 20): string {
  const parts: string[] = [];
  parts.push(
    `${file}: ${r.steps} steps in ${r.seconds.toFixed(2)} s, final loss ${fmt(finalLoss(r.losses))}`,
  );
  if (r.latents.size > 0) {
    const rows: string[][] = [];
    for (const [name, s] of r.latents) {
      const labels = indexLabels(s.shape);
      s.elements
        .slice(0, limit)
        .forEach((e, i) =>
          rows.push([name + labels[i], fmt(e.mean), fmt(e.sd), fmt(e.q05), fmt(e.q50), fmt(e.q95)]),
        );
      if (s.elements.length > limit)
        rows.push([`  ... ${s.elements.length - limit} more`, '', '', '', '', '']);
    }
    parts.push(
      '\nposterior (guide draws, constrained):\n' +
        grid(['latent', 'mean', 'sd', '5%', '50%', '95%'], rows),
    );
  }
  if (r.params.size > 0) {
    const rows: string[][] = [];
    for (const [name, p] of r.params) {
      const labels = indexLabels(p.shape);
      [...p.values].slice(0, limit).forEach((v, i) => rows.push([name + labels[i], fmt(v)]));
      if (p.values.length > limit) rows.push([`  ... ${p.values.length - limit} more`, '']);
    }
    parts.push('\nparams (constrained):\n' + grid(['param', 'value'], rows));
  }
  return parts.join('\n') + '\n';
}
