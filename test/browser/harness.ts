// A browser test's set-up: the playground served and Chromium started, both or neither (what started is closed
// when the other fails), with the failure printed: uvu counts a failed before() but does not say why.
import { launchChromium, type Chromium } from './chromium.js';
import { servePlayground, type Served } from './serve.js';

export interface Harness {
  readonly server: Served;
  readonly browser: Chromium;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const [server, browser] = await Promise.allSettled([servePlayground(), launchChromium()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') {
    return {
      server: server.value,
      browser: browser.value,
      async close() {
        await browser.value.close();
        server.value.close();
      },
    };
  }
  if (server.status === 'fulfilled') server.value.close();
  if (browser.status === 'fulfilled') await browser.value.close();
  const reason: unknown =
    server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
  console.error(`browser test set-up failed: ${reason instanceof Error ? reason.message : reason}`);
  throw reason;
}
