/**
 * The waterfall end to end: rows, kind colours and glyphs, legend, colour by service, CLIENT
 * network time, producer → consumer connectors, span links both ways, collapse/expand/depth and
 * folded runs, zoom (drag, wheel, keys, minimap) and reset, the critical path, search and filters,
 * clock-skew correction, keyboard and ARIA, the details panel, and the URL hash.
 *
 * Expected values come from the same core in Node (span indices match: the worker builds the
 * dataset the same way), so the page must show exactly what the core computes.
 */
import { test, expect } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetBuilder } from '../web/core/model/builder.ts';
import { importText } from '../web/core/formats/index.ts';
import type { Dataset } from '../web/core/model/types.ts';
import { buildRows, collapseBelowDepth, traceTree } from '../web/core/layout/rows.ts';
import { criticalPath } from '../web/core/layout/critical-path.ts';
import { searchSpans } from '../web/core/search/search.ts';
import { KIND_STYLES } from '../web/ui/kinds.ts';
import { idle, watchErrors } from './support/app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIX = path.join(ROOT, 'web/test/fixtures/shared');
const HOTROD = path.join(FIX, 'otlp/jaeger-hotrod-apiv3.json');
const KAFKA = path.join(FIX, 'zipkin/lens-messaging-kafka.json');
const LINKS = path.join(FIX, 'otlp/jaeger-otel-traces-links.json');
/** The waterfall folds runs of at least this many identical leaf siblings (views/waterfall/state.ts). */
const FOLD = 8;

function dataset(...files: string[]): Dataset {
  const b = new DatasetBuilder();
  for (const f of files) importText(b, path.basename(f), readFileSync(f, 'utf8'));
  return b.finish();
}

function rowCount(ds: Dataset, t = 0, collapsed: Set<number> = new Set()): number {
  return buildRows(ds, traceTree(ds, ds.traces[t].order), { collapsed, foldRunsOf: FOLD }).count;
}


async function open(page: Page, ...files: string[]): Promise<Locator> {
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(files);
  await idle(page);
  const grid = page.getByRole('treegrid');
  await expect(grid).toBeVisible();
  return grid;
}

async function openText(page: Page, name: string, json: unknown): Promise<Locator> {
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  await idle(page);
  const grid = page.getByRole('treegrid');
  await expect(grid).toBeVisible();
  return grid;
}


async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = false): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** A 16-hex-digit id. */
const id16 = (n: number | string) => (typeof n === 'number' ? n.toString(16) : n).padStart(16, '0');

const row = (grid: Locator, name: string) => grid.getByRole('row', { name, exact: true });
const zoomText = (page: Page) => page.getByTestId('zoom-window');

/** "176 ms – 352 ms" → [176e6, 352e6] (ns). */
function parseWindow(text: string): [number, number] {
  const unit: Record<string, number> = { ns: 1, 'µs': 1e3, ms: 1e6, s: 1e9 };
  const m = /([\d.]+) (ns|µs|ms|s) – ([\d.]+) (ns|µs|ms|s)/.exec(text);
  if (!m) throw new Error(`not a window: ${text}`);
  return [Number(m[1]) * unit[m[2]], Number(m[3]) * unit[m[4]]];
}

async function dragX(page: Page, target: Locator, from: number, to: number): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('no box');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 3 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 3 });
  await page.mouse.up();
}

const hex = (rgb: string) => KIND_STYLES.find((k) => k.color === rgb)?.name;
function rgbToHex(rgb: string): string {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(rgb);
  if (!m) return rgb;
  return `#${[m[1], m[2], m[3]].map((v) => Number(v).toString(16).padStart(2, '0')).join('')}`;
}

