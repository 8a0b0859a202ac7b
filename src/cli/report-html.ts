// `fit --report FILE.html`: one self-contained page (no scripts, styles or images fetched) with the fit's chart as inline SVG and the report's tables.
import type { FitJson } from '../infer/result-json.js';
import { reportParts } from './report.js';

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c as '&' | '<' | '>' | '"'],
  );

const STYLE = `body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0 2em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.4em; }
th, td { padding: 0.2em 0.8em; border-bottom: 1px solid #ddd; }
td { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child, th:first-child { text-align: left; font-family: monospace; }`;

/** The page of a fit: headline lines, the chart's SVG (Vega's output, inlined as is) and one HTML table per report table. */
export function reportHtml(json: FitJson, file: string, svg: string): string {
  const { lines, tables } = reportParts(json, file);
  const row = (cells: readonly string[], tag: 'th' | 'td'): string =>
    `<tr>${cells.map((c) => `<${tag}>${escapeHtml(c.trim())}</${tag}>`).join('')}</tr>`;
  const html = tables.map((t) =>
    [
      '<table>',
      `<caption>${escapeHtml(t.caption)}</caption>`,
      `<thead>${row(t.head, 'th')}</thead>`,
      '<tbody>',
      ...t.rows.map((r) => row(r, 'td')),
      '</tbody>',
      '</table>',
    ].join('\n'),
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`pplc fit ${file}`)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(file)}</h1>`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<figure>\n${svg}\n</figure>`,
    ...html,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
