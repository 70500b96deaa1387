/**
 * The topology part of the browser benchmark (called by bench/browser.ts): the service graph of a
 * synthetic trace with N services and M distinct service-to-service calls, in the built app.
 *
 * For each size (default 100 services / 300 edges and 1,000 / 5,000) it writes an OTLP/JSON file in
 * memory (one trace, a CLIENT span in service a with a SERVER child in service b per edge; the
 * calls mostly follow a hidden service rank, ~10 % go against it and make cycles, ~2 % fail), loads
 * it through the file input, waits for the layout (every service drawn) and reports main-thread work
 * per frame (bench/browser-trace.ts: p50/p95/max and the longest task, thread time) while
 *   - pan: dragging the whole graph (fitted to the view) with the mouse;
 *   - pan 1×: dragging it at zoom 1 (names, metadata and edge labels drawn);
 *   - zoom: wheel-zooming from the fitted view in to about 1× and back out.
 * Plus the layout time the view reports and the drawing mode (svg or canvas).
 */
import type { Browser, Page } from '@playwright/test';
import config from '../playwright.config.ts';
import { measureFrames } from './browser-trace.ts';
import type { FrameStats } from './browser-trace.ts';

/** The target: no frame of panning or zooming over this much main-thread work. */
export const TOPOLOGY_TARGET_MS = 16;
export const TOPOLOGY_SIZES: readonly (readonly [number, number])[] = [
  [100, 300],
  [1000, 5000],
];

export interface TopologyRow {
  services: number;
  edges: number;
  /** Nodes and edges the view drew (services that take part in a call; distinct calls). */
  nodes: number;
  drawnEdges: number;
  mode: string;
  layoutMs: number;
  /** From the file input to every node drawn, wall time. */
  shownS: number;
  pan: FrameStats;
  panZoomedIn: FrameStats;
  zoom: FrameStats;
  errors: string[];
}

/** A seeded OTLP/JSON text with `services` services and `edges` distinct CLIENT → SERVER pairs in one trace. */
export function topologyOtlp(services: number, edges: number, seed = 7): { text: string; services: number; edges: number } {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const max = services * (services - 1);
  if (edges > max) throw new Error(`${services} services have at most ${max} distinct calls`);
  const pairs = new Set<number>();
  const list: [number, number][] = [];
  // every service takes part: a chain through them first, then random calls
  for (let a = 0; a + 1 < services && list.length < edges; a++) {
    pairs.add(a * services + a + 1);
    list.push([a, a + 1]);
  }
  while (list.length < edges) {
    let a = Math.floor(rand() * services);
    let b = Math.floor(rand() * services);
    if (a === b) continue;
    if (rand() < 0.9 && a > b) [a, b] = [b, a];
    if (pairs.has(a * services + b)) continue;
    pairs.add(a * services + b);
    list.push([a, b]);
  }
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const traceId = hex(0xbe7c4, 32);
  const t0 = 1_700_000_000_000_000_000n;
  const bySvc: string[][] = Array.from({ length: services }, () => []);
  list.forEach(([a, b], k) => {
    const c = hex(2 * k + 1, 16);
    const sv = hex(2 * k + 2, 16);
    const start = t0 + BigInt(k) * 10_000n;
    const err = rand() < 0.02;
    bySvc[a].push(`{"traceId":"${traceId}","spanId":"${c}","name":"call svc-${b}","kind":3,"startTimeUnixNano":"${start}","endTimeUnixNano":"${start + 500_000n}"}`);
    bySvc[b].push(
      `{"traceId":"${traceId}","spanId":"${sv}","parentSpanId":"${c}","name":"serve","kind":2,"startTimeUnixNano":"${start + 50_000n}","endTimeUnixNano":"${start + 450_000n}"${err ? ',"status":{"code":2,"message":"boom"}' : ''}}`,
    );
  });
  const name = (i: number) => `service-${String(i).padStart(4, '0')}`;
  const rs = bySvc.map(
    (spans, i) => `{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"${name(i)}"}}]},"scopeSpans":[{"scope":{"name":"bench"},"spans":[${spans.join(',')}]}]}`,
  );
  return { text: `{"resourceSpans":[${rs.join(',')}]}`, services, edges };
}

type IdleWindow = Window & { __spanmapIdle?: () => Promise<void> };