test('rows with kind colours and glyphs, the legend, and colour by service', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const grid = await open(page, HOTROD);
  const ds = dataset(HOTROD);
  const expectedRows = rowCount(ds);
  await expect(grid).toHaveAttribute('aria-rowcount', String(expectedRows));
  await expect(page.getByTestId('waterfall')).toContainText(`${expectedRows} of 40 rows`);

  // the root, then its CLIENT → SERVER → CLIENT chain, with glyphs and kind colours
  const root = row(grid, 'frontend GET /dispatch SERVER');
  await expect(root).toHaveAttribute('aria-rowindex', '1');
  await expect(root).toHaveAttribute('aria-level', '1');
  await expect(root).toHaveAttribute('aria-expanded', 'true');
  await expect(root.getByRole('img', { name: 'SERVER' })).toHaveText('S');
  const mysql = row(grid, 'mysql SQL SELECT CLIENT');
  await expect(mysql).toHaveAttribute('aria-level', '4');
  await expect(mysql.getByRole('img', { name: 'CLIENT' })).toHaveText('C');
  await expect(mysql).not.toHaveAttribute('aria-expanded');
  // bars are coloured by kind: every rendered bar has its kind's colour
  const bars = grid.locator('.sm-wf-bar');
  const colours = await bars.evaluateAll((els) => els.map((e) => [e.getAttribute('data-bar'), getComputedStyle(e).backgroundColor]));
  expect(colours.length).toBeGreaterThan(10);
  for (const [kind, bg] of colours) expect(hex(rgbToHex(bg as string))).toBe(kind);
  // a SERVER and a CLIENT bar look different
  expect(new Set(colours.map((c) => c[1])).size).toBeGreaterThanOrEqual(2);
  // each row's glyph letter is also drawn on its bar when the bar is wide enough
  await expect(root.locator('.sm-wf-glyph')).toHaveText('S');
  await expect(root.locator('.sm-wf-glyph')).toBeVisible();

  // the legend names every kind, with its glyph
  const legend = page.getByTestId('legend');
  for (const k of KIND_STYLES) await expect(legend.locator(`[data-kind="${k.name}"]`)).toContainText(k.name);
  await expect(legend.locator('[data-kind="SERVER"] .sm-wf-legend__bar')).toHaveText('S');
  await expect(legend).toContainText('critical path');
  await expect(legend).toContainText('producer → consumer');
  await shot(page, testInfo, '1-hotrod-by-kind');

  // colour by service: bars of one service share a colour, other services differ; the legend lists services
  await page.getByRole('button', { name: 'Service', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Service', exact: true })).toHaveAttribute('aria-pressed', 'true');
  for (const s of ['frontend', 'customer', 'mysql', 'driver', 'route']) await expect(legend.locator(`[data-service="${s}"]`)).toBeVisible();
  const byService = await grid.getByRole('row').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('.sm-wf-svc')?.textContent ?? '', getComputedStyle(r.querySelector('.sm-wf-bar') as Element).backgroundColor]),
  );
  const colourOf = new Map<string, Set<string>>();
  for (const [svc, bg] of byService) colourOf.set(svc, (colourOf.get(svc) ?? new Set()).add(bg));
  for (const set of colourOf.values()) expect(set.size).toBe(1);
  expect(new Set([...colourOf.values()].map((s) => [...s][0])).size).toBe(colourOf.size);
  // the kind glyph stays as the non-colour cue
  await expect(root.getByRole('img', { name: 'SERVER' })).toBeVisible();
  await shot(page, testInfo, '2-hotrod-by-service');
  await page.getByRole('button', { name: 'Kind', exact: true }).click();
  await expect(legend.locator('[data-kind="CLIENT"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a CLIENT bar shows the part its SERVER child covers apart from network and queueing', async ({ page }) => {
  const grid = await open(page, HOTROD);
  // frontend's CLIENT call to customer is row 2; its SERVER child is row 3
  const client = grid.getByRole('row').nth(1);
  const server = grid.getByRole('row').nth(2);
  await expect(client).toHaveAccessibleName('frontend HTTP GET CLIENT');
  await expect(server).toHaveAccessibleName('customer GET /customer SERVER');
  const cell = client.getByRole('gridcell').nth(2);
  const covered = ((await cell.getAttribute('data-covered')) ?? '').split(' ').map(Number);
  const sCell = server.getByRole('gridcell').nth(2);
  const sStart = Number(await sCell.getAttribute('data-start'));
  const sEnd = Number(await sCell.getAttribute('data-end'));
  expect(covered).toEqual([sStart, sEnd]);
  // drawn: the whole bar hatched (network and queueing), the covered part solid, narrower than the bar
  const bar = client.locator('.sm-wf-bar');
  await expect(bar).toHaveClass(/sm-wf-bar--network/);
  expect(await bar.evaluate((e) => getComputedStyle(e).backgroundImage)).toContain('repeating-linear-gradient');
  const seg = client.locator('.sm-wf-covered');
  await expect(seg).toHaveCount(1);
  expect(await seg.evaluate((e) => getComputedStyle(e).backgroundImage)).toBe('none');
  const [b, s] = [await bar.boundingBox(), await seg.boundingBox()];
  expect(b && s).toBeTruthy();
  if (!b || !s) return;
  expect(s.x).toBeGreaterThanOrEqual(b.x - 0.5);
  expect(s.x + s.width).toBeLessThanOrEqual(b.x + b.width + 0.5);
  expect(s.width).toBeLessThan(b.width);
  // zoomed in on the client (z), the uncovered time is clearly visible
  await client.click();
  await grid.focus();
  await page.keyboard.press('z');
  await expect(zoomText(page)).toContainText('–');
  const [bz, sz] = [await bar.boundingBox(), await seg.boundingBox()];
  if (!bz || !sz) throw new Error('no boxes');
  expect(sz.x).toBeGreaterThanOrEqual(bz.x - 0.5);
  // the uncovered share of the bar is the CLIENT's time not covered by its SERVER
  const cStart = Number(await cell.getAttribute('data-start'));
  const cEnd = Number(await cell.getAttribute('data-end'));
  const uncovered = 1 - (sEnd - sStart) / (cEnd - cStart);
  expect(uncovered).toBeGreaterThan(0.005);
  expect(Math.abs((bz.width - sz.width) / bz.width - uncovered)).toBeLessThan(0.005);
  expect(bz.width - sz.width).toBeGreaterThan(4);
  await expect(cell).toHaveAttribute('title', /network and queueing/);
});

test('a producer → consumer hand-off is drawn as a connector across a gap in time', async ({ page }, testInfo) => {
  const grid = await open(page, KAFKA);
  const ds = dataset(KAFKA);
  // every PRODUCER → CONSUMER parent/child pair whose rows are rendered gets a connector
  const pairs: [number, number][] = [];
  for (let i = 0; i < ds.spanCount; i++) if (ds.kind[i] === 5 && ds.parent[i] >= 0 && ds.kind[ds.parent[i]] === 4) pairs.push([ds.parent[i], i]);
  expect(pairs.length).toBe(6);
  const conns = page.getByTestId('connectors').locator('[data-conn="handoff"]');
  const drawn = await conns.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-from')}-${e.getAttribute('data-to')}`));
  const rendered = new Set(await grid.getByRole('row').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-span')))));
  for (const [p, c] of pairs) if (rendered.has(p) && rendered.has(c)) expect(drawn).toContain(`${p}-${c}`);
  // the longest gap: the consumer starts ~400 ms after its producer ended; the connector spans it
  const gaps = pairs.map(([p, c]) => ({ p, c, gap: ds.start[c] - (ds.start[p] + ds.duration[p]) }));
  const far = gaps.sort((a, b) => b.gap - a.gap)[0];
  expect(far.gap).toBeGreaterThan(300e6);
  const conn = page.getByTestId('connectors').locator(`[data-from="${far.p}"][data-to="${far.c}"]`);
  const h = await conn.locator('.sm-wf-conn__h').boundingBox();
  const timeline = await page.getByTestId('ruler').boundingBox();
  if (!h || !timeline) throw new Error('no boxes');
  expect(h.width).toBeGreaterThan(timeline.width * 0.5);
  await expect(conn.locator('.sm-wf-conn__arrow')).toHaveCount(1);
  await shot(page, testInfo, '3-kafka-handoffs');
});

test('span links are drawn and navigable both ways', async ({ page }, testInfo) => {
  const grid = await open(page, LINKS);
  const s2 = row(grid, 'service-x test-general-conversion-2 SERVER');
  const s4 = row(grid, 'service-x test-general-conversion-4 PRODUCER');
  await expect(s2).toBeVisible();
  await expect(s4).toBeVisible();
  // a link between two spans of this trace is drawn
  await expect(page.getByTestId('connectors').locator('[data-conn="link"]')).toHaveCount(1);
  // outgoing: conversion-2 links to conversion-4 (loaded) and to a span that is not loaded
  await s2.getByRole('button', { name: 'Links: 2 out, 0 in' }).click();
  const pop = page.getByTestId('links-popover');
  await expect(pop).toBeVisible();
  await expect(pop.locator('[data-direction="out"]')).toHaveCount(2);
  await expect(pop.locator('[data-direction="out"]').nth(1)).toContainText('not loaded');
  await shot(page, testInfo, '4-links-out');
  await pop.locator('[data-direction="out"]').first().getByRole('button').click();
  await expect(pop).toHaveCount(0);
  await expect(s4).toHaveAttribute('aria-selected', 'true');
  // inbound: conversion-4 is linked to by spans 2, 3 (another trace), 4 (itself) and 5 (another trace)
  await s4.getByRole('button', { name: /Links: 2 out, 4 in/ }).click();
  await expect(pop.locator('[data-direction="in"]')).toHaveCount(4);
  const toThree = pop.locator('[data-direction="in"]').filter({ hasText: 'test-general-conversion-3' });
  await expect(toThree).toContainText('trace 00000000');
  await toThree.getByRole('button').click();
  // another trace: the waterfall switches to it and selects the linking span
  await expect(page.getByTestId('waterfall-trace')).toHaveAttribute('data-trace-id', '00000000000000020000000000000000');
  await expect(row(grid, 'service-x test-general-conversion-3 CLIENT')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('span-details')).toContainText('test-general-conversion-3');
});

test('collapse and expand a span, everything, to a depth; folded runs of identical siblings', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  const ds = dataset(HOTROD);
  const all = rowCount(ds);
  const root = row(grid, 'frontend GET /dispatch SERVER');
  await expect(grid).toHaveAttribute('aria-rowcount', String(all));

  // a folded run: ×13 redis GetDriver, unfolded on request
  const run = grid.locator('[role="row"][data-group]');
  await expect(run).toHaveCount(1);
  await expect(run).toHaveAttribute('data-group', '13');
  await expect(run).toHaveAccessibleName('redis-manual GetDriver CLIENT, 13 similar spans folded');
  await expect(run).toContainText('×13');
  await expect(run).toHaveAttribute('aria-expanded', 'false');
  await shot(page, testInfo, '5-folded');
  await run.getByRole('button', { name: 'Unfold 13 spans' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', '40');
  await expect(grid.getByRole('row', { name: 'redis-manual GetDriver CLIENT', exact: true })).toHaveCount(13);

  // one span
  await root.getByRole('button', { name: 'Collapse' }).click();
  await expect(root).toHaveAttribute('aria-expanded', 'false');
  await expect(grid).toHaveAttribute('aria-rowcount', '1');
  await root.getByRole('button', { name: 'Expand' }).click();
  await expect(root).toHaveAttribute('aria-expanded', 'true');
  await expect(grid).toHaveAttribute('aria-rowcount', '40');

  // everything
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', '1');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', String(all));

  // to depth N
  for (const depth of [1, 3, 2]) {
    await page.getByLabel('Expand to depth').selectOption(String(depth));
    await expect(grid).toHaveAttribute('aria-rowcount', String(rowCount(ds, 0, collapseBelowDepth(ds, ds.traces[0].order, depth))));
  }
  await expect(row(grid, 'frontend HTTP GET CLIENT').first()).toHaveAttribute('aria-expanded', 'false');
  await expect(row(grid, 'customer GET /customer SERVER')).toHaveCount(0);
});

test('zoom by dragging, wheel and keys; reset; the minimap shows and moves the window', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  const ds = dataset(HOTROD);
  const total = ds.traces[0].durationNs;
  await expect(zoomText(page)).toContainText('Whole trace');
  const ruler = page.getByTestId('ruler');
  await expect(ruler).toContainText('ms');
  const minimap = page.getByTestId('minimap');
  const win = page.getByTestId('minimap-window');
  const mapBox = await minimap.boundingBox();
  if (!mapBox) throw new Error('no minimap');
  expect((await win.boundingBox())?.width).toBeGreaterThan(mapBox.width * 0.97);

  // drag a range on the axis
  await dragX(page, ruler, 0.25, 0.5);
  await expect(zoomText(page)).toContainText('–');
  const [a, b] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(a).toBeGreaterThan(total * 0.22);
  expect(a).toBeLessThan(total * 0.28);
  expect(b).toBeGreaterThan(total * 0.47);
  expect(b).toBeLessThan(total * 0.53);
  const wbox = await win.boundingBox();
  expect(wbox?.width).toBeGreaterThan(mapBox.width * 0.2);
  expect(wbox?.width).toBeLessThan(mapBox.width * 0.3);
  // the root bar now runs past both ends of the timeline
  const rootBar = row(grid, 'frontend GET /dispatch SERVER').locator('.sm-wf-bar');
  const rb = await rootBar.boundingBox();
  const rl = await ruler.boundingBox();
  if (!rb || !rl) throw new Error('no boxes');
  expect(rb.x).toBeLessThan(rl.x);
  expect(rb.x + rb.width).toBeGreaterThan(rl.x + rl.width);
  await shot(page, testInfo, '6-zoomed');

  // reset
  await page.getByRole('button', { name: 'Reset zoom' }).click();
  await expect(zoomText(page)).toContainText('Whole trace');

  // drag a range across the rows' timeline
  const body = await grid.boundingBox();
  if (!body) throw new Error('no grid');
  await page.mouse.move(rl.x + rl.width * 0.1, body.y + 60);
  await page.mouse.down();
  await page.mouse.move(rl.x + rl.width * 0.2, body.y + 80, { steps: 4 });
  await page.mouse.move(rl.x + rl.width * 0.3, body.y + 90, { steps: 4 });
  await page.mouse.up();
  const [c, d] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(c).toBeGreaterThan(total * 0.07);
  expect(d).toBeLessThan(total * 0.33);

  // keyboard: 0 resets, + zooms in, − zooms out, Shift+→ pans later
  await grid.focus();
  await page.keyboard.press('0');
  await expect(zoomText(page)).toContainText('Whole trace');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const [e1, f1] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(f1 - e1).toBeLessThan(total * 0.45);
  await page.keyboard.press('Shift+ArrowRight');
  const [e2, f2] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(e2).toBeGreaterThan(e1);
  expect(Math.abs(f2 - e2 - (f1 - e1))).toBeLessThan(total * 0.02);
  await page.keyboard.press('-');
  const [e3, f3] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(f3 - e3).toBeGreaterThan(f2 - e2);
  await page.keyboard.press('0');

  // Ctrl + wheel zooms at the pointer; Shift + wheel pans
  await page.mouse.move(rl.x + rl.width * 0.5, body.y + 100);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  await expect(zoomText(page)).toContainText('–');
  const [g1, h1] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(h1 - g1).toBeLessThan(total * 0.6);
  expect((g1 + h1) / 2).toBeGreaterThan(total * 0.4);
  expect((g1 + h1) / 2).toBeLessThan(total * 0.6);
  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 200);
  await page.keyboard.up('Shift');
  const [g2] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(g2).toBeGreaterThan(g1);
  // plain wheel over the axis zooms too
  await page.mouse.move(rl.x + rl.width * 0.5, rl.y + rl.height / 2);
  await page.mouse.wheel(0, 300);
  await page.getByRole('button', { name: 'Reset zoom' }).click();

  // the minimap: drag a range, then drag the window to pan
  await dragX(page, minimap, 0.6, 0.8);
  const [m1, n1] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(m1).toBeGreaterThan(total * 0.55);
  expect(n1).toBeLessThan(total * 0.85);
  await dragX(page, minimap, 0.7, 0.5);
  const [m2] = parseWindow((await zoomText(page).textContent()) ?? '');
  expect(m2).toBeLessThan(m1 - total * 0.1);
  await shot(page, testInfo, '7-minimap');
});

