// `pplc fit --plot FILE.svg` and `--report FILE.html`: the loss curve and one panel per latent element, as a user runs them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pplc } from '../fit/cli-run.js';
import { checkWellFormed } from '../support/xml.js';
import { lossBuckets, marginals } from '../../src/cli/plot-data.js';

const dir = mkdtempSync(join(tmpdir(), 'pplc-plot-'));
const fit = (ex: string, ...extra: string[]): string[] => [
  'fit',
  `examples/${ex}.ppl`,
  '--data',
  `examples/${ex}.json`,
  '--backend',
  'cpu',
  '--steps',
  '50',
  ...extra,
];
/** The panel and axis titles of Vega's SVG: every <text> element's content. */
const texts = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
const count = (s: string, part: string): number => s.split(part).length - 1;

test('lossBuckets: at most 1000 points, each bucket its min, max and mean; non-finite losses skipped', () => {
  const losses = Float64Array.from({ length: 5000 }, (_, i) => 1000 / (i + 1) + (i % 7));
  losses[4999] = NaN;
  const { width, points } = lossBuckets(losses);
  assert.is(width, 5);
  assert.is(points.length, 1000);
  assert.equal(points[0], {
    step: 3,
    lo: Math.min(...losses.slice(0, 5)),
    hi: Math.max(...losses.slice(0, 5)),
    mean: losses.slice(0, 5).reduce((a, b) => a + b) / 5,
  });
  assert.is(points.at(-1)!.hi, Math.max(...losses.slice(4995, 4999)));
  assert.is(Math.min(...points.map((p) => p.lo)), Math.min(...losses.slice(0, 4999)));
  assert.equal(lossBuckets(Float64Array.of(3, 2)).points, [
    { step: 1, lo: 3, hi: 3, mean: 3 },
    { step: 2, lo: 2, hi: 2, mean: 2 },
  ]);
});

test('marginals: one element per draw column up to the cap, summed-out sites as means, notes for what is left out', () => {
  const draws = {
    a: [1, 2, 3],
    b: [
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ],
  };
  const m = marginals(draws, { a: 2, b: 0, z: [0.1, 0.9, 0.5] }, 3);
  assert.equal(m.elements, [
    { title: 'a', draws: [1, 2, 3] },
    { title: 'b[0, 0]', draws: [1, 5] },
    { title: 'b[0, 1]', draws: [2, 6] },
    { title: 'b[1, 0]', draws: [3, 7] },
  ]);
  assert.equal(m.summedOut, [
    {
      site: 'z',
      means: [
        { element: 'z[0]', mean: 0.1 },
        { element: 'z[1]', mean: 0.9 },
        { element: 'z[2]', mean: 0.5 },
      ],
    },
  ]);
  assert.equal(m.notes, ['b: the first 3 of 4 elements shown']);
});

test('--plot and --report: well-formed SVG with the loss and one histogram per latent element; the page has it and the table', () => {
  const svg = join(dir, 'linreg.svg');
  const html = join(dir, 'linreg.html');
  const r = pplc(fit('linreg', '--plot', svg, '--report', html));
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /posterior/);
  const text = readFileSync(svg, 'utf8');
  assert.is(checkWellFormed(text), 'svg');
  assert.ok(text.startsWith('<svg'));
  const titles = texts(text);
  const latents = ['alpha', ...Array.from({ length: 8 }, (_, j) => `beta[${j}]`), 'sigma'];
  for (const t of ['loss per step', ...latents]) assert.ok(titles.includes(t), `no title ${t}`);
  assert.ok(titles.some((t) => t.startsWith('examples/linreg.ppl: 50 steps')));
  assert.is(count(text, 'class="mark-rect role-mark'), latents.length, 'histogram panels');
  assert.is(count(text, 'class="mark-line role-mark'), 1, 'loss line');

  const page = readFileSync(html, 'utf8');
  assert.ok(page.startsWith('<!DOCTYPE html>'));
  assert.ok(page.includes(text.trim()), 'the page inlines the SVG');
  for (const l of latents) assert.ok(page.includes(`<tr><td>${l}</td>`), `no table row ${l}`);
  // Self-contained: nothing for a browser to fetch.
  assert.not.match(page, /<script|<link|<img|\ssrc=|url\(/);
});

test('a fit without latents plots only the loss; summed-out latents are bars of their means', () => {
  const mle = join(dir, 'mle.svg');
  const r = pplc(fit('mle', '--plot', mle));
  assert.is(r.status, 0, r.stderr);
  const text = readFileSync(mle, 'utf8');
  checkWellFormed(text);
  assert.ok(texts(text).includes('loss per step'));
  assert.is(count(text, 'class="mark-rect role-mark'), 0);
  assert.not.ok(texts(text).includes('draws'));

  const mix = join(dir, 'mixture.svg');
  assert.is(pplc(fit('mixture', '--plot', mix, '--json')).status, 0);
  const titles = texts(readFileSync(mix, 'utf8'));
  for (const t of ['w', 'z (summed out: posterior mean)', 'z: the first 12 of 200 elements shown'])
    assert.ok(titles.includes(t), `no title ${t}: ${titles.join('|')}`);
});

test('an unwritable path is a one-line error before the fit, exit 1', () => {
  const cases: [string[], RegExp][] = [
    [['--plot', join(dir, 'no-such-dir', 'p.svg')], /cannot write the plot '.*p\.svg': ENOENT$/],
    [['--report', dir], /cannot write the report '.*': EISDIR$/],
  ];
  for (const [flags, message] of cases) {
    const r = pplc(fit('mle', ...flags));
    assert.is(r.status, 1, r.stderr);
    assert.is(r.stdout, '', 'the fit ran');
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.trim(), /^pplc: error: /);
    assert.match(r.stderr.trim(), message);
  }
});

test.run();