async function dragGraph(page: Page, cx: number, cy: number, steps: number): Promise<void> {
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  // a loop around the start point, so the graph stays in view; one pointer move per frame or so
  for (let i = 1; i <= steps; i++) {
    const a = (i / steps) * 2 * Math.PI;
    await page.mouse.move(cx + 160 * Math.sin(a), cy + 90 * (1 - Math.cos(a)));
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
}

async function runOne(browser: Browser, url: string, services: number, edges: number): Promise<TopologyRow> {
  const file = topologyOtlp(services, edges);
  const use = config.use ?? {};
  const context = await browser.newContext({ viewport: use.viewport ?? { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(5 * 60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  try {
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as unknown as IdleWindow).__spanmapIdle === 'function');
    const t0 = Date.now();
    await page.getByLabel('Open trace files').setInputFiles({ name: `topology-${services}.json`, mimeType: 'application/json', buffer: Buffer.from(file.text) });
    await page.evaluate(() => (window as unknown as IdleWindow).__spanmapIdle?.());
    const graph = page.getByTestId('topology-graph');
    // the layout is in: every service is drawn
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="topology-graph"] [data-node]').length >= n, services, { polling: 50 });
    const shownS = (Date.now() - t0) / 1000;
    errors.push(...(await page.locator('.sm-notice--error').allTextContents()));
    const stats = page.getByTestId('layout-stats');
    const layoutMs = Number(await stats.getAttribute('data-ms'));
    const mode = (await graph.getAttribute('data-mode')) ?? '';
    const nodes = await graph.locator('[data-node]').count();
    const foot = (await stats.textContent()) ?? '';
    const drawnEdges = Number(/([\d,]+) edges?/.exec(foot)?.[1]?.replace(/,/g, '') ?? NaN);

    await graph.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const box = await graph.boundingBox();
    if (!box) throw new Error('no topology graph on screen');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 3;
    const fitButton = page.getByTestId('topology').getByRole('button', { name: 'Fit' });
    // park the pointer on the graph (no hover changes while measuring the wheel)
    await page.mouse.move(cx, cy);
    await page.waitForTimeout(200);

    const pan = await measureFrames(browser, page, () => dragGraph(page, cx, cy, 60));

    await fitButton.click();
    await page.mouse.move(cx, cy);
    await page.waitForTimeout(200);
    const zoom = await measureFrames(browser, page, async () => {
      const k0 = Number(await graph.locator('[data-zoom-root]').getAttribute('data-k'));
      // d3-zoom: one 120 px wheel step scales by 2^0.24; in to about 1×, then out again
      const steps = Math.max(8, Math.min(30, Math.ceil(Math.log2(1 / k0) / 0.24)));
      for (const dy of [-120, 120]) {
        for (let i = 0; i < steps; i++) {
          await page.mouse.wheel(0, dy);
          await page.waitForTimeout(16);
        }
      }
    });

    // zoom 1 around the middle of the graph, then drag again
    await fitButton.click();
    await page.waitForTimeout(100);
    const k0 = Number(await graph.locator('[data-zoom-root]').getAttribute('data-k'));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const steps = Math.max(0, Math.round(Math.log2(1 / k0) / 0.24));
    for (let i = 0; i < steps; i++) await page.mouse.wheel(0, -120);
    await page.mouse.move(cx, cy);
    await page.waitForTimeout(300);
    const panZoomedIn = await measureFrames(browser, page, () => dragGraph(page, cx, cy, 60));
    return { services, edges, nodes, drawnEdges, mode, layoutMs, shownS, pan, panZoomedIn, zoom, errors };
  } finally {
    await context.close();
  }
}

/** Runs the topology benchmark in `browser` against the app served at `url`. */
export async function runTopologyBench(browser: Browser, url: string, sizes: readonly (readonly [number, number])[] = TOPOLOGY_SIZES): Promise<TopologyRow[]> {
  const rows: TopologyRow[] = [];
  for (const [n, m] of sizes) {
    console.log(`topology: ${n.toLocaleString('en-US')} services, ${m.toLocaleString('en-US')} edges…`);
    rows.push(await runOne(browser, url, n, m));
  }
  return rows;
}

const f1 = (x: number) => x.toFixed(1);
const frames = (s: FrameStats) => `${f1(s.p50)}/${f1(s.p95)}/${f1(s.max)} (${s.frames}), task ${f1(s.maxTask)}${s.max <= TOPOLOGY_TARGET_MS ? ' ok' : ' MISS'}`;

export function printTopology(rows: readonly TopologyRow[]): void {
  const head = ['services', 'edges', 'mode', 'layout ms', 'shown s', 'pan p50/p95/max (frames), longest task ms', 'pan at 1× …', 'wheel zoom …'];
  const body = rows.map((r) => [r.nodes.toLocaleString('en-US'), Number.isNaN(r.drawnEdges) ? String(r.edges) : r.drawnEdges.toLocaleString('en-US'), r.mode, r.layoutMs.toFixed(0), r.shownS.toFixed(2), frames(r.pan), frames(r.panZoomedIn), frames(r.zoom)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i < 2 ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('-|-'));
  for (const b of body) console.log(line(b));
  console.log(`topology: main-thread work per frame (thread time) while dragging the fitted graph, dragging it at zoom 1, and wheel-zooming fitted → 1× → fitted; target: no frame > ${TOPOLOGY_TARGET_MS} ms.`);
  for (const r of rows) if (r.errors.length > 0) console.log(`${r.services} services: ${r.errors.join(' | ')}`);
}
