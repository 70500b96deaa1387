/**
 * The topology view in the app: the service graph of the selected trace and of all traces, node
 * shapes by type, sync and async edges, labels, evidence pairs linked to the waterfall, node
 * highlight (waterfall filter), the selected span's path, zoom/pan/fit, focus N hops, hide
 * inferred, find, exports, the table view, keyboard focus, and a large graph drawn on a canvas.
 *
 * Expected graphs come from the same core in Node (the worker derives them the same way).
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
import { deriveGraph } from '../web/core/graph/index.ts';
import type { ServiceGraph } from '../web/core/graph/index.ts';
import { idle, select, watchErrors } from './support/app.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOTROD = path.join(ROOT, 'public/demo/jaeger-hotrod-apiv3.json');
const KAFKA = path.join(ROOT, 'public/demo/lens-messaging-kafka.json');
const TRACEGRAPH = path.join(ROOT, 'public/demo/jaeger-ui-tracegraph-test.json');
const GENAI = path.join(ROOT, 'web/test/fixtures/shared/jaeger/jaeger-ui-genai-trace.json');
const SMARTTHINGS = path.join(ROOT, 'public/demo/lens-smartthings-mobile-web-install.json');

function dataset(...files: string[]): Dataset {
  const b = new DatasetBuilder();
  for (const f of files) importText(b, path.basename(f), readFileSync(f, 'utf8'));
  return b.finish();
}



async function shot(locator: Locator, testInfo: TestInfo, name: string, also?: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await locator.page().evaluate(() => window.scrollTo(0, 0));
  const clip = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
  await locator.page().screenshot({ path: file, fullPage: true, clip });
  if (also) await locator.page().screenshot({ path: also, fullPage: true, clip });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

const topo = (page: Page) => page.getByTestId('topology');
const graphEl = (page: Page) => page.getByTestId('topology-graph');
const node = (page: Page, id: string) => graphEl(page).locator(`[data-node="${id}"]`);
const edge = (page: Page, from: string, to: string) => graphEl(page).locator(`[data-edge="${from}→${to}"]`);
const line = (page: Page, from: string, to: string) => graphEl(page).locator(`[data-line="${from}→${to}"]`);

function edgeAccessibleName(g: ServiceGraph, k: number): RegExp {
  const e = g.edges[k];
  const calls = `${e.calls} ${e.type === 'async' ? (e.calls === 1 ? 'message' : 'messages') : e.calls === 1 ? 'call' : 'calls'}`;
  return new RegExp(`^${e.from} → ${e.to}, ${e.type}, ${calls}`.replace(/[.*+?()[\]{}|\\]/g, (c) => (c === '→' ? c : `\\${c}`)));
}

async function zoomK(page: Page): Promise<number> {
  return Number(await graphEl(page).locator('[data-zoom-root]').getAttribute('data-k'));
}
async function rootTransform(page: Page): Promise<string> {
  return (await graphEl(page).locator('[data-zoom-root]').getAttribute('data-transform')) ?? '';
}

async function expectNoA11yViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).include('[data-testid="topology"]').analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('HotROD: nodes and edges with names, evidence linked to the waterfall, node highlight, span path, zoom, focus, find, table, keyboard', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const ds = dataset(HOTROD);
  const g = deriveGraph(ds, { trace: 0 });
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(HOTROD);
  await idle(page);
  await expect(topo(page)).toBeVisible();
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);

  // the graph's role and summary
  const services = g.nodes.filter((n) => !n.inferred).length;
  const inferred = g.nodes.length - services;
  await expect(graphEl(page)).toHaveAttribute('role', 'group');
  await expect(graphEl(page)).toHaveAttribute('aria-roledescription', 'service graph');
  await expect(graphEl(page)).toHaveAttribute('aria-label', `Service graph: ${services} services, ${inferred} inferred, ${g.edges.length} edges`);

  // each node: focusable, named by its id; each edge named "from → to, type, N calls"
  for (const n of g.nodes) {
    const el = graphEl(page).getByRole('button', { name: n.id, exact: true });
    await expect(el).toHaveCount(1);
    await expect(el).toHaveAttribute('tabindex', /^(0|-1)$/);
    await expect(el).toHaveAttribute('data-type', n.type);
  }
  for (let k = 0; k < g.edges.length; k++) await expect(graphEl(page).getByRole('button', { name: edgeAccessibleName(g, k) })).toHaveCount(1);
  await expect(node(page, 'user')).toHaveAttribute('data-shape', 'stadium');
  await expect(node(page, 'frontend')).toHaveAttribute('data-shape', 'box');
  // sync edges are solid, with an arrowhead
  const route = edge(page, 'frontend', 'route');
  await expect(line(page, 'frontend', 'route')).not.toHaveAttribute('stroke-dasharray', /.+/);
  await expect(line(page, 'frontend', 'route')).toHaveAttribute('marker-end', /url\(#.+\)/);
  // labels: calls and p95, toggleable
  await expect(route.locator('.sm-topo-edge__label')).toHaveText(/^10 · p95 /);
  await topo(page).getByLabel('Labels').uncheck();
  await expect(graphEl(page).locator('.sm-topo-edge__label')).toHaveCount(0);
  await topo(page).getByLabel('Labels').check();
  await expect(graphEl(page).locator('.sm-topo-edge__label')).toHaveCount(g.edges.length);
  await shot(topo(page), testInfo, '1-hotrod');
  await expectNoA11yViolations(page);

  // tooltip with every statistic of an edge, including the network gap
  await route.locator('.sm-topo-edge__hit').hover();
  const tip = graphEl(page).getByRole('tooltip');
  await expect(tip).toContainText('frontend → route');
  await expect(tip).toContainText('Network gap');
  await expect(tip).toContainText(/p50 .* p95 .* p99 .* max/);

  // clicking an edge lists its span pairs; picking one selects that span in the waterfall
  const k = g.edges.findIndex((e) => e.from === 'frontend' && e.to === 'route');
  await route.click();
  const panel = page.getByTestId('edge-panel');
  await expect(panel.getByRole('heading', { name: 'frontend → route' })).toBeVisible();
  const pairs = panel.getByTestId('edge-pairs').locator('tbody tr');
  await expect(pairs).toHaveCount(g.edges[k].pairCount);
  await expect(panel.getByRole('row', { name: /Network gap/ })).toBeVisible();
  const callee = g.pairCallee[g.edges[k].pairStart];
  const calleeBtn = pairs.first().locator(`button[data-span="${callee}"]`);
  await expect(calleeBtn).toHaveText('GET /route');
  await calleeBtn.click();
  const wfRow = page.getByTestId('waterfall').locator(`[role="row"][data-span="${callee}"]`);
  await expect(wfRow).toHaveAttribute('aria-selected', 'true');
  // ... and the graph highlights that span's path: user → frontend → route
  await expect(edge(page, 'frontend', 'route')).toHaveClass(/is-path/);
  await expect(edge(page, 'user', 'frontend')).toHaveClass(/is-path/);
  await expect(edge(page, 'frontend', 'customer')).not.toHaveClass(/is-path/);
  await expect(node(page, 'route')).toHaveClass(/is-path/);
  await shot(topo(page), testInfo, '2-edge-evidence');

  // selecting a span in the waterfall (the store) highlights its path: a customer span
  const customerServer = g.pairCallee[g.edges[g.edges.findIndex((e) => e.from === 'frontend' && e.to === 'customer')].pairStart];
  await select(page, customerServer);
  await expect(edge(page, 'frontend', 'customer')).toHaveClass(/is-path/);
  await expect(edge(page, 'frontend', 'route')).not.toHaveClass(/is-path/);
  await select(page, null);
  await expect(graphEl(page).locator('.sm-topo-edge.is-path')).toHaveCount(0);

  // clicking a node highlights it (neighbours kept, the rest dimmed) and filters the waterfall to its spans
  await node(page, 'route').click();
  await expect(node(page, 'route')).toHaveAttribute('aria-pressed', 'true');
  await expect(node(page, 'route')).toHaveClass(/is-selected/);
  await expect(node(page, 'customer')).toHaveClass(/is-dim/);
  await expect(page.getByTestId('node-panel')).toContainText('The waterfall shows this service’s spans only');
  const wfRows = page.getByTestId('waterfall').locator('[role="row"]');
  await expect(wfRows).toHaveCount(10);
  for (const label of await wfRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))) expect(label).toMatch(/^route /);
  await node(page, 'route').click();
  await expect(node(page, 'route')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => wfRows.count()).toBeGreaterThan(10);

  // zoom and pan: buttons and keys; 0 fits
  const k0 = await zoomK(page);
  await topo(page).getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => zoomK(page)).toBeCloseTo(k0 * 1.25, 3);
  await graphEl(page).focus();
  await page.keyboard.press('-');
  await expect.poll(() => zoomK(page)).toBeCloseTo(k0, 3);
  const before = await rootTransform(page);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => rootTransform(page)).not.toBe(before);
  await page.keyboard.press('+');
  await page.keyboard.press('0');
  await expect.poll(() => rootTransform(page)).toBe(before);
  // wheel zoom and drag pan
  const box = (await graphEl(page).boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height - 30);
  await page.mouse.wheel(0, -300);
  await expect.poll(() => zoomK(page)).toBeGreaterThan(k0);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + box.height - 80, { steps: 4 });
  await page.mouse.up();
  await topo(page).getByRole('button', { name: 'Fit' }).click();
  await expect.poll(() => rootTransform(page)).toBe(before);

  // keyboard: Tab reaches the nodes (one tab stop), arrows move between them, Enter selects
  // (the tab stop is the node focused last: route, clicked above)
  await graphEl(page).focus();
  await page.keyboard.press('Tab');
  const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  await expect.poll(focusedName).toBe('route');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(focusedName).toBe('frontend');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(focusedName).toBe('user');
  await page.keyboard.press('ArrowRight');
  await expect.poll(focusedName).toBe('frontend');
  await page.keyboard.press('Enter');
  await expect(graphEl(page).locator('[data-node][aria-pressed="true"]')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(graphEl(page).locator('[data-node][aria-pressed="true"]')).toHaveCount(0);
  // Tab again: the edges (one tab stop), arrows move between them
  await page.keyboard.press('Tab');
  await expect.poll(focusedName).toMatch(/ → .*, sync, /);
  const firstEdge = await focusedName();
  await page.keyboard.press('ArrowDown');
  await expect.poll(focusedName).not.toBe(firstEdge);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('edge-panel')).toBeVisible();

  // focus on one service and its neighbourhood N hops out
  const focusSelect = topo(page).getByLabel('Focus on a service');
  await focusSelect.selectOption('route');
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(2); // route, frontend
  await topo(page).getByLabel('Hops').fill('2');
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(5); // + user, customer, driver
  await focusSelect.selectOption('');
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);

  // hide inferred
  await topo(page).getByLabel('Hide inferred').check();
  await expect(node(page, 'user')).toHaveCount(0);
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(services);
  await topo(page).getByLabel('Hide inferred').uncheck();
  await expect(node(page, 'user')).toHaveCount(1);

  // find a service: centres it, focuses it and rings it
  await topo(page).getByLabel('Find a service').fill('driv');
  await topo(page).getByRole('button', { name: 'Find', exact: true }).click();
  await expect(node(page, 'driver')).toHaveClass(/is-found/);
  await expect.poll(focusedName).toBe('driver');
  const nb = (await node(page, 'driver').boundingBox())!;
  const gb = (await graphEl(page).boundingBox())!;
  expect(Math.abs(nb.x + nb.width / 2 - (gb.x + gb.width / 2))).toBeLessThan(12);
  expect(Math.abs(nb.y + nb.height / 2 - (gb.y + gb.height / 2))).toBeLessThan(12);
  await topo(page).getByLabel('Find a service').fill('nope');
  await topo(page).getByRole('button', { name: 'Find', exact: true }).click();
  await expect(topo(page).getByRole('status').first()).toContainText('No service matches');

  // the table view: the same nodes and edges in real tables
  await topo(page).getByRole('button', { name: 'Table' }).click();
  const tables = page.getByTestId('topology-table');
  const nodesTable = tables.getByRole('table', { name: /^Nodes/ });
  const edgesTable = tables.getByRole('table', { name: /^Edges/ });
  await expect(nodesTable.getByRole('columnheader', { name: 'Name' })).toBeVisible();
  await expect(nodesTable.locator('tbody tr')).toHaveCount(g.nodes.length);
  await expect(edgesTable.locator('tbody tr')).toHaveCount(g.edges.length);
  await expect(edgesTable.getByRole('columnheader', { name: 'Gap p50' })).toBeVisible();
  await edgesTable.getByRole('button', { name: 'Span pairs of frontend → route (sync)' }).click();
  await expect(page.getByTestId('edge-panel').getByRole('heading', { name: 'frontend → route' })).toBeVisible();
  await shot(topo(page), testInfo, '3-table');
  await expectNoA11yViolations(page);
  await topo(page).getByRole('button', { name: 'Table' }).click();
  await expect(graphEl(page)).toBeVisible();
  expect(errors).toEqual([]);
});

test('exports download SVG, PNG, DOT, Mermaid and JSON', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(HOTROD);
  await idle(page);
  await expect(graphEl(page).locator('[data-node]').first()).toBeVisible();
  const expected: Record<string, { ext: string; check: (b: Buffer) => void }> = {
    SVG: { ext: '.svg', check: (b) => expect(b.toString('utf8')).toMatch(/^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*frontend[\s\S]*<\/svg>$/) },
    PNG: { ext: '.png', check: (b) => expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
    DOT: { ext: '.dot', check: (b) => expect(b.toString('utf8')).toMatch(/^digraph spanmap \{[\s\S]*"frontend" -> "route"/) },
    Mermaid: { ext: '.mmd', check: (b) => expect(b.toString('utf8')).toMatch(/^flowchart LR/) },
    JSON: {
      ext: '.json',
      check: (b) => {
        const j = JSON.parse(b.toString('utf8')) as { nodes: { id: string }[]; edges: unknown[] };
        expect(j.nodes.map((n) => n.id)).toContain('frontend');
        expect(j.edges.length).toBe(5);
      },
    },
  };
  for (const [label, { ext, check }] of Object.entries(expected)) {
    const [download] = await Promise.all([page.waitForEvent('download'), topo(page).getByRole('button', { name: `Export ${label}` }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^spanmap-graph-trace-[0-9a-f]+\\${ext}$`));
    const file = await download.path();
    const buf = readFileSync(file);
    expect(buf.length).toBeGreaterThan(100);
    check(buf);
  }
  expect(errors).toEqual([]);
});

test('Kafka: async edges dashed, the broker drawn as a queue, brokers as nodes, all traces', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const ds = dataset(KAFKA);
  const g = deriveGraph(ds, { trace: 0 });
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(KAFKA);
  await idle(page);
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);
  const kafka = node(page, 'kafka');
  await expect(kafka).toHaveAttribute('data-type', 'messaging');
  await expect(kafka).toHaveAttribute('data-shape', 'queue');
  await expect(kafka).toHaveAttribute('data-inferred', 'true');
  await expect(kafka.locator('.sm-topo-node__shape')).toHaveAttribute('stroke-dasharray', /\d/);
  // every async edge is dashed
  const asyncEdges = graphEl(page).locator('.sm-topo-edge[data-type="async"]');
  await expect(asyncEdges).toHaveCount(g.edges.filter((e) => e.type === 'async').length);
  const asyncLines = graphEl(page).locator('.sm-topo-edge__line[data-type="async"]');
  await expect(asyncLines).toHaveCount(g.edges.filter((e) => e.type === 'async').length);
  for (const l of await asyncLines.all()) await expect(l).toHaveAttribute('stroke-dasharray', /\d/);
  for (const l of await graphEl(page).locator('.sm-topo-edge__line[data-type="sync"]').all()) await expect(l).not.toHaveAttribute('stroke-dasharray', /.+/);
  await expect(graphEl(page).getByRole('button', { name: /^servicea → serviceb, async, 3 messages/ })).toHaveCount(1);
  // the queue lag is in the tooltip and the panel
  // (focus shows the same tooltip as hovering)
  await edge(page, 'servicea', 'serviceb').focus();
  await expect(graphEl(page).getByRole('tooltip')).toContainText('Queue lag');
  await expect(graphEl(page).getByRole('tooltip')).toContainText(/Queue lag\s*p50 .* p95 .* p99 .* max/);
  // findings on nodes: a badge with the count and the list in the panel
  const nodeFindings = g.diagnostics.filter((d) => d.count > 0);
  expect(nodeFindings.length).toBeGreaterThan(0);
  await expect(node(page, 'servicea').locator('.sm-topo-badge')).toBeVisible();
  await node(page, 'servicea').click();
  await expect(page.getByTestId('node-panel').locator('[data-code]').first()).toBeVisible();
  await expect(page.getByTestId('node-panel')).toContainText('KIND_UNSPECIFIED');
  await node(page, 'servicea').click();
  await shot(topo(page), testInfo, '4-kafka');

  // brokers as nodes (Zipkin style): the destination sits between producer and consumer
  const gb = deriveGraph(ds, { trace: 0, brokerNodes: true });
  await topo(page).getByLabel('Brokers as nodes').check();
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(gb.nodes.length);
  await topo(page).getByLabel('Brokers as nodes').uncheck();

  // positions stay put when data is added (the next layout starts from the previous one)
  const centres = () =>
    graphEl(page)
      .locator('[data-node] .sm-topo-node__shape')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]));
  const placed = await centres();

  // all traces: HotROD added, the toggle shows both graphs in one
  await page.getByLabel('Add trace files').setInputFiles(HOTROD);
  await idle(page);
  await expect.poll(centres).toEqual(placed);
  const all = deriveGraph(dataset(KAFKA, HOTROD));
  await topo(page).getByRole('button', { name: 'All traces' }).click();
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(all.nodes.length);
  await expect(node(page, 'frontend')).toHaveCount(1);
  await expect(node(page, 'kafka')).toHaveCount(1);
  await topo(page).getByRole('button', { name: 'This trace' }).click();
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);
  expect(errors).toEqual([]);
});

test('inferred nodes drawn by type, with the attribute that named them; parallel sync and async edges', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const g = deriveGraph(dataset(GENAI), { trace: 0 });
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(GENAI);
  await idle(page);
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);
  const shapes = { database: 'cylinder', http: 'cloud', entry: 'stadium', service: 'box' } as const;
  for (const n of g.nodes) {
    if (n.type in shapes) await expect(node(page, n.id)).toHaveAttribute('data-shape', shapes[n.type as keyof typeof shapes]);
  }
  const db = g.nodes.find((n) => n.type === 'database')!;
  await node(page, db.id).hover();
  await expect(graphEl(page).getByRole('tooltip')).toContainText(`named by ${db.namedBy}`);
  const http = g.nodes.find((n) => n.type === 'http')!;
  await node(page, http.id).hover();
  await expect(graphEl(page).getByRole('tooltip')).toContainText(`named by ${http.namedBy}`);
  await shot(topo(page), testInfo, '5-genai-shapes');

  // a trace with a sync and an async edge between the same two services: both drawn, apart
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Open trace files').setInputFiles(TRACEGRAPH);
  await idle(page);
  const both = edge(page, 'service1', 'service2');
  await expect(both).toHaveCount(2);
  await expect(graphEl(page).locator('[data-line="service1→service2"][data-type="async"]')).toHaveAttribute('stroke-dasharray', /\d/);
  await expect(graphEl(page).locator('[data-line="service1→service2"][data-type="sync"]')).not.toHaveAttribute('stroke-dasharray', /.+/);
  const ys = await line(page, 'service1', 'service2').evaluateAll((ls) => ls.map((l) => (l as SVGPathElement).getBBox().y));
  expect(Math.abs(ys[0] - ys[1])).toBeGreaterThan(5);
  expect(errors).toEqual([]);
});

test('the SmartThings demo, and the picture for the docs', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const g = deriveGraph(dataset(SMARTTHINGS), { trace: 0 });
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(SMARTTHINGS);
  await idle(page);
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);
  await expect(graphEl(page)).toHaveAttribute('data-mode', 'svg');
  // no two nodes overlap on screen
  const boxes = await graphEl(page).locator('[data-node] .sm-topo-node__shape').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const [l1, t1, r1, b1] = boxes[a];
      const [l2, t2, r2, b2] = boxes[b];
      expect(l1 >= r2 - 0.5 || l2 >= r1 - 0.5 || t1 >= b2 - 0.5 || t2 >= b1 - 0.5, `nodes ${a} and ${b} overlap`).toBe(true);
    }
  // the force layout as an option
  await topo(page).getByLabel('Layout').selectOption('force');
  await expect(page.getByTestId('layout-stats')).toContainText('force layout');
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);
  await shot(topo(page), testInfo, '6-smartthings-force');
  await topo(page).getByLabel('Layout').selectOption('layered');
  await expect(page.getByTestId('layout-stats')).toContainText('layered layout');
  await node(page, 'platformapi').click();
  await expect(node(page, 'platformapi')).toHaveAttribute('aria-pressed', 'true');
  await shot(topo(page), testInfo, '7-smartthings');
  expect(errors).toEqual([]);
});

test('all traces of three files: every node shape, sync and async edges, evidence (docs picture)', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const all = deriveGraph(dataset(GENAI, KAFKA, HOTROD));
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles([GENAI, KAFKA, HOTROD]);
  await idle(page);
  await topo(page).getByRole('button', { name: 'All traces' }).click();
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(all.nodes.length);
  for (const shape of ['box', 'stadium', 'cylinder', 'queue', 'cloud']) await expect(graphEl(page).locator(`[data-shape="${shape}"]`).first()).toBeVisible();
  await edge(page, 'servicea', 'serviceb').click();
  const panel = page.getByTestId('edge-panel');
  await expect(panel.getByRole('row', { name: /Queue lag/ })).toBeVisible();
  await expect(panel.getByTestId('edge-pairs').getByRole('columnheader', { name: 'Lag' })).toBeVisible();
  await shot(topo(page), testInfo, '9-all-traces', process.env.SPANMAP_DOCS_SHOT ? path.join(ROOT, 'docs/topology.png') : undefined);
  expect(errors).toEqual([]);
});

/** A Zipkin v2 file with `services` services and `edges` CLIENT → SERVER pairs (one trace), seeded. */
function bigZipkin(services: number, edges: number): string {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  const spans: string[] = [];
  const traceId = 'a'.repeat(32);
  const t0 = 1_700_000_000_000_000;
  for (let k = 0; k < edges; k++) {
    let a = Math.floor(rand() * services);
    let b = Math.floor(rand() * services);
    if (a === b) b = (b + 1) % services;
    if (rand() < 0.9 && a > b) [a, b] = [b, a];
    const c = hex(2 * k + 1);
    const s = hex(2 * k + 2);
    const ts = t0 + k * 10;
    spans.push(`{"traceId":"${traceId}","id":"${c}","name":"call","kind":"CLIENT","timestamp":${ts},"duration":500,"localEndpoint":{"serviceName":"svc-${a}"}}`);
    spans.push(`{"traceId":"${traceId}","id":"${s}","parentId":"${c}","name":"serve","kind":"SERVER","timestamp":${ts + 50},"duration":400,"localEndpoint":{"serviceName":"svc-${b}"}${rand() < 0.02 ? ',"tags":{"error":"boom"}' : ''}}`);
  }
  return `[${spans.join(',')}]`;
}

