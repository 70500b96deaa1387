/**
 * The span details panel in the app: kind meaning, typed attributes with filter and copy, events,
 * status, exact start, the raw record, links in both directions, and untrusted text shown as text.
 *
 * Spans are selected through the app's test hook (window.__spanmapSelect) by span index; the
 * indices come from the same core in Node (the worker builds the dataset the same way).
 */
import { test, expect } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetBuilder } from '../web/core/model/builder.ts';
import { importText } from '../web/core/formats/index.ts';
import type { Dataset } from '../web/core/model/types.ts';
import { attributes, spanName } from '../web/core/model/access.ts';
import { absoluteNsString } from '../web/core/lib/time.ts';
import { filterAttributes, plainObject, valueDisplay } from '../web/views/details/format.ts';
import { idle, select, watchErrors } from './support/app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOTROD = path.join(ROOT, 'public/demo/jaeger-hotrod-apiv3.json');
const LINKS = path.join(ROOT, 'web/test/fixtures/shared/otlp/jaeger-otel-traces-links.json');

interface OtlpDoc {
  resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
}

function dataset(file: string): Dataset {
  const b = new DatasetBuilder();
  importText(b, path.basename(file), readFileSync(file, 'utf8'));
  return b.finish();
}
function indexOf(ds: Dataset, spanId: string): number {
  const i = ds.spanId.indexOf(spanId);
  expect(i, `span ${spanId}`).toBeGreaterThanOrEqual(0);
  return i;
}
function indexByName(ds: Dataset, name: string): number {
  for (let i = 0; i < ds.spanCount; i++) if (spanName(ds, i) === name) return i;
  throw new Error(`no span ${name}`);
}
function sourceSpan(file: string, spanId: string): Record<string, unknown> {
  const text = JSON.parse(readFileSync(file, 'utf8')) as OtlpDoc | { result: OtlpDoc };
  const doc = 'result' in text ? text.result : text;
  const span = doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).find((s) => s.spanId === spanId);
  if (!span) throw new Error(`no span ${spanId} in ${file}`);
  return span;
}

const panelOf = (page: Page, service: string, name: string) => page.getByRole('region', { name: `Span details: ${service} ${name}`, exact: true });
const section = (panel: Locator, title: string) => panel.locator(`section[data-section="${title}"]`);
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());