test('the critical path is highlighted (kind-aware) and can be switched off', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  const ds = dataset(HOTROD);
  const expected = new Set(criticalPath(ds, ds.traces[0].roots[0]).filter((s) => s.end > s.start).map((s) => s.span));
  const marked = async () => grid.locator('[role="row"]:not([data-group])').evaluateAll((rs) => rs.filter((r) => r.querySelector('[data-critical]')).map((r) => Number(r.getAttribute('data-span'))));
  const shownSpans = new Set(await grid.locator('[role="row"]:not([data-group])').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-span')))));
  const want = [...expected].filter((s) => shownSpans.has(s)).sort((a, b) => a - b);
  expect(want.length).toBeGreaterThan(5);
  expect((await marked()).sort((a, b) => a - b)).toEqual(want);
  await expect(row(grid, 'mysql SQL SELECT CLIENT').locator('.sm-wf-crit')).toHaveCount(1);
  await shot(page, testInfo, '8-critical-path');
  const toggle = page.getByRole('checkbox', { name: 'Critical path' });
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(grid.locator('.sm-wf-crit')).toHaveCount(0);
  expect(await marked()).toEqual([]);
  await toggle.check();
  await expect(grid.locator('.sm-wf-crit').first()).toBeVisible();

  // kind-aware: a PRODUCER does not wait for its CONSUMER, even one that ends last
  const us = 1_700_000_000_000_000;
  const spans = [
    { traceId: id16('c1'), id: id16(1), name: 'POST /order', kind: 'SERVER', timestamp: us, duration: 20_000, localEndpoint: { serviceName: 'shop' } },
    { traceId: id16('c1'), id: id16(2), parentId: id16(1), name: 'publish order', kind: 'PRODUCER', timestamp: us + 1_000, duration: 2_000, localEndpoint: { serviceName: 'shop' } },
    { traceId: id16('c1'), id: id16(3), parentId: id16(2), name: 'process order', kind: 'CONSUMER', timestamp: us + 40_000, duration: 30_000, localEndpoint: { serviceName: 'mailer' } },
    { traceId: id16('c1'), id: id16(4), parentId: id16(1), name: 'SELECT stock', kind: 'CLIENT', timestamp: us + 5_000, duration: 12_000, localEndpoint: { serviceName: 'shop' } },
  ];
  const g2 = await openText(page, 'handoff.json', spans);
  await expect(row(g2, 'shop SELECT stock CLIENT').getByRole('gridcell').nth(2)).toHaveAttribute('data-critical', /.+/);
  await expect(row(g2, 'mailer process order CONSUMER').getByRole('gridcell').nth(2)).not.toHaveAttribute('data-critical');
  await expect(page.getByTestId('connectors').locator('[data-conn="handoff"]')).toHaveCount(1);
});

