// A compiled module in headless Chromium: `pplc compile examples/scale.ppl -o DIR` writes scale.js, which imports
// `pplc/runtime`; a page maps that to the runtime entry's browser bundle (an import map) and fits it to its answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Chromium } from './chromium.js';
import { openHarness, type Harness } from './harness.js';
import { settled } from './playground-page.js';
import { assertScaleAnswer } from './scale-answer.js';
import type { Served } from './serve.js';

let harness: Harness;
let server: Served;
let browser: Chromium;
let page: Page;

test.before(async () => {
  harness = await openHarness();
  ({ server, browser } = harness);
  // Into the served folder, after the build (which empties it).
  const dir = join(server.out, 'compiled');
  execFileSync(process.execPath, ['bin/pplc', 'compile', 'examples/scale.ppl', '-o', dir]);
  copyFileSync('examples/scale.json', join(dir, 'scale.json'));
  page = await browser.context.newPage();
});

test.after(async () => {
  await harness?.close();
});

interface Answer {
  readonly backend: string;
  readonly params: { readonly a: number; readonly b: number };
  readonly summary: { readonly weight: { readonly mean: number; readonly sd: number } };
}

async function fitCompiled(backend: string): Promise<Answer> {
  await page.goto(
    `${server.url}compiled.html?module=compiled/scale.js&data=compiled/scale.json&backend=${backend}`,
  );
  await settled(page);
  const out = (await page.textContent('#out')) ?? '';
  assert.is(await page.evaluate(() => document.body.dataset.state), 'done', out);
  return JSON.parse(out) as Answer;
}

for (const backend of ['webgpu', 'cpu'] as const)
  test(`the compiled scale module fits in a page on ${backend}`, async () => {
    const r = await fitCompiled(backend);
    assert.is(r.backend, backend);
    assertScaleAnswer(r.params.a, r.params.b, `compiled, ${backend}`);
    // The guide's draws summarise the same Normal(a, b).
    assert.ok(Math.abs(r.summary.weight.mean - r.params.a) < 0.1);
  });

test.run();