test('a large graph (1,000 services, 5,000 edges): edges on a canvas, layout in the worker, smooth pan and zoom', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const text = bigZipkin(1000, 5000);
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await idle(page);
  const b = new DatasetBuilder();
  importText(b, 'big.json', text);
  const g = deriveGraph(b.finish(), { trace: 0 });
  await expect(graphEl(page)).toHaveAttribute('data-mode', 'canvas', { timeout: 60_000 });
  await expect(graphEl(page).locator('[data-node]')).toHaveCount(g.nodes.length);
  await expect(graphEl(page).locator('.sm-topo-edge')).toHaveCount(0);
  await expect(graphEl(page).locator('canvas')).toBeVisible();
  const layoutMs = Number(await page.getByTestId('layout-stats').getAttribute('data-ms'));
  testInfo.annotations.push({ type: 'layout', description: `layered layout of ${g.nodes.length} nodes / ${g.edges.length} edges in the worker: ${layoutMs} ms` });
  expect(layoutMs).toBeLessThan(2000);
  // nodes stay hit-testable: a click selects one
  await graphEl(page).locator('[data-node="svc-0"]').dispatchEvent('click');
  await expect(graphEl(page).locator('[data-node="svc-0"]')).toHaveAttribute('aria-pressed', 'true');
  await graphEl(page).locator('[data-node="svc-0"]').dispatchEvent('click');

  // frame times while zooming and panning
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const box = (await graphEl(page).boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -120);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2 + 100, { steps: 20 });
  await page.mouse.up();
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 120);
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(2);
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)];
  testInfo.annotations.push({ type: 'frames', description: `${frames.length} frames while zooming/panning: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms` });
  console.log(testInfo.annotations.map((a) => `${a.type}: ${a.description}`).join('\n'));
  // Frame times are recorded above and measured in the benchmark (bench/graph-layout.ts,
  // npm run bench:browser), not asserted here: timings flake on shared machines. What must hold is
  // that the page kept rendering frames while zooming and panning a 1,000-service graph.
  expect(frames.length).toBeGreaterThan(10);
  // edges on the canvas are clickable: a click hit-tests the nearest edge
  await topo(page).getByRole('button', { name: 'Fit' }).click();
  // (a point may land on one of the tiny nodes instead, which filters the waterfall and moves the
  // page: clear that and try another point in the dense middle)
  for (const [fx, fy] of [[0.4, 0.5], [0.36, 0.45], [0.42, 0.55], [0.38, 0.6], [0.34, 0.4]]) {
    const fitted = (await graphEl(page).boundingBox())!;
    await page.mouse.click(fitted.x + fitted.width * fx, fitted.y + fitted.height * fy);
    if ((await page.getByTestId('edge-panel').count()) > 0) break;
    if ((await page.getByTestId('node-panel').count()) > 0) await page.getByTestId('node-panel').getByRole('button', { name: 'Clear selection' }).click();
  }
  await expect(page.getByTestId('edge-panel')).toBeVisible();
  await expect(page.getByTestId('edge-panel').getByTestId('edge-pairs').locator('tbody tr').first()).toBeVisible();
  await shot(topo(page), testInfo, '8-large');
  expect(errors).toEqual([]);
});
