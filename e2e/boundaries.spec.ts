/**
 * An error in one view does not blank the others: each view has its own error boundary. The app's
 * test hook `window.__spanmapFailView = '<view name>'` makes that view throw while rendering.
 */
import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOTROD = path.join(ROOT, 'web/test/fixtures/shared/otlp/jaeger-hotrod-apiv3.json');

async function loadHotrod(page: Page, failView: string): Promise<void> {
  await page.addInitScript((name) => {
    (window as unknown as { __spanmapFailView?: string }).__spanmapFailView = name;
  }, failView);
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(HOTROD);
  await page.waitForFunction(() => typeof (window as unknown as { __spanmapIdle?: unknown }).__spanmapIdle === 'function');
  await page.evaluate(() => (window as unknown as { __spanmapIdle: () => Promise<void> }).__spanmapIdle());
}

test('a failing topology leaves the waterfall and the loaded data, and can be retried', async ({ page }) => {
  await loadHotrod(page, 'topology');
  const failed = page.getByTestId('view-error-topology');
  await expect(failed).toBeVisible();
  await expect(failed).toContainText('The topology view failed');
  await expect(failed).toContainText('forced failure of the topology view');
  await expect(page.getByTestId('stat-spans')).toContainText('40');
  const grid = page.getByRole('treegrid');
  await expect(grid.getByRole('row').first()).toBeVisible();
  // the cause goes away: Try again brings the view back
  await page.evaluate(() => delete (window as unknown as { __spanmapFailView?: string }).__spanmapFailView);
  await failed.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Service graph' })).toBeVisible();
});

test('a failing waterfall leaves the topology; a failing details panel leaves the waterfall', async ({ page }) => {
  await loadHotrod(page, 'waterfall');
  await expect(page.getByTestId('view-error-waterfall')).toBeVisible();
  await expect(page.getByRole('treegrid')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Service graph' })).toBeVisible();

  await page.evaluate(() => {
    (window as unknown as { __spanmapFailView?: string }).__spanmapFailView = 'span details';
  });
  await page.getByTestId('view-error-waterfall').getByRole('button', { name: 'Try again' }).click();
  const grid = page.getByRole('treegrid');
  await grid.getByRole('row').first().click();
  await expect(page.getByTestId('view-error-span-details')).toBeVisible();
  await expect(grid.getByRole('row').first()).toBeVisible();
});