async function shot(locator: Locator, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  // a clip of the full page scrolled to the top, so the app's sticky header does not cover the panel
  await locator.page().evaluate(() => window.scrollTo(0, 0));
  const clip = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
  await locator.page().screenshot({ path: file, fullPage: true, clip });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

async function expectNoA11yViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).include('[data-testid="span-details"]').analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('a rich span: kind, typed attributes with filter and copy, events, status, exact start, raw record', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const ds = dataset(HOTROD);
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(HOTROD);
  await idle(page);

  // GET /dispatch: SERVER, 13 attributes, 17 events
  const dispatch = indexOf(ds, 'c8d93156b47cd010');
  await select(page, dispatch);
  const panel = panelOf(page, 'frontend', 'GET /dispatch');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('GET /dispatch');
  await expect(panel.getByTestId('kind-meaning')).toHaveText(/^SERVER: handles a request that came from another service/);

  // exact start: the source's startTimeUnixNano, digit for digit, and UTC with nanoseconds
  const src = sourceSpan(HOTROD, 'c8d93156b47cd010');
  await expect(panel.getByTestId('start-unix-ns')).toHaveText(String(src.startTimeUnixNano));
  expect(absoluteNsString(ds.traces[ds.trace[dispatch]].epochNs, ds.start[dispatch])).toBe(src.startTimeUnixNano);
  await expect(panel.getByTestId('start-utc')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} UTC$/);
  await expect(panel.getByTestId('start-utc')).toContainText(`.${String(src.startTimeUnixNano).slice(-9)} UTC`);

  // attributes: a real table with headers, one row per attribute, with the type
  const attrs = attributes(ds, dispatch);
  const table = panel.getByRole('table', { name: 'Span attributes' });
  await expect(table.getByRole('columnheader')).toHaveText(['Key', 'Type', 'Value', 'Copy']);
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(attrs.length);
  for (const a of attrs) {
    const row = table.locator(`tr[data-key="${a.key}"]`);
    await expect(row.locator('td').nth(0)).toHaveText(a.value.type);
    await expect(row.locator('td').nth(1)).toHaveText(valueDisplay(a.value));
  }
  await expect(table.locator('tr[data-key="http.response.status_code"] td').first()).toHaveText('int');
  await expect(table.locator('tr[data-key="url.path"] td').first()).toHaveText('string');

  // filter
  const filter = panel.getByRole('searchbox', { name: 'Filter span attributes' });
  await filter.fill('http');
  const matching = filterAttributes(attrs, 'http');
  expect(matching.length).toBeGreaterThan(0);
  expect(matching.length).toBeLessThan(attrs.length);
  await expect(rows).toHaveCount(matching.length);
  await expect(section(panel, 'Attributes')).toContainText(`${matching.length} of ${attrs.length}`);
  await filter.fill('int');
  await expect(rows).toHaveCount(attrs.filter((a) => a.value.type === 'int').length);
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(rows).toHaveCount(attrs.length);

  // copy one value with the mouse, and all as JSON with the keyboard (filter box, Tab, Enter)
  await table.getByRole('button', { name: 'Copy value of http.route' }).click();
  expect(await clipboard(page)).toBe('/dispatch');
  await expect(panel.getByTestId('copy-status')).toHaveText('Copied the value of http.route');
  await filter.focus();
  await page.keyboard.press('Tab');
  await expect(section(panel, 'Attributes').getByRole('button', { name: 'Copy all as JSON' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('copy-status')).toHaveText('Copied all span attributes as JSON');
  expect(JSON.parse(await clipboard(page))).toEqual(plainObject(attrs));

  // events: on the timeline and in the list, in time order, with offset, name and attributes
  const events = ds.events.get(dispatch) ?? [];
  expect(events.length).toBe(17);
  const list = panel.getByTestId('events').locator(':scope > li');
  await expect(list).toHaveCount(17);
  await expect(panel.getByTestId('event-timeline').locator('.sm-evtl__mark')).toHaveCount(17);
  const first = [...events].sort((a, b) => a.offsetNs - b.offsetNs)[0];
  await expect(list.first()).toContainText(first.name);
  await expect(list.first().locator('.sm-events__time')).toHaveText(/^\+/);
  await expect(list.filter({ hasText: 'Dispatch successful' }).getByRole('table')).toContainText('T724621C');
  await expect(list.last()).toContainText('Dispatch successful');

  // status of this span, then of an ERROR span
  await expect(panel.getByTestId('status')).toContainText('UNSET');

  // the raw record: text in a <pre>, valid JSON, exact ids and times, typed attributes as in the source
  await section(panel, 'Raw record').getByText('Show the record').click();
  const raw = panel.getByTestId('raw-record');
  await expect(raw).toBeVisible();
  const record = JSON.parse((await raw.textContent()) ?? '') as Record<string, unknown>;
  expect(record).toMatchObject({ traceId: src.traceId, spanId: src.spanId, name: src.name, kind: src.kind, startTimeUnixNano: src.startTimeUnixNano, endTimeUnixNano: src.endTimeUnixNano, attributes: src.attributes });
  await section(panel, 'Raw record').getByRole('button', { name: 'Copy JSON' }).click();
  expect(JSON.parse(await clipboard(page))).toEqual(record);

  await shot(panel, testInfo, 'details-dispatch');
  await expectNoA11yViolations(page);

  const failed = indexOf(ds, '515f970d6a704d52');
  await select(page, failed);
  const errPanel = panelOf(page, 'redis-manual', 'GetDriver');
  await expect(errPanel.getByTestId('status')).toContainText('ERROR');
  await expect(errPanel.getByTestId('status')).toContainText('An error occurred');
  await expect(errPanel.getByTestId('kind-meaning')).toHaveText('CLIENT: an outgoing request to another service; its duration includes network and queueing time and the server’s work.');
  await shot(errPanel, testInfo, 'details-error');
  expect(errors).toEqual([]);
});

test('links are navigable both ways, across traces', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const ds = dataset(LINKS);
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(LINKS);
  await idle(page);

  await select(page, indexByName(ds, 'test-general-conversion-2'));
  const p2 = panelOf(page, 'service-x', 'test-general-conversion-2');
  await expect(p2).toBeVisible();
  const out = p2.getByTestId('links-out').locator(':scope > li');
  await expect(out).toHaveCount(2);
  await expect(out.nth(0)).toContainText('0000000000000004');
  await expect(out.nth(0)).toContainText('follows_from');
  await expect(out.nth(1)).toContainText('not loaded');
  await expect(out.nth(1)).toContainText('00000000000000ff0000000000000000');
  await expect(out.nth(1).getByRole('button', { name: /^Go to/ })).toHaveCount(0);
  await expect(p2.getByTestId('links-in')).toHaveCount(0);
  await expect(section(p2, 'Links')).toContainText('No loaded span links to this span.');

  // outbound: click selects the linked span, and focus moves to its title
  await out.nth(0).getByRole('button', { name: /^Go to .*test-general-conversion-4$/ }).click();
  const p4 = panelOf(page, 'service-x', 'test-general-conversion-4');
  await expect(p4).toBeVisible();
  await expect(p4.getByRole('heading', { level: 2 })).toBeFocused();

  // inbound: spans 2, 3, 5 and 4 itself link to span 4
  const inbound = p4.getByTestId('links-in').locator(':scope > li');
  await expect(inbound).toHaveCount(4);
  await expect(inbound.filter({ hasText: 'this span' })).toHaveCount(1);
  for (const n of [2, 3, 5]) await expect(p4.getByTestId('links-in').getByRole('button', { name: new RegExp(`test-general-conversion-${n}$`) })).toHaveCount(1);
  await expect(p4.getByTestId('links-in').getByText('other trace')).toHaveCount(2);
  await shot(p4, testInfo, 'details-links');
  await expectNoA11yViolations(page);

  // inbound, by keyboard, into the other trace
  const to3 = p4.getByTestId('links-in').getByRole('button', { name: /test-general-conversion-3$/ });
  await to3.focus();
  await page.keyboard.press('Enter');
  const p3 = panelOf(page, 'service-x', 'test-general-conversion-3');
  await expect(p3).toBeVisible();
  await expect(section(p3, 'Identity')).toContainText('00000000000000020000000000000000');
  // and back: span 3 links to span 4 too
  await p3.getByTestId('links-out').getByRole('button', { name: /test-general-conversion-4$/ }).click();
  await expect(panelOf(page, 'service-x', 'test-general-conversion-4')).toBeVisible();
  expect(errors).toEqual([]);
});

