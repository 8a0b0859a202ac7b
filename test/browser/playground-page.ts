// Driving the playground page in a test: open it with a query, wait for the fit's end, read the page's answer.
import type { Page } from 'playwright-core';

export interface PageAnswer {
  readonly state: string;
  readonly backend: string | undefined;
  readonly gpu: string;
  readonly messages: string;
  readonly outcome: string;
  /** Milliseconds from the page's navigation to the table (the page's own clock). */
  readonly answerMs: number;
  /** The params table, name to value as shown. */
  readonly params: Readonly<Record<string, number>>;
}

/** Waits until the page is done or failed (a fit that never ends fails the test at `timeout`). */
export async function settled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => ['done', 'error'].includes(document.body.dataset.state ?? ''),
    null,
    { timeout },
  );
}

export async function readAnswer(page: Page): Promise<PageAnswer> {
  return page.evaluate(() => {
    const text = (id: string): string => document.getElementById(id)?.textContent ?? '';
    const params: Record<string, number> = {};
    for (const tr of Array.from(document.querySelectorAll('#params tbody tr'))) {
      const [name, value] = Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '');
      if (name !== undefined && value !== undefined) params[name] = Number(value);
    }
    return {
      state: document.body.dataset.state ?? '',
      backend: document.body.dataset.backend,
      gpu: text('gpu-status'),
      messages: text('messages'),
      outcome: text('outcome'),
      answerMs: Number(document.getElementById('tables')?.dataset.answerMs ?? NaN),
      params,
    };
  });
}

/** Opens the playground at `query` (e.g. '?example=scale&backend=cpu&autofit') and returns its answer. */
export async function fitOnLoad(page: Page, url: string, query: string): Promise<PageAnswer> {
  await page.goto(url + query);
  await settled(page);
  return readAnswer(page);
}
