/**
 * The waterfall at scale: a single 100,000-span trace. A structural test of virtualization: only the
 * visible rows are in the DOM, aria-rowcount says how many rows the tree shows, scrolling to the end
 * renders the last row, and zooming changes the time window.
 *
 * No timing is asserted (timing bounds flake on shared machines; the numbers belong in
 * `npm run bench`, see bench/browser.ts). The main thread's work per frame while scrolling, zooming
 * and panning is still measured from a Chrome trace and recorded as annotations.
 */
import { test, expect } from '@playwright/test';
import type { TestInfo } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { describeFrames, measureFrames } from '../bench/browser-trace.ts';
import type { FrameStats } from '../bench/browser-trace.ts';
import { bigTrace } from '../bench/big-trace.ts';

function note(testInfo: TestInfo, what: string, s: FrameStats): void {
  const text = `${what}: ${describeFrames(s)}`;
  testInfo.annotations.push({ type: 'perf', description: text });
  console.log(`[waterfall perf] ${text}`);
}

test('a 100,000-span trace: only the visible rows are in the DOM while scrolling, zooming and panning', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const file = testInfo.outputPath('big-100k.json');
  writeFileSync(file, bigTrace(100_000));
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(file);
  await page.waitForFunction(() => typeof window.__spanmapIdle === 'function');
  await page.evaluate(() => window.__spanmapIdle?.());
  const grid = page.getByRole('treegrid');
  await expect(grid).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('waterfall-trace')).toContainText('100,000');
  const rows = grid.getByRole('row');
  const rowCount = async () => Number(await grid.getAttribute('aria-rowcount'));
  // a trace this big opens at a readable depth: the root and its calls
  const shown = await rowCount();
  expect(shown).toBeGreaterThan(4000);
  expect(shown).toBeLessThan(5000);
  expect(await rows.count()).toBeLessThan(60);
  await grid.scrollIntoViewIfNeeded();

  const expandAll = page.getByRole('button', { name: 'Expand all' });
  await expandAll.scrollIntoViewIfNeeded();
  const expand = await measureFrames(browser, page, async () => {
    await expandAll.click();
    await expect(grid).toHaveAttribute('aria-rowcount', /^\d{5,6}$/);
  });
  note(testInfo, 'expand all', expand);
  // the whole tree is shown now (runs of identical spans may be grouped), still only a window of it in the DOM
  expect(await rowCount()).toBeGreaterThan(shown);
  expect(await rows.count()).toBeLessThan(60);
  // the rendered rows are a contiguous run of aria-rowindex values from the top
  const indexes = async () => (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-rowindex'))))).sort((a, b) => a - b);
  const top = await indexes();
  expect(top[0]).toBe(1);
  expect(top[top.length - 1] - top[0]).toBe(top.length - 1);

  const box = await grid.boundingBox();
  if (!box) throw new Error('no grid');
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);

  const scroll = await measureFrames(browser, page, async () => {
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(16);
    }
  });
  note(testInfo, 'scroll', scroll);
  // scrolled: the window moved down, still a window
  await expect.poll(async () => (await indexes())[0]).toBeGreaterThan(1);
  expect(await rows.count()).toBeLessThan(60);

  const zoomWindow = page.getByTestId('zoom-window');
  const before = await zoomWindow.textContent();
  const zoom = await measureFrames(browser, page, async () => {
    await page.keyboard.down('Control');
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, -40);
      await page.waitForTimeout(16);
    }
    await page.keyboard.up('Control');
  });
  note(testInfo, 'zoom', zoom);
  await expect(zoomWindow).toContainText('–');
  await expect(zoomWindow).not.toHaveText(before ?? '');
  const zoomed = await zoomWindow.textContent();

  const pan = await measureFrames(browser, page, async () => {
    await page.keyboard.down('Shift');
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, 60);
      await page.waitForTimeout(16);
    }
    await page.keyboard.up('Shift');
  });
  note(testInfo, 'pan', pan);
  await expect(zoomWindow).not.toHaveText(zoomed ?? '');

  // scroll to the end: the last row renders, still only a window of them in the DOM
  const total = await rowCount();
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid.locator(`[role="row"][aria-rowindex="${total}"]`)).toBeVisible();
  expect(await rows.count()).toBeLessThan(60);
});
