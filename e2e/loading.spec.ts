/**
 * Getting traces in without a file: ?url= / #url=, the Open URL dialog, trace backends by id
 * (Jaeger, Tempo, Zipkin on their real paths and response shapes, served by a local test server),
 * their errors and retries, pasted JSON, removing a loaded file, and the generated stress demo.
 */
import { test, expect } from '@playwright/test';
import { DatasetBuilder } from '../web/core/model/builder.ts';
import { importText } from '../web/core/formats/index.ts';
import { summarize } from '../web/core/model/summary.ts';
import { BODIES, MISSING_ID, startTraceServer } from './support/trace-server.ts';
import type { TraceServer } from './support/trace-server.ts';
import { files, idle, stat } from './support/app.ts';

let server: TraceServer;
test.beforeAll(async () => {
  server = await startTraceServer();
});
test.afterAll(async () => {
  await server.close();
});

/** Spans the core makes of one body (as the worker loads it). */
function spansOf(body: string): number {
  const b = new DatasetBuilder();
  importText(b, 'x.json', body);
  return summarize(b.finish()).spans;
}


const n = (x: number) => x.toLocaleString('en-US');

test('?url= and #url= load on start, and the link keeps naming the URL', async ({ page }) => {
  const url = `${server.origin}/files/hotrod.json`;
  await page.goto(`/?url=${encodeURIComponent(url)}`);
  await expect(files(page)).toHaveCount(1);
  await idle(page);
  await expect(files(page).first()).toContainText('hotrod.json');
  await expect(stat(page, 'spans')).toHaveText(n(spansOf(BODIES.hotrodV3)));

  await page.goto('/');
  await page.goto(`/#url=${encodeURIComponent(url)}`);
  await expect(files(page)).toHaveCount(1);
  await idle(page);
  await expect(stat(page, 'spans')).toHaveText('40');
  await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('url'))).toBe(url);
  // a reload loads it again
  await page.reload();
  await expect(files(page)).toHaveCount(1);
  await expect(stat(page, 'spans')).toHaveText('40');
});

test('the Open URL dialog loads a URL, from the keyboard', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open URL…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a trace from a URL' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Trace URL')).toBeFocused();
  await page.keyboard.type(`${server.origin}/files/hotrod.json`);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(files(page)).toHaveCount(1);
  await idle(page);
  await expect(stat(page, 'spans')).toHaveText('40');
  expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('url')).toBe(`${server.origin}/files/hotrod.json`);
});

test('fetch errors: CORS is explained, HTTP status shown, a flaky server is retried visibly', async ({ page }) => {
  await page.goto('/');
  const open = async (url: string) => {
    await page.getByRole('button', { name: 'Open URL…' }).first().click();
    await page.getByRole('dialog').getByLabel('Trace URL').fill(url);
    await page.getByRole('dialog').getByRole('button', { name: 'Open' }).click();
  };
  await open(`${server.origin}/nocors/hotrod.json`);
  await expect(page.getByTestId('load-detail')).toContainText('retrying…');
  await idle(page);
  const alert = page.getByRole('alert').filter({ hasText: 'hotrod.json' });
  await expect(alert).toContainText('Could not fetch hotrod.json: the server did not allow this page to read it (CORS) or could not be reached');
  await expect(page.getByTestId('files')).toHaveCount(0); // not shown as a parse error of a file
  await alert.getByRole('button', { name: 'Dismiss' }).click();

  await open(`${server.origin}/files/missing.json`);
  await idle(page);
  await expect(page.getByRole('alert')).toContainText('Could not fetch missing.json: HTTP 404 Not Found');
  await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

  await open(`${server.origin}/flaky/kafka.json`);
  await expect(page.getByTestId('load-status')).toContainText('attempt 1 of 3 failed: HTTP 503 Service Unavailable; retrying…');
  await idle(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(files(page)).toHaveCount(1);
  await expect(stat(page, 'spans')).toHaveText(n(spansOf(BODIES.kafka)));
});

const BACKEND_CASES = [
  { backend: 'jaeger', label: 'Jaeger (query API /api/traces)', prefix: '/jaeger', body: BODIES.jaegerV1, path: '/jaeger/api/traces/' },
  { backend: 'jaeger-v3', label: 'Jaeger (API v3, OTLP)', prefix: '/jaeger', body: BODIES.hotrodV3, path: '/jaeger/api/v3/traces/' },
  { backend: 'tempo', label: 'Grafana Tempo (/api/traces)', prefix: '/tempo', body: BODIES.tempoV1, path: '/tempo/api/traces/' },
  { backend: 'tempo-v2', label: 'Grafana Tempo (/api/v2/traces)', prefix: '/tempo', body: BODIES.tempoV2, path: '/tempo/api/v2/traces/' },
  { backend: 'zipkin', label: 'Zipkin (/api/v2/trace)', prefix: '/zipkin', body: BODIES.zipkin, path: '/zipkin/api/v2/trace/' },
] as const;

test('trace backends by id: Jaeger, Tempo and Zipkin, each named in a link that reloads it', async ({ page }) => {
  await page.goto('/');
  for (const c of BACKEND_CASES) {
    const id = `83a9efd15c1c98a9${c.backend.length}`;
    await page.getByRole('button', { name: 'From a backend…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Load a trace from a backend' });
    await dialog.getByLabel('Backend').selectOption({ label: c.label });
    await dialog.getByLabel('Base URL').fill(`${server.origin}${c.prefix}`);
    await dialog.getByLabel('Trace ID').fill(id);
    await dialog.getByRole('button', { name: 'Load trace' }).click();
    await expect(files(page)).toHaveCount(1);
    await idle(page);
    expect(server.requests).toContain(`GET ${c.path}${id}`);
    await expect(files(page).first()).toContainText(`${c.backend}-${id}.json`);
    await expect(stat(page, 'spans')).toHaveText(n(spansOf(c.body)));
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`backend=${c.backend}`);
    const link = page.url();
    expect(new URLSearchParams(new URL(link).hash.slice(1)).get('traceId')).toBe(id);
    // the shared link loads it again
    await page.goto('about:blank');
    await page.goto(link);
    await expect(files(page)).toHaveCount(1);
    await idle(page);
    await expect(stat(page, 'spans')).toHaveText(n(spansOf(c.body)));
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.getByTestId('files')).toHaveCount(0);
  }
});

