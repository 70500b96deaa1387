/**
 * A 1 GB OTLP file: the worker reads files over 400 MB through the stream importer. The load must
 * end in a successful load or a clear message, with progress shown and the tab responsive all the
 * way; Cancel in the middle keeps the spans read until then and says so.
 *
 * Not part of `npm test` (it writes ~1 GB to the OS temp dir and runs for minutes): its tests exist
 * only when SPANMAP_BIG=1, so a normal run lists none (nothing is skipped). Run it with
 *
 *   SPANMAP_BIG=1 npx playwright test e2e/hardening-big.spec.ts      (npm run test:big)
 *
 * SPANMAP_BIG_MB sets the size (default 1024). The file is kept in the temp dir between runs.
 */
import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthChunks } from '../web/core/synth/generator.ts';
import { idle, stat } from './support/app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOTROD = path.join(ROOT, 'web/test/fixtures/shared/otlp/jaeger-hotrod-apiv3.json');
const MB = Number(process.env.SPANMAP_BIG_MB) || 1024;

const count = async (page: Page, id: string) => Number(((await stat(page, id).textContent()) ?? '').replace(/,/g, ''));

/** Writes (once) a synthetic OTLP file of about `mb` MB; its path and span count. */
async function bigOtlpFile(mb: number): Promise<{ file: string; spans: number }> {
  const spans = Math.ceil((mb * 1024 * 1024) / 600); // about 600 bytes of OTLP JSON per synthetic span
  const file = path.join(os.tmpdir(), `spanmap-hardening-${spans}.json`);
  if (!existsSync(file) || statSync(file).size < mb * 1024 * 1024 * 0.8) {
    const out = createWriteStream(file);
    for (const chunk of synthChunks('otlp', { spans, seed: 99 }, 8 << 20)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  return { file, spans };
}

/** Records the longest gap between animation frames, and the longest time the page took to answer a probe. */
async function startMonitor(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __gap: number; __on: boolean };
    w.__gap = 0;
    w.__on = true;
    let last = performance.now();
    const tick = (t: number) => {
      w.__gap = Math.max(w.__gap, t - last);
      last = t;
      if (w.__on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
const stopMonitor = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __gap: number; __on: boolean };
    w.__on = false;
    return w.__gap;
  });

/** Bytes read so far, from the progress bar (0..100), or null when no load runs. */
const progressValue = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('[data-testid="load-status"] [role="progressbar"]');
    const v = bar?.getAttribute('aria-valuenow');
    return v === null || v === undefined ? null : Number(v);
  });

if (process.env.SPANMAP_BIG === '1') {
  test.describe.configure({ mode: 'serial', timeout: 30 * 60_000 });

  test(`a ${MB} MB OTLP file streams in with progress, the tab responsive, the earlier data kept`, async ({ page }) => {
    const { file, spans } = await bigOtlpFile(MB);
    const name = path.basename(file);
    console.log(`${name}: ${(statSync(file).size / 1024 / 1024).toFixed(0)} MB, ${spans.toLocaleString('en-US')} spans`);
    await page.goto('/');
    await page.getByLabel('Open trace files').setInputFiles(HOTROD);
    await idle(page);
    await expect(stat(page, 'spans')).toHaveText('40');

    await startMonitor(page);
    const t0 = Date.now();
    await page.getByLabel('Add trace files').setInputFiles(file);
    const status = page.getByTestId('load-status');
    await expect(status).toContainText(`Reading ${name.slice(0, 30)}`);
    // progress moves, and the page answers quickly all along
    let lastValue = -1;
    let moved = 0;
    let slowest = 0;
    for (;;) {
      const a = Date.now();
      const v = await progressValue(page);
      slowest = Math.max(slowest, Date.now() - a);
      if (v === null) break;
      if (v > lastValue) moved++;
      lastValue = v;
      await page.waitForTimeout(1000);
    }
    await idle(page);
    const seconds = (Date.now() - t0) / 1000;
    const gap = await stopMonitor(page);
    console.log(`loaded in ${seconds.toFixed(1)} s; progress moved ${moved} times; longest frame gap ${Math.round(gap)} ms; slowest probe ${slowest} ms`);
    expect(moved).toBeGreaterThan(3);
    expect(slowest).toBeLessThan(1000);

    // the end: a successful load, or a clear message (a worker out of memory says so)
    const notices = await page.locator('.sm-notice--error').allTextContents();
    if (notices.length > 0) {
      expect(notices.join('\n')).toMatch(/the trace engine stopped.*(memory|loaded data is gone)/);
      console.log(`ended with: ${notices.join(' | ')}`);
      return;
    }
    await expect(stat(page, 'spans')).toHaveText((40 + spans).toLocaleString('en-US'));
    await expect(stat(page, 'errors')).toHaveText('0');
    await expect(page.getByRole('treegrid')).toBeVisible();
    expect(gap).toBeLessThan(5000);
  });

  test(`Cancel in the middle of a ${MB} MB stream keeps the spans read until then and says so`, async ({ page }) => {
    const { file, spans } = await bigOtlpFile(MB);
    const name = path.basename(file);
    await page.goto('/');
    await page.getByLabel('Open trace files').setInputFiles(HOTROD);
    await idle(page);
    await page.getByLabel('Add trace files').setInputFiles(file);
    await expect.poll(() => progressValue(page), { timeout: 120_000 }).toBeGreaterThan(20);
    await page.getByTestId('load-status').getByRole('button', { name: 'Cancel' }).click();
    await idle(page);
    await expect(page.getByTestId('errors')).toContainText(name.slice(0, 30));
    await expect(page.getByTestId('errors')).toContainText(/loading was cancelled after [\d.]+ (MB|GB) of [\d.]+ (MB|GB); only the spans read until then are shown/);
    const loaded = await count(page, 'spans');
    console.log(`cancelled: ${loaded - 40} of ${spans} spans kept`);
    expect(loaded).toBeGreaterThan(40);
    expect(loaded).toBeLessThan(40 + spans);
    await expect(page.getByRole('treegrid')).toBeVisible();
  });
}
