// The playground in headless Chromium: scale fitted on WebGPU and on the CPU backend (asked for, and where the
// browser has no WebGPU), its answer read from the page; errors at their lines; the .ppl highlighting.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import type { Chromium } from './chromium.js';
import { openHarness, type Harness } from './harness.js';
import { fitOnLoad, readAnswer, settled } from './playground-page.js';
import { assertScaleAnswer } from './scale-answer.js';
import type { Served } from './serve.js';

let harness: Harness;
let server: Served;
let browser: Chromium;
let page: Page;
const pageErrors: string[] = [];

test.before(async () => {
  harness = await openHarness();
  ({ server, browser } = harness);
  page = await browser.context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

test.after(async () => {
  await harness?.close();
});

test('scale on WebGPU: the guide reaches the exact posterior, the table and the chart are shown', async () => {
  const r = await fitOnLoad(page, server.url, '?example=scale&backend=webgpu&autofit');
  assert.is(r.state, 'done', r.messages);
  assert.is(r.backend, 'webgpu');
  assert.match(r.gpu, /WebGPU adapter/);
  assertScaleAnswer(r.params.a!, r.params.b!, 'WebGPU');
  assert.match((await page.textContent('#posterior')) ?? '', /weight/);
  assert.match((await page.textContent('#progress-text')) ?? '', /step 1000 of 1000/);
  await page.waitForSelector('#chart svg', { timeout: 30_000 });
  console.log(`scale on WebGPU: page load to table ${r.answerMs} ms`);
});

test('scale on the CPU backend (?backend=cpu)', async () => {
  const r = await fitOnLoad(page, server.url, '?example=scale&backend=cpu&autofit');
  assert.is(r.state, 'done', r.messages);
  assert.is(r.backend, 'cpu');
  assertScaleAnswer(r.params.a!, r.params.b!, 'CPU');
  console.log(`scale on the CPU: page load to table ${r.answerMs} ms`);
});

test('a browser without WebGPU says so and fits on the CPU', async () => {
  const bare = await browser.context.newPage();
  // As in a browser without WebGPU: the page's probe finds no navigator.gpu.
  await bare.addInitScript(() => {
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  try {
    const r = await fitOnLoad(bare, server.url, '?example=scale&autofit');
    assert.is(r.state, 'done', r.messages);
    assert.match(r.gpu, /no WebGPU/);
    assert.match(r.messages, /no WebGPU.*CPU backend/);
    assert.is(r.backend, 'cpu');
    assertScaleAnswer(r.params.a!, r.params.b!, 'CPU without WebGPU');
  } finally {
    await bare.close();
  }
});

test('WebGPU without an adapter is said too', async () => {
  const bare = await browser.context.newPage();
  await bare.addInitScript(() => {
    GPU.prototype.requestAdapter = () => Promise.resolve(null);
  });
  try {
    await bare.goto(server.url + '?example=scale');
    await bare.waitForFunction(() => document.body.dataset.state === 'idle');
    assert.match((await bare.textContent('#gpu-status')) ?? '', /found no adapter.*CPU backend/);
  } finally {
    await bare.close();
  }
});

/** Replaces an editor's text by typing, as a person would (select all, then the new text). */
async function typeInto(editor: string, text: string): Promise<void> {
  await page.click(`${editor} .cm-content`);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

test('an error is marked at its line in the editor and shown with line:column', async () => {
  await page.goto(server.url + '?example=scale&backend=cpu');
  await page.waitForFunction(() => document.body.dataset.state === 'idle');
  const program = (await page.evaluate(
    () => document.querySelector('#program-editor .cm-content')?.textContent?.length,
  ))!;
  assert.ok(program > 100, 'the example is in the editor');
  // A misspelt data name on line 7 (`gues`), found by the check that runs while typing.
  const source = `data guess: real\ndata measurement: real\n\nmodel {\n  sample weight ~ Normal(guess, 1.0)\n  observe measurement ~ Normal(weight, 0.75)\n  sample z ~ Normal(gues, 1.0)\n}\n\nguide {\n  param a = guess\n  sample weight ~ Normal(a, 1.0)\n  sample z ~ Normal(0.0, 1.0)\n}\n`;
  await typeInto('#program-editor', source);
  await page.waitForSelector('#program-editor .cm-lintRange-error', { timeout: 30_000 });
  const marked = await page.textContent('#program-editor .cm-lintRange-error');
  assert.is(marked, 'gues');
  assert.match((await page.textContent('#messages')) ?? '', /scale\.ppl:7:21/);
  // The fit reports it too, and stops there.
  await page.click('#fit');
  await settled(page);
  const r = await readAnswer(page);
  assert.is(r.state, 'error');
  assert.match(r.messages, /scale\.ppl:7:21/);
  assert.ok(await page.$('#program-editor .cm-lint-marker-error'), 'a gutter marker on the line');
  // A data error is marked in the data editor.
  await typeInto('#program-editor', source.replace('gues,', 'guess,'));
  await typeInto('#data-editor', '{ "guess": 8.5,\n  "measurement": "heavy" }');
  await page.waitForSelector('#data-editor .cm-lintRange-error', { timeout: 30_000 });
  assert.match((await page.textContent('#messages')) ?? '', /scale\.json:2:/);
});

test('the editor highlights keywords, distributions, numbers and comments', async () => {
  await page.goto(server.url + '?example=scale');
  await page.waitForFunction(() => document.body.dataset.state === 'idle');
  const words = await page.evaluate(() => {
    const of = (cls: string): string[] =>
      Array.from(document.querySelectorAll(`#program-editor .${cls}`)).map(
        (e) => e.textContent ?? '',
      );
    return {
      keyword: of('tok-keyword'),
      className: of('tok-className'),
      number: of('tok-number'),
      comment: of('tok-comment'),
      typeName: of('tok-typeName'),
    };
  });
  for (const k of ['data', 'real', 'model', 'sample', 'observe', 'guide', 'param'])
    assert.ok(words.keyword.includes(k), `${k} is a keyword: ${words.keyword.join(' ')}`);
  assert.ok(words.className.includes('Normal'));
  assert.ok(words.number.includes('0.75'));
  assert.ok(words.typeName.includes('positive'));
  assert.ok(words.comment.length > 0);
  assert.equal(pageErrors, []);
});

test.run();