test('backend errors: trace not found, not JSON, CORS', async ({ page }) => {
  await page.goto(`/#backend=jaeger&base=${encodeURIComponent(`${server.origin}/jaeger`)}&traceId=${MISSING_ID}`);
  await idle(page);
  await expect(page.getByRole('alert')).toContainText(`Could not load trace ${MISSING_ID} from Jaeger`);
  await expect(page.getByRole('alert')).toContainText('trace not found (HTTP 404');
  await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

  await page.getByRole('button', { name: 'From a backend…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Backend').selectOption('jaeger');
  await dialog.getByLabel('Base URL').fill(`${server.origin}/bad`);
  await dialog.getByLabel('Trace ID').fill('abc123');
  await dialog.getByRole('button', { name: 'Load trace' }).click();
  await idle(page);
  await expect(page.getByRole('alert')).toContainText("the backend's answer is not valid JSON");
  await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

  await page.getByRole('button', { name: 'From a backend…' }).click();
  await dialog.getByLabel('Backend').selectOption('zipkin');
  await dialog.getByLabel('Base URL').fill(`${server.origin}/nocors`);
  await dialog.getByLabel('Trace ID').fill('abc123');
  await dialog.getByRole('button', { name: 'Load trace' }).click();
  await expect(page.getByTestId('load-detail')).toContainText('retrying…');
  await idle(page);
  await expect(page.getByRole('alert')).toContainText('the server did not allow this page to read it (CORS) or could not be reached');
  await expect(page.getByTestId('files')).toHaveCount(0);
});

test('pasted JSON loads as pasted.json (dialog and page paste), and files can be removed', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Paste JSON…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste trace JSON' });
  await dialog.getByLabel(/Trace JSON/).fill(BODIES.zipkin);
  await dialog.getByRole('button', { name: 'Load' }).click();
  await expect(files(page)).toHaveCount(1);
  await idle(page);
  await expect(files(page).first()).toContainText('pasted.json');
  await expect(stat(page, 'spans')).toHaveText(n(spansOf(BODIES.zipkin)));

  // a paste on the page, outside inputs
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, BODIES.kafka);
  await expect(files(page)).toHaveCount(2);
  await idle(page);
  const both = spansOf(BODIES.zipkin) + spansOf(BODIES.kafka);
  await expect(stat(page, 'spans')).toHaveText(n(both));
  await expect(page.getByTestId('header-traces')).toContainText('2 files');

  // remove the first file with the keyboard: the dataset is rebuilt without it
  const remove = files(page).first().getByRole('button', { name: 'Remove pasted.json' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(files(page)).toHaveCount(1);
  await idle(page);
  await expect(stat(page, 'spans')).toHaveText(n(spansOf(BODIES.kafka)));
  await expect(page.getByTestId('header-traces')).toContainText('1 file');
  // removing the last file leaves the empty screen
  await files(page).first().getByRole('button', { name: /^Remove / }).click();
  await idle(page);
  await expect(page.getByRole('heading', { name: 'Drop trace files here' })).toBeVisible();
});

test('stress demo: 100,000 spans generated in the browser, with the waterfall', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  const demo = page.getByTestId('demo-gallery').getByRole('button', { name: /Stress test: 100,000 spans generated in your browser/ });
  await expect(demo).toBeVisible();
  await demo.click();
  await expect(page.getByTestId('load-status')).toBeVisible();
  // the first rows come before the whole file is in: a preview, marked as such, with rows and the progress bar
  // (one look at the page at a time: the preview may be replaced by the whole any moment)
  const look = () =>
    page.evaluate(() => ({
      partial: document.querySelector('[data-testid="partial-note"]') !== null,
      spans: Number(document.querySelector('[data-testid="stat-spans"] .sm-stat__value')?.textContent?.replace(/,/g, '') ?? 0),
      rows: document.querySelectorAll('[role="treegrid"] [role="row"]').length,
      warningsStat: document.querySelector('[data-testid="stat-warnings"]') !== null,
    }));
  let preview = await look();
  await expect.poll(async () => (preview = await look()).partial, { timeout: 60_000, intervals: [20] }).toBe(true);
  expect(preview.spans).toBeGreaterThan(0);
  expect(preview.spans).toBeLessThan(100_000);
  expect(preview.rows).toBeGreaterThan(0);
  expect(preview.warningsStat).toBe(false);
  await expect(stat(page, 'spans')).toHaveText('100,000', { timeout: 150_000 });
  await expect(page.getByTestId('partial-note')).toHaveCount(0);
  await idle(page);
  await expect(files(page).first()).toContainText('generated-100000-spans.otlp.json');
  await expect(page.getByTestId('waterfall')).toBeVisible();
  await expect(page.getByTestId('waterfall-trace')).toBeVisible();
  await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('demo'))).toBe('generated-100000-spans.otlp.json');
});
