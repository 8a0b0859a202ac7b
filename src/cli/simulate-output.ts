// The forms of a simulation's output: per-site summaries as a table or JSON, a trace of every draw, one CSV row per draw.
import type { Simulation, SimulatedSite } from '../infer/simulate.js';
import { nest, quantileSorted, type ElementSummary } from '../infer/summary.js';

const STATS = ['mean', 'sd', 'q05', 'q50', 'q95'] as const;

/** Per element of a site, its summary over the draws on which it exists (NaN statistics where it never does). */
export function siteSummaries(s: SimulatedSite, draws: number): ElementSummary[] {
  const n = s.values.length / draws;
  const out: ElementSummary[] = [];
  for (let e = 0; e < n; e++) {
    const col: number[] = [];
    for (let d = 0; d < draws; d++) {
      const x = s.values[d * n + e]!;
      if (!Number.isNaN(x)) col.push(x);
    }
    const m = col.length;
    const mean = col.reduce((a, x) => a + x, 0) / m;
    const ss = col.reduce((a, x) => a + (x - mean) ** 2, 0);
    const sorted = Float64Array.from(col).sort();
    const q = (p: number): number => (m === 0 ? NaN : quantileSorted(sorted, p));
    out.push({
      mean,
      sd: Math.sqrt(ss / Math.max(1, m - 1)),
      q05: q(0.05),
      q50: q(0.5),
      q95: q(0.95),
    });
  }
  return out;
}

/** `{"draws", "sites": {name: {mean, sd, q05, q50, q95}}}`, nested over plates; with the trace, every draw's values and log-densities. */
export function simulationJson(sim: Simulation, trace: boolean): Record<string, unknown> {
  const sites: Record<string, Record<string, unknown>> = {};
  for (const s of sim.sites) {
    const el = siteSummaries(s, sim.draws);
    sites[s.name] = Object.fromEntries(
      STATS.map((k) => [
        k,
        nest(
          el.map((e) => e[k]),
          s.shape,
        ),
      ]),
    );
  }
  if (!trace) return { draws: sim.draws, sites };
  const per = sim.sites.map((s) => s.values.length / sim.draws);
  const draws = [];
  for (let d = 0; d < sim.draws; d++) {
    const values: Record<string, unknown> = {};
    sim.sites.forEach((s, i) => {
      values[s.name] = {
        value: nest(s.values.subarray(d * per[i]!, (d + 1) * per[i]!), s.shape),
        log_prob: s.logProb[d],
      };
    });
    draws.push({ sites: values, log_prob_sum: sim.logProbSum[d] });
  }
  return { draws: sim.draws, sites, trace: draws };
}

/** Column labels of a site's elements: `y[0,2]`, or the name alone for a scalar. */
function labels(s: SimulatedSite): string[] {
  const n = s.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, flat) => {
    if (s.shape.length === 0) return s.name;
    const idx: number[] = [];
    let r = flat;
    for (let k = s.shape.length - 1; k >= 0; k--) {
      idx.unshift(r % s.shape[k]!);
      r = Math.floor(r / s.shape[k]!);
    }
    return `${s.name}[${idx.join(',')}]`;
  });
}

const cell = (x: number): string => (Number.isNaN(x) ? '' : String(x));
const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A header, then one row per draw: every site element (empty where the site does not exist); the trace adds log-densities. */
export function simulationCsv(sim: Simulation, trace: boolean): string {
  const head = sim.sites.flatMap(labels);
  if (trace) head.push(...sim.sites.map((s) => `log_prob:${s.name}`), 'log_prob_sum');
  const lines = [head.map(quote).join(',')];
  const per = sim.sites.map((s) => s.values.length / sim.draws);
  for (let d = 0; d < sim.draws; d++) {
    const row = sim.sites.flatMap((s, i) =>
      Array.from(s.values.subarray(d * per[i]!, (d + 1) * per[i]!), cell),
    );
    if (trace) row.push(...sim.sites.map((s) => cell(s.logProb[d]!)), cell(sim.logProbSum[d]!));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '-' : String(x);
  const a = Math.abs(x);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? x.toExponential(3) : x.toFixed(3);
};

export interface TableHow {
  readonly file: string;
  readonly from: 'prior' | 'posterior';
  readonly seed: number;
  readonly trace: boolean;
}

/** The readable summary: one row per site element (at most `limit` per site), its role beside it. */
export function simulationTable(sim: Simulation, how: TableHow, limit = 20): string {
  const head = ['site', 'kind', 'mean', 'sd', '5%', '50%', '95%'];
  const rows: string[][] = [];
  for (const s of sim.sites) {
    const el = siteSummaries(s, sim.draws);
    labels(s)
      .slice(0, limit)
      .forEach((label, i) => rows.push([label, s.role, ...STATS.map((k) => fmt(el[i]![k]))]));
    if (el.length > limit) rows.push([`  ... ${el.length - limit} more`, '', '', '', '', '', '']);
  }
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string =>
    r.map((x, c) => (c < 2 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ');
  const what = how.from === 'prior' ? 'prior predictive' : 'posterior predictive (fitted guide)';
  const parts = [
    `${how.file}: ${sim.draws} draws, ${what}, seed ${how.seed}`,
    '',
    [line(head), ...rows.map(line)].join('\n'),
  ];
  if (how.trace) {
    const mean = sim.logProbSum.reduce((a, x) => a + x, 0) / sim.draws;
    parts.push('', `log p of the draws (trace log_prob_sum): mean ${fmt(mean)}`);
  }
  return parts.join('\n') + '\n';
}