test('search: count, next and previous, matches only; filters by service and kind', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  const ds = dataset(HOTROD);
  const search = page.getByRole('searchbox', { name: 'Search spans' });
  const status = page.getByTestId('search-status');
  const expectCount = async (q: string) => {
    const n = searchSpans(ds, q, 0).length;
    await search.fill(q);
    await expect(status).toHaveText(n === 0 ? 'no matches' : `${n} ${n === 1 ? 'match' : 'matches'}`);
    return n;
  };
  expect(await expectCount('kind:server')).toBe(13);
  expect(await expectCount('error')).toBe(3);
  await expectCount('service:route');
  await expectCount('http.route=/route');
  await expectCount('"GET /customer"');
  await expectCount('nothing-like-this');
  const n = await expectCount('redis');
  expect(n).toBeGreaterThan(5);

  // next / previous walk the matches in tree order and select them (unfolding the folded run)
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(status).toHaveText(`1 of ${n}`);
  const selected = grid.locator('[role="row"][aria-selected="true"]');
  await expect(selected).toHaveClass(/sm-wf-row--match/);
  await expect(selected).toHaveAccessibleName(/^redis-manual /);
  await search.press('Enter');
  await expect(status).toHaveText(`2 of ${n}`);
  await page.getByRole('button', { name: 'Previous match' }).click();
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(status).toHaveText(`${n} of ${n}`);
  await expect(selected).toBeInViewport();
  await shot(page, testInfo, '9-search');

  // matches only
  await page.getByRole('checkbox', { name: 'Matches only' }).check();
  await expect(grid).toHaveAttribute('aria-rowcount', String(n));
  await expect(grid.getByRole('row')).toHaveCount(n);
  for (const name of await grid.getByRole('row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''))) expect(name).toMatch(/^redis-manual /);
  await page.getByRole('checkbox', { name: 'Matches only' }).uncheck();
  await search.fill('');
  await expect(status).toHaveText('');

  // filters: kinds, then services
  const unfiltered = await grid.getAttribute('aria-rowcount');
  await page.getByRole('button', { name: 'Filter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Filter spans by kind and service' });
  await dialog.getByRole('checkbox', { name: /SERVER/ }).uncheck();
  await expect(grid).toHaveAttribute('aria-rowcount', '27');
  for (const k of await grid.getByRole('row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-kind')))) expect(k).toBe('CLIENT');
  await dialog.getByRole('checkbox', { name: /SERVER/ }).check();
  await dialog.getByRole('checkbox', { name: /^route/ }).uncheck();
  const notRoute = Array.from({ length: ds.spanCount }, (_, i) => i).filter((i) => ds.resources[ds.resource[i]].serviceName !== 'route').length;
  // collapsed subtrees and folded runs do not apply to a filtered list: every passing span is a row
  await expect(grid).toHaveAttribute('aria-rowcount', String(notRoute));
  await expect(page.getByRole('button', { name: 'Filter (1)' })).toBeVisible();
  await shot(page, testInfo, '10-filter');
  await dialog.getByRole('button', { name: 'Show all' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', unfiltered ?? '');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('clock-skew correction is off by default, kind-aware, and marks each moved span', async ({ page }, testInfo) => {
  const us = 1_700_000_000_000_000;
  // the backend's clock runs 50 ms behind: its SERVER span starts before its CLIENT does
  const spans = [
    { traceId: id16('a1'), id: id16(1), name: 'GET /checkout', kind: 'SERVER', timestamp: us, duration: 120_000, localEndpoint: { serviceName: 'frontend' } },
    { traceId: id16('a1'), id: id16(2), parentId: id16(1), name: 'POST /pay', kind: 'CLIENT', timestamp: us + 10_000, duration: 100_000, localEndpoint: { serviceName: 'frontend' } },
    { traceId: id16('a1'), id: id16(3), parentId: id16(2), name: 'POST /pay', kind: 'SERVER', timestamp: us - 40_000, duration: 80_000, localEndpoint: { serviceName: 'payments' } },
    { traceId: id16('a1'), id: id16(4), parentId: id16(3), name: 'INSERT charge', kind: 'CLIENT', timestamp: us - 30_000, duration: 20_000, localEndpoint: { serviceName: 'payments' } },
    { traceId: id16('a1'), id: id16(5), parentId: id16(1), name: 'publish receipt', kind: 'PRODUCER', timestamp: us + 111_000, duration: 2_000, localEndpoint: { serviceName: 'frontend' } },
    { traceId: id16('a1'), id: id16(6), parentId: id16(5), name: 'send receipt', kind: 'CONSUMER', timestamp: us + 500_000, duration: 5_000, localEndpoint: { serviceName: 'mailer' } },
  ];
  const grid = await openText(page, 'skewed.json', spans);
  const toggle = page.getByRole('checkbox', { name: 'Clock-skew correction' });
  await expect(toggle).not.toBeChecked();
  await expect(grid.getByText(/adjusted by/)).toHaveCount(0);
  const server = row(grid, 'payments POST /pay SERVER');
  const before = Number(await server.getByRole('gridcell').nth(2).getAttribute('data-start'));
  await toggle.check();
  // centred in its CLIENT (10..110 ms): starts at 20 ms, i.e. moved by +60 ms; its child moves with it
  await expect(server).toContainText('adjusted by +60.0 ms');
  await expect(row(grid, 'payments INSERT charge CLIENT')).toContainText('adjusted by +60.0 ms');
  const after = Number(await server.getByRole('gridcell').nth(2).getAttribute('data-start'));
  expect(after - before).toBe(60e6);
  await expect(server.locator('.sm-wf-ghost')).toHaveCount(1);
  // nothing else moves: not the CLIENT, and never a CONSUMER into its PRODUCER
  await expect(grid.getByText(/adjusted by/)).toHaveCount(2);
  await expect(row(grid, 'mailer send receipt CONSUMER')).not.toContainText('adjusted by');
  await shot(page, testInfo, '11-skew');
  await toggle.uncheck();
  await expect(grid.getByText(/adjusted by/)).toHaveCount(0);
});

test('keyboard: rows, expand and collapse, Enter, / to search, ? for the shortcuts', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  const active = async () => {
    const id = await grid.getAttribute('aria-activedescendant');
    return id ? page.locator(`[id="${id}"]`).getAttribute('aria-label') : null;
  };
  await grid.focus();
  await expect.poll(active).toBe('frontend GET /dispatch SERVER');
  await page.keyboard.press('ArrowDown');
  await expect.poll(active).toBe('frontend HTTP GET CLIENT');
  await page.keyboard.press('j');
  await expect.poll(active).toBe('customer GET /customer SERVER');
  await page.keyboard.press('k');
  await expect.poll(active).toBe('frontend HTTP GET CLIENT');
  // ← collapses, → expands, ← again goes to the parent
  const client = grid.getByRole('row').nth(1);
  await page.keyboard.press('ArrowLeft');
  await expect(client).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(client).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  await expect.poll(active).toBe('customer GET /customer SERVER');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(active).toBe('frontend HTTP GET CLIENT');
  // Enter selects and shows the details
  await page.keyboard.press('Enter');
  await expect(client).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('span-details')).toBeVisible();
  await page.keyboard.press('End');
  await expect.poll(active).toMatch(/^route GET \/route SERVER$/);
  await page.keyboard.press('Home');
  await expect.poll(active).toBe('frontend GET /dispatch SERVER');
  // / focuses the search; Escape leaves it
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search spans' })).toBeFocused();
  await page.keyboard.press('Escape');
  await grid.focus();
  // ? lists the shortcuts
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const k of ['next row', 'previous row', 'expand the row', 'collapse the row', 'search', 'zoom in / out', 'reset zoom', 'this list']) await expect(help).toContainText(k);
  await shot(page, testInfo, '12-shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // Escape clears the selection
  await grid.focus();
  await page.keyboard.press('Escape');
  await expect(grid.locator('[aria-selected="true"]')).toHaveCount(0);
});

