/**
 * The hosted app end to end: the empty screen, loading files through the file input, merging,
 * a broken file, the demo gallery, and that trace text is rendered as text. Expected warnings are
 * computed with the same core in Node, so the page must show exactly what the core reports.
 */
import { test, expect } from '@playwright/test';
import type { Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetBuilder } from '../web/core/model/builder.ts';
import { importText } from '../web/core/formats/index.ts';
import { summarize } from '../web/core/model/summary.ts';
import type { DatasetSummary } from '../web/core/model/summary.ts';
import { idle, stat, watchErrors } from './support/app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIX = path.join(ROOT, 'web/test/fixtures/shared');
const HOTROD = path.join(FIX, 'otlp/jaeger-hotrod-apiv3.json');
const KAFKA = path.join(FIX, 'zipkin/lens-messaging-kafka.json');
const SMARTTHINGS = path.join(ROOT, 'public/demo/lens-smartthings-mobile-web-install.json');

/** What the core makes of these files (as the worker loads them: one builder, in order). */
function expected(...files: string[]): DatasetSummary {
  const b = new DatasetBuilder();
  for (const f of files) importText(b, path.basename(f), readFileSync(f, 'utf8'));
  return summarize(b.finish());
}


const kind = (page: Page, name: string) => page.getByTestId('kinds').locator(`[data-kind="${name}"]`);

async function expectKinds(page: Page, counts: Record<string, number>): Promise<void> {
  for (const [name, n] of Object.entries(counts)) {
    await expect(kind(page, name)).toHaveAttribute('data-count', String(n));
    await expect(kind(page, name)).toContainText(String(n));
  }
}

async function expectWarnings(page: Page, summary: DatasetSummary): Promise<void> {
  const n = summary.warnings.length;
  await expect(stat(page, 'warnings')).toHaveText(n.toLocaleString('en-US'));
  const panel = page.getByTestId('warnings');
  if (n === 0) {
    await expect(panel).toHaveCount(0);
    return;
  }
  const details = panel.locator('details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
  const rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(Math.min(100, n));
  const first = summary.warnings[0];
  await expect(rows.first().locator('td').nth(0)).toHaveText(first.code);
  await expect(rows.first().locator('td').nth(1)).toContainText(first.where.slice(0, 40));
  await expect(rows.first().locator('td').nth(2)).toContainText(first.message.slice(0, 60));
  if (n > 100) await expect(panel.locator('summary')).toContainText('showing the first 100');
}

/** No page errors and no console errors during a test. */

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

async function expectNoA11yViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('empty screen, load, merge, and a broken file that keeps what was loaded', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Drop trace files here' })).toBeVisible();
  const open = page.getByRole('button', { name: 'Open files…' });
  await expect(open).toBeVisible();
  // keyboard: the button is reachable with Tab
  await page.keyboard.press('Tab');
  await expect(open).toBeFocused();
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'public/demo/index.json'), 'utf8')) as { demos: unknown[] };
  await expect(page.getByTestId('demo-gallery').getByRole('button')).toHaveCount(manifest.demos.length);
  await shot(page, testInfo, '1-empty');
  await expectNoA11yViolations(page);

  // 1. HotROD (OTLP) through the file input
  await page.getByLabel('Open trace files').setInputFiles(HOTROD);
  await idle(page);
  const one = expected(HOTROD);
  await expect(stat(page, 'spans')).toHaveText('40');
  await expect(stat(page, 'traces')).toHaveText('1');
  await expect(stat(page, 'services')).toHaveText('6');
  await expectKinds(page, { SERVER: 13, CLIENT: 27, PRODUCER: 0, CONSUMER: 0, INTERNAL: 0, UNSPECIFIED: 0 });
  await expectWarnings(page, one);
  await expect(stat(page, 'errors')).toHaveText('0');
  for (const s of one.services) await expect(page.getByTestId('services').locator(`[data-service="${s}"]`)).toBeVisible();
  const files = page.getByTestId('files').getByTestId('file');
  await expect(files).toHaveCount(1);
  await expect(files.first()).toContainText('jaeger-hotrod-apiv3.json');
  await expect(files.first()).toContainText('OTLP JSON');
  await expect(page.getByTestId('single-trace')).toContainText('frontend');
  await shot(page, testInfo, '2-hotrod');
  await expectNoA11yViolations(page);

  // 2. A Zipkin file next: merged into the same dataset
  await page.getByLabel('Add trace files').setInputFiles(KAFKA);
  await idle(page);
  const two = expected(HOTROD, KAFKA);
  await expect(files).toHaveCount(2);
  await expect(files.nth(0)).toContainText('OTLP JSON');
  await expect(files.nth(1)).toContainText('lens-messaging-kafka.json');
  await expect(files.nth(1)).toContainText('Zipkin v2 JSON');
  await expect(stat(page, 'spans')).toHaveText('68');
  await expect(stat(page, 'traces')).toHaveText('2');
  await expect(stat(page, 'services')).toHaveText('8');
  await expectKinds(page, { SERVER: 13, CLIENT: 27, PRODUCER: two.kinds.PRODUCER, CONSUMER: two.kinds.CONSUMER, UNSPECIFIED: two.kinds.UNSPECIFIED });
  expect(two.kinds.PRODUCER + two.kinds.CONSUMER).toBe(16);
  await expectWarnings(page, two);
  // the trace list: two traces; click selects, arrow keys move
  const list = page.getByRole('listbox', { name: 'Traces' });
  const options = list.getByRole('option');
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(0)).toContainText('frontend');
  await expect(options.nth(0)).toContainText('40');
  await expect(options.nth(1)).toContainText('28');
  await options.nth(1).click();
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await list.focus();
  await page.keyboard.press('ArrowUp');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');

  // 3. A broken file: an error naming the file and line:column; the earlier data stays
  await page.getByLabel('Add trace files').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "resourceSpans": [\n    { "resource": {}, }\n  ]\n}\n'),
  });
  await idle(page);
  const errorsPanel = page.getByTestId('errors');
  await expect(errorsPanel).toContainText('broken.json');
  await expect(errorsPanel).toContainText(/line 3:\d+/);
  await expect(stat(page, 'errors')).toHaveText('1');
  await expect(stat(page, 'spans')).toHaveText('68');
  await expect(stat(page, 'traces')).toHaveText('2');
  await expect(files).toHaveCount(3);
  await expect(files.nth(2)).toContainText('not loaded');
  await shot(page, testInfo, '3-merged-and-broken');
  await expectNoA11yViolations(page);

  // 4. Clear goes back to the empty screen
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByRole('heading', { name: 'Drop trace files here' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('opens a demo from the gallery', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.goto('/');
  const demo = page.getByTestId('demo-gallery').locator('[data-demo="lens-smartthings-mobile-web-install.json"]');
  await expect(demo).toContainText('1,041 spans');
  await demo.click();
  await idle(page);
  const exp = expected(SMARTTHINGS);
  await expect(stat(page, 'spans')).toHaveText('1,041');
  await expect(stat(page, 'services')).toHaveText('16');
  await expectKinds(page, { SERVER: exp.kinds.SERVER, CLIENT: exp.kinds.CLIENT, UNSPECIFIED: exp.kinds.UNSPECIFIED });
  const files = page.getByTestId('files').getByTestId('file');
  await expect(files).toHaveCount(1);
  await expect(files.first()).toContainText('lens-smartthings-mobile-web-install.json');
  await expect(files.first()).toContainText('Zipkin v2 JSON');
  await expectWarnings(page, exp);
  await shot(page, testInfo, '4-demo-smartthings');
  expect(errors).toEqual([]);
});

test('drops files anywhere on the page', async ({ page }) => {
  await page.goto('/');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return dt;
  }, readFileSync(KAFKA, 'utf8'));
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop trace files to load them')).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await idle(page);
  await expect(page.getByText('Drop trace files to load them')).toHaveCount(0);
  await expect(stat(page, 'spans')).toHaveText('28');
  await expect(page.getByTestId('files').getByTestId('file')).toContainText('dropped.json');
});

