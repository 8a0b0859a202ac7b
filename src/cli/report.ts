// The readable fit report: params and an ArviZ-style posterior table (mean, sd, 5%, 50%, 95%), from a fit's JSON form.
import type { FitJson } from '../infer/result-json.js';
import { KHAT_BAD } from '../infer/psis.js';

/** Every number of a value nested over plates, with its index label (`[0, 2]`; '' for a scalar). */
export function flatten(
  v: unknown,
  prefix: readonly number[] = [],
): { label: string; value: number }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => flatten(x, [...prefix, i]));
  const label = prefix.length ? `[${prefix.join(', ')}]` : '';
  return [{ label, value: typeof v === 'number' ? v : NaN }];
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(3) : x.toFixed(3);
};

function grid(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string =>
    r.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

const STATS = ['mean', 'sd', 'q05', 'q50', 'q95'] as const;

/** A table of the report: its caption, column heads and rows of formatted cells. */
export interface ReportTable {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly string[][];
}

/** The report's parts, for the terminal and the HTML report alike; at most `limit` rows per site. */
export function reportParts(
  json: FitJson,
  file: string,
  limit = 20,
): { lines: string[]; tables: ReportTable[] } {
  const lines: string[] = [];
  const tables: ReportTable[] = [];
  const loss = json.loss ?? NaN;
  lines.push(
    `${file}: ${json.steps} steps in ${json.seconds.toFixed(2)} s, final loss ${fmt(loss)}`,
  );
  if (json.diagnostics) {
    const d = json.diagnostics;
    lines.push(
      `diagnostics: Pareto k̂ ${khatText(d.khat)}, ESS ${Math.round(d.ess)} of ${d.draws} guide draws`,
    );
  }
  if (json.log_evidence)
    lines.push(
      `log evidence (importance-sampling estimate at the fitted params): ${fmt(json.log_evidence.mean)} ± ${fmt(json.log_evidence.se)}`,
    );
  const latents = json.latents;
  const weighted = json.posterior;
  if (Object.keys(latents).length > 0) {
    const rows: string[][] = [];
    for (const [name, s] of Object.entries(latents)) {
      const w = weighted?.[name];
      const cols = STATS.map((k) => flatten(w && (k === 'mean' || k === 'sd') ? w[k] : s[k]));
      cols[0]!
        .slice(0, limit)
        .forEach((e, i) => rows.push([name + e.label, ...cols.map((c) => fmt(c[i]!.value))]));
      if (cols[0]!.length > limit)
        rows.push([`  ... ${cols[0]!.length - limit} more`, '', '', '', '', '']);
    }
    tables.push({
      caption: weighted
        ? `posterior (mean, sd: importance-weighted over every combination of samples; quantiles: ${json.latents_from}; constrained)`
        : `posterior (${json.latents_from}, constrained)`,
      head: ['latent', 'mean', 'sd', '5%', '50%', '95%'],
      rows,
    });
  }
  const params = json.params;
  if (Object.keys(params).length > 0) {
    const rows: string[][] = [];
    for (const [name, v] of Object.entries(params)) {
      const all = flatten(v);
      all.slice(0, limit).forEach((e) => rows.push([name + e.label, fmt(e.value)]));
      if (all.length > limit) rows.push([`  ... ${all.length - limit} more`, '']);
    }
    tables.push({ caption: 'params (constrained)', head: ['param', 'value'], rows });
  }
  return { lines, tables };
}

/** The report of a fit's JSON form (`Fit.toJSON()`); at most `limit` rows per site, so a 300 x 5 latent does not flood the terminal. */
export function renderReport(json: FitJson, file: string, limit = 20): string {
  const { lines, tables } = reportParts(json, file, limit);
  const parts = [...lines, ...tables.map((t) => `\n${t.caption}:\n${grid(t.head, t.rows)}`)];
  return parts.join('\n') + '\n';
}

/** k̂ to two places (never "-0.00"); null when the largest weights tie (no tail: bounded weights). */
const khatText = (k: number | null): string =>
  k === null ? 'none (the largest weights tie)' : (Math.abs(k) < 0.005 ? 0 : k).toFixed(2);

/** The warning a fit deserves when PSIS finds its guide's draws unfit as importance samples (k̂ > 0.7), else null. */
export function diagnosticsWarning(json: FitJson): string | null {
  const k = json.diagnostics?.khat;
  if (k === undefined || k === null || k <= KHAT_BAD) return null;
  return `pplc: warning: Pareto k̂ ${khatText(k)} > ${KHAT_BAD}: the guide is not to be trusted for this posterior (its draws are poor importance samples of it; try another guide, more steps or another method)\n`;
}