test('ARIA: a virtualized treegrid, aria-rowcount = rows shown, rows named "<service> <name> <KIND>"', async ({ page }) => {
  // a wide trace: one root, 3000 children in 30 services with distinct names (nothing folds)
  const us = 1_700_000_000_000_000;
  const n = 3000;
  const spans = [{ traceId: id16('b1'), id: id16(1), name: 'root', kind: 'SERVER', timestamp: us, duration: n * 10 + 10, localEndpoint: { serviceName: 'gateway' } }];
  for (let k = 0; k < n; k++) spans.push({ traceId: id16('b1'), id: id16(k + 2), parentId: id16(1), name: `op ${k}`, kind: k % 2 ? 'CLIENT' : 'PRODUCER', timestamp: us + k * 10, duration: 9, localEndpoint: { serviceName: `svc-${k % 30}` } } as (typeof spans)[number]);
  const grid = await openText(page, 'wide.json', spans);
  await expect(grid).toHaveAttribute('role', 'treegrid');
  await expect(grid).toHaveAttribute('aria-rowcount', String(n + 1));
  const inDom = await grid.getByRole('row').count();
  expect(inDom).toBeLessThan(80);
  const first = grid.getByRole('row').first();
  await expect(first).toHaveAttribute('aria-rowindex', '1');
  await expect(first).toHaveAccessibleName('gateway root SERVER');
  await expect(first).toHaveAttribute('aria-expanded', 'true');
  await expect(first).toHaveAttribute('aria-selected', 'false');
  await expect(grid.getByRole('row').nth(1)).toHaveAccessibleName('svc-0 op 0 PRODUCER');
  await expect(grid.getByRole('row').nth(1)).toHaveAttribute('aria-level', '2');
  // scrolling to the end renders the last rows, with their index
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = grid.locator(`[role="row"][aria-rowindex="${n + 1}"]`);
  await expect(last).toHaveAccessibleName(`svc-${(n - 1) % 30} op ${n - 1} CLIENT`);
  expect(await grid.getByRole('row').count()).toBeLessThan(80);
  // collapsing the root: the count follows the rows shown
  await grid.evaluate((el) => (el.scrollTop = 0));
  await first.getByRole('button', { name: 'Collapse' }).click();
  await expect(grid).toHaveAttribute('aria-rowcount', '1');
});

