/** Small helpers the browser tests share: waiting for the app, selecting spans, reading the summary. */
import type { Page } from '@playwright/test';

/** Resolves when the app has started and no load is pending. */
export async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof window.__spanmapIdle === 'function');
  await page.evaluate(() => window.__spanmapIdle?.());
}

/** Selects span `span` (index) as a click in a view would, or clears the selection. */
export async function select(page: Page, span: number | null): Promise<void> {
  await page.waitForFunction(() => typeof window.__spanmapSelect === 'function');
  await page.evaluate((i) => window.__spanmapSelect?.(i), span);
}

/** The value of a summary total ("spans", "traces", "services", "files", "warnings", "errors"). */
export const stat = (page: Page, id: string) => page.getByTestId(`stat-${id}`).locator('.sm-stat__value');

/** The loaded files in the header. */
export const files = (page: Page) => page.getByTestId('files').getByTestId('file');

/** Collects the page's uncaught errors and console errors from now on (assert it stays empty). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}
