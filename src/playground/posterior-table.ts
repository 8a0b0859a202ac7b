// A fit's posterior and params as HTML tables: the rows and captions of the CLI's report (src/cli/report.ts).
import { reportParts } from '../cli/report.js';
import type { FitJson } from '../infer/result-json.js';

/** The tables' ids by their first column head: the tests and the page's style find them by these. */
const IDS: Readonly<Record<string, string>> = { latent: 'posterior', param: 'params' };

function cell(tag: 'th' | 'td', text: string): HTMLElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

/** The report's headline lines, then one table per part (posterior, params), into `parent`. */
export function renderTables(parent: HTMLElement, json: FitJson, file: string): void {
  const { lines, tables } = reportParts(json, file);
  parent.replaceChildren();
  for (const line of lines) {
    const p = document.createElement('p');
    p.className = 'report-line';
    p.textContent = line;
    parent.append(p);
  }
  for (const t of tables) {
    const table = document.createElement('table');
    table.id = IDS[t.head[0]!] ?? '';
    table.createCaption().textContent = t.caption;
    table.createTHead().append(row('th', t.head));
    const body = table.createTBody();
    for (const r of t.rows) body.append(row('td', r));
    parent.append(table);
  }
}

function row(tag: 'th' | 'td', cells: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.append(...cells.map((c) => cell(tag, c)));
  return tr;
}