test('selecting a span shows the details panel beside the waterfall', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  await expect(page.getByTestId('span-details')).toHaveCount(0);
  const mysql = row(grid, 'mysql SQL SELECT CLIENT');
  await mysql.click();
  await expect(mysql).toHaveAttribute('aria-selected', 'true');
  const details = page.getByTestId('span-details');
  await expect(details).toBeVisible();
  await expect(details).toContainText('SQL SELECT');
  const [g, d] = [await page.getByTestId('ruler').boundingBox(), await details.boundingBox()];
  expect(g && d && d.x > g.x + g.width - 1).toBe(true);
  await shot(page, testInfo, '13-details', true);
});

test('the URL hash keeps the trace, span, zoom, search and filters; reload restores them', async ({ page }, testInfo) => {
  // a demo from the gallery is named in the hash and loaded again on reload
  await page.goto('/');
  await page.getByTestId('demo-gallery').locator('[data-demo="lens-messaging-kafka.json"]').click();
  await idle(page);
  const grid = page.getByRole('treegrid');
  const target = row(grid, 'serviceb on-message UNSPECIFIED').first();
  await target.click();
  await dragX(page, page.getByTestId('ruler'), 0.3, 0.6);
  const zoomed = (await zoomText(page).textContent()) ?? '';
  await page.getByRole('searchbox', { name: 'Search spans' }).fill('send');
  await expect(page.getByTestId('search-status')).toContainText('matches');
  await page.getByRole('button', { name: 'Service', exact: true }).click();
  await expect.poll(() => new URL(page.url()).hash).toMatch(/q=send.*color=service/);
  const hash = new URL(page.url()).hash;
  expect(hash).toContain('demo=lens-messaging-kafka.json');
  expect(hash).toContain('trace=0562809467078eab');
  expect(hash).toMatch(/span=[0-9a-f]{16}/);
  expect(hash).toMatch(/t=\d+-\d+/);
  expect(hash).toContain('color=service');
  const selectedName = await grid.locator('[aria-selected="true"]').getAttribute('aria-label');
  const selectedSpan = await grid.locator('[aria-selected="true"]').getAttribute('data-span');

  await page.reload();
  await idle(page);
  await expect(page.getByTestId('files')).toContainText('lens-messaging-kafka.json');
  const sel = page.getByRole('treegrid').locator('[aria-selected="true"]');
  await expect(sel).toHaveAttribute('data-span', selectedSpan ?? '');
  await expect(sel).toHaveAttribute('aria-label', selectedName ?? '');
  await expect(zoomText(page)).toHaveText(zoomed);
  await expect(page.getByRole('searchbox', { name: 'Search spans' })).toHaveValue('send');
  await expect(page.getByRole('button', { name: 'Service', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('span-details')).toBeVisible();
  await shot(page, testInfo, '14-restored');

  // loaded files are not in the URL: the view applies once the same file is loaded again
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles([KAFKA, HOTROD]);
  await idle(page);
  const hotrodRoot = page.getByRole('treegrid');
  await page.getByRole('button', { name: 'Next trace ›' }).click();
  await expect(page.getByTestId('waterfall-trace')).toContainText('frontend');
  await row(hotrodRoot, 'mysql SQL SELECT CLIENT').click();
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('dialog').getByRole('checkbox', { name: /^route/ }).uncheck();
  await page.keyboard.press('Escape');
  await expect.poll(() => new URL(page.url()).hash).toMatch(/svc=/);
  const second = page.url();
  expect(second).not.toContain('demo=');
  await page.goto('about:blank');
  await page.goto(second);
  await page.waitForFunction(() => typeof window.__spanmapIdle === 'function');
  await expect(page.getByRole('heading', { name: 'Drop trace files here' })).toBeVisible();
  await page.getByLabel('Open trace files').setInputFiles([KAFKA, HOTROD]);
  await idle(page);
  await expect(page.getByTestId('waterfall-trace')).toContainText('frontend');
  await expect(row(page.getByRole('treegrid'), 'mysql SQL SELECT CLIENT')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Filter (1)' })).toBeVisible();
  await expect(page.getByRole('treegrid').getByRole('row', { name: /^route / })).toHaveCount(0);
});

test('the picture for the docs: HotROD with a CLIENT call selected', async ({ page }, testInfo) => {
  const grid = await open(page, HOTROD);
  await row(grid, 'frontend driver.DriverService/FindNearest CLIENT').click();
  await expect(page.getByTestId('span-details')).toContainText('FindNearest');
  // the app's header, then the waterfall with the details beside it
  await page.getByTestId('waterfall').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
  await page.mouse.move(0, 0);
  const file = testInfo.outputPath('waterfall.png');
  await page.screenshot({ path: file });
  await testInfo.attach('waterfall', { path: file, contentType: 'image/png' });
  if (process.env.SPANMAP_DOCS_SHOT) {
    mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    copyFileSync(file, path.join(ROOT, 'docs/waterfall.png'));
  }
});