test('renders trace data as text and truncates long strings', async ({ page }) => {
  await page.goto('/');
  const longService = `svc-${'x'.repeat(300)}`;
  const evil = '<img src=x onerror="window.__pwned=1">';
  const zipkin = [
    { traceId: '0000000000000001', id: '0000000000000001', name: evil, kind: 'SERVER', timestamp: 1_700_000_000_000_000, duration: 1000, localEndpoint: { serviceName: longService } },
    { traceId: '0000000000000002', id: '0000000000000002', name: 'b', kind: 'CLIENT', timestamp: 1_700_000_000_000_000, duration: 10, localEndpoint: { serviceName: 'plain' } },
  ];
  await page.getByLabel('Open trace files').setInputFiles({ name: `${'<b>'.repeat(3)}evil.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(zipkin)) });
  await idle(page);
  await expect(stat(page, 'spans')).toHaveText('2');
  const row = page.getByRole('option').filter({ hasText: 'img src' });
  await expect(row).toContainText('<img src=x');
  await expect(page.locator('main img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // the long service name is cut in the list, and whole in its title
  const svc = page.getByTestId('services').locator(`[data-service="${longService}"] .sm-services__name`);
  await expect(svc).toHaveAttribute('title', longService);
  expect((await svc.textContent())?.length).toBeLessThan(60);
  await expect(page.getByTestId('files').getByTestId('file')).toContainText('<b><b><b>evil.json');
});

test('lists many traces in a windowed list', async ({ page }, testInfo) => {
  await page.goto('/');
  const n = 600;
  const spans = Array.from({ length: n }, (_, k) => ({
    traceId: (k + 1).toString(16).padStart(16, '0'),
    id: (k + 1).toString(16).padStart(16, 'a'),
    name: `GET /item/${k}`,
    kind: k % 2 ? 'CLIENT' : 'SERVER',
    timestamp: 1_700_000_000_000_000 + k * 1000,
    duration: 1000 + k,
    localEndpoint: { serviceName: `svc-${k % 7}` },
  }));
  await page.getByLabel('Open trace files').setInputFiles({ name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(spans)) });
  await idle(page);
  await expect(stat(page, 'traces')).toHaveText('600');
  const list = page.getByRole('listbox', { name: 'Traces' });
  const options = list.getByRole('option');
  expect(await options.count()).toBeLessThan(40); // only the visible rows are in the DOM
  await list.focus();
  await page.keyboard.press('End');
  const last = list.locator(`[data-trace-id="${(n).toString(16).padStart(16, '0')}"]`);
  await expect(last).toHaveAttribute('aria-selected', 'true');
  await expect(last).toBeInViewport();
  await page.getByRole('button', { name: 'Duration' }).click();
  await list.evaluate((el) => (el.scrollTop = 0));
  await expect(options.first()).toContainText('GET /item/599');
  await shot(page, testInfo, '5-many-traces');
});
