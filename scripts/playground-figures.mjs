// `npm run playground-figures`: the playground in headless Chromium, measured. Time to first answer for
// examples/scale.ppl (page navigation to the posterior table, the page's own clock) on WebGPU and on the CPU,
// the median of --runs (3) fresh loads each; with --seeds N, the guide's a and b for seeds 0..N-1 on both
// backends (the browser tests' tolerances); with --screenshot FILE, the page after a WebGPU fit of scale.
// Prints JSON. Needs the compiled tests (npx tsc -p tsconfig.json): it drives Chromium as they do.
import { launchChromium } from '../dist/test/browser/chromium.js';
import { fitOnLoad } from '../dist/test/browser/playground-page.js';
import { servePlayground } from '../dist/test/browser/serve.js';

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const runs = Number(flag('runs', '3'));
const seeds = Number(flag('seeds', '0'));
const screenshot = flag('screenshot', undefined);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [server, browser] = await Promise.all([servePlayground(), launchChromium()]);
const out = { runs, firstAnswerMs: {}, seeds: {} };
try {
  for (const backend of ['webgpu', 'cpu']) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      // A new page each time: nothing of the last load's Worker or device is left.
      const page = await browser.context.newPage();
      const r = await fitOnLoad(page, server.url, `?example=scale&backend=${backend}&autofit`);
      if (r.state !== 'done' || r.backend !== backend)
        throw new Error(`scale on ${backend}: ${r.state} ${r.messages}`);
      times.push(r.answerMs);
      await page.close();
    }
    out.firstAnswerMs[backend] = { median: median(times), all: times };
  }
  if (seeds > 0) {
    const page = await browser.context.newPage();
    for (const backend of ['webgpu', 'cpu']) {
      out.seeds[backend] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const r = await fitOnLoad(
          page,
          server.url,
          `?example=scale&backend=${backend}&seed=${seed}&autofit`,
        );
        out.seeds[backend].push({ seed, a: r.params.a, b: r.params.b });
      }
      const dev = (k, c) => Math.max(...out.seeds[backend].map((s) => Math.abs(s[k] - c)));
      out.seeds[backend + ' largest deviation'] = { a: dev('a', 9.14), b: dev('b', 0.6) };
    }
    await page.close();
  }
  if (screenshot) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await fitOnLoad(page, server.url, '?example=scale&backend=webgpu&autofit');
    await page.waitForSelector('#chart svg');
    await page.screenshot({ path: screenshot, fullPage: true });
    out.screenshot = screenshot;
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify(out, null, 2));