test('untrusted values are text: no HTML, no links; long values expand; flags and diagnostics', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const evil = '<img src=x onerror="window.__pwned=1">';
  const long = `start-${'x'.repeat(2000)}-end`;
  const doc = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc<b>' } }] },
        scopeSpans: [
          {
            scope: { name: 'lib', version: '1.0' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                parentSpanId: '00f067aa0ba902b7',
                name: evil,
                kind: 0,
                startTimeUnixNano: '1700000000123456789',
                endTimeUnixNano: '1700000000123457790',
                attributes: [
                  { key: 'html', value: { stringValue: evil } },
                  { key: 'url.full', value: { stringValue: 'javascript:alert(document.domain)' } },
                  { key: 'long', value: { stringValue: long } },
                  { key: 'big', value: { intValue: '9007199254740993' } },
                  { key: 'ratio', value: { doubleValue: 0.5 } },
                  { key: 'flag', value: { boolValue: true } },
                  { key: 'blob', value: { bytesValue: 'AAAwOQ==' } },
                  { key: 'list', value: { arrayValue: { values: [{ stringValue: '<i>a</i>' }, { intValue: '2' }] } } },
                  { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
                ],
                events: [{ timeUnixNano: '1700000000123456000', name: evil }],
                status: { code: 2, message: evil },
              },
            ],
          },
        ],
      },
    ],
  };
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await idle(page);
  await select(page, 0);
  const panel = panelOf(page, 'svc<b>', evil);
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(evil);
  await expect(panel.getByTestId('kind-meaning')).toContainText('UNSPECIFIED: the instrumentation did not say; Spanmap cannot tell a remote call from local work');

  const table = panel.getByRole('table', { name: 'Span attributes' });
  await expect(table.locator('tr[data-key="html"] td').nth(1)).toHaveText(evil);
  await expect(table.locator('tr[data-key="url.full"] td').nth(1)).toHaveText('javascript:alert(document.domain)');
  await expect(table.locator('tr[data-key="big"] td').nth(1)).toHaveText('9007199254740993');
  const types = await table.locator('tbody td.sm-attrs__type').allTextContents();
  expect(types).toEqual(['string', 'string', 'string', 'int', 'double', 'bool', 'bytes', 'array', 'kvlist']);
  await expect(panel.getByTestId('status')).toContainText(evil);
  await expect(panel.getByTestId('events')).toContainText(evil);
  await expect(panel.getByTestId('events')).toContainText('before the span starts');
  // nothing became an element or a link
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.locator('main i')).toHaveCount(0);
  await expect(panel.locator('a')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // the long value is cut, with a button that shows it whole
  const cell = table.locator('tr[data-key="long"] td').nth(1);
  expect(((await cell.textContent()) ?? '').length).toBeLessThan(400);
  const more = cell.getByRole('button', { name: 'Show all 2,010 characters of long' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await expect(cell).toContainText(long);
  await expect(cell.getByRole('button', { name: 'Show less of long' })).toHaveAttribute('aria-expanded', 'true');

  // flags, and the span-kind diagnostics from the service graph
  await expect(panel.getByTestId('flags')).toContainText('Orphan');
  await expect(panel.getByTestId('flags')).toContainText('00f067aa0ba902b7');
  await expect(panel.getByTestId('diagnostics').locator('[data-code="KIND_UNSPECIFIED"]')).toHaveCount(1);
  // the raw record keeps the exact times and the parent id
  await section(panel, 'Raw record').getByText('Show the record').click();
  const record = JSON.parse((await panel.getByTestId('raw-record').textContent()) ?? '') as Record<string, unknown>;
  expect(record).toMatchObject({ parentSpanId: '00f067aa0ba902b7', startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000123457790', status: { code: 2, message: evil } });
  await shot(panel, testInfo, 'details-untrusted');
  await expectNoA11yViolations(page);
  expect(errors).toEqual([]);
});
