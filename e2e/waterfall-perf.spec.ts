/**
 * The waterfall at scale: a single 100,000-span trace. Only the visible rows are in the DOM, and
 * the main thread's work per frame while scrolling, zooming and panning is measured from a Chrome
 * trace (the renderer main thread's tasks, summed per rendered frame). The targets are
 * p95 ≤ 8 ms per frame and no task over 50 ms; this machine is shared (and renders in software), so
 * the test asserts looser bounds and records the measured numbers as annotations.
 */
import { test, expect } from '@playwright/test';
import type { Browser, Page, TestInfo } from '@playwright/test';
import { writeFileSync } from 'node:fs';

/** One trace: a root SERVER calling ~N/24 services; each call has a SERVER side with a fan-out of identical SELECTs, some producer → consumer hand-offs and internal work. */
function bigTrace(n: number): string {
  const us = 1_700_000_000_000_000;
  const hex = (k: number) => k.toString(16).padStart(16, '0');
  const out: string[] = [];
  let id = 0;
  const mk = (parent: string | null, kind: string | null, name: string, svc: number, ts: number, dur: number): string => {
    const sid = hex(++id);
    const o: Record<string, unknown> = { traceId: 'abcdef0123456789', id: sid, name, timestamp: ts, duration: dur, localEndpoint: { serviceName: `svc-${svc % 23}` } };
    if (parent) o.parentId = parent;
    if (kind) o.kind = kind;
    if (id % 997 === 0) o.tags = { error: 'boom' };
    out.push(JSON.stringify(o));
    return sid;
  };
  const root = mk(null, 'SERVER', 'GET /big', 0, us, 10_000_000);
  let left = n - 1;
  let t = us + 10;
  for (let k = 1; left > 0; k++) {
    const s = k % 23;
    const c = mk(root, 'CLIENT', `call ${s}`, 0, t, 5000);
    if (--left <= 0) break;
    const srv = mk(c, 'SERVER', `handle ${s}`, s, t + 100, 4800);
    left--;
    const fan = Math.min(left, 2 + (k % 40));
    for (let j = 0; j < fan; j++, left--) mk(srv, 'CLIENT', 'SELECT items', s, t + 200 + j * 10, 8);
    if (left > 2 && k % 5 === 0) {
      const p = mk(srv, 'PRODUCER', 'publish orders', s, t + 900, 50);
      mk(p, 'CONSUMER', 'process orders', s + 1, t + 3000, 400);
      left -= 2;
    }
    if (left > 0 && k % 3 === 0) {
      mk(srv, null, 'internal work', s, t + 1000, 2000);
      left--;
    }
    t += 300;
  }
  return `[${out.join(',\n')}]`;
}

interface FrameStats {
  p50: number;
  p95: number;
  max: number;
  maxTask: number;
  /** Whether the numbers are thread time (else wall time). */
  threadTime: boolean;
}

/**
 * Main-thread work per frame during `fn`, from a Chrome trace: every top-level task of the
 * renderer's main thread is counted towards the next frame it leads up to (a task running
 * ProxyMain::BeginMainFrame: style, layout, paint, commit), so a frame's cost is its input handling,
 * script and rendering together. Frames with less than 0.5 ms of work (nothing changed) are left out.
 */
async function measure(browser: Browser, page: Page, fn: () => Promise<void>): Promise<FrameStats> {
  await browser.startTracing(page, { categories: ['toplevel', 'cc'] });
  await fn();
  const buf = await browser.stopTracing();
  type Ev = { name: string; ph: string; pid: number; tid: number; ts: number; dur: number; tdur?: number; args?: { name?: string } };
  const ev = (JSON.parse(buf.toString()) as { traceEvents: Ev[] }).traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const onMain = ev.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const frameStarts = onMain.filter((e) => e.name === 'ProxyMain::BeginMainFrame').map((e) => e.ts);
  const isFrame = (t: Ev) => frameStarts.some((s) => s >= t.ts && s <= t.ts + t.dur);
  const frames: number[] = [];
  let acc = 0;
  // thread time (tdur) where Chrome records it: what the main thread spent, not time it waited for
  // a CPU that other processes on this shared machine were using
  const cost = (t: Ev) => (t.tdur ?? t.dur) / 1000;
  for (const t of tasks) {
    acc += cost(t);
    if (isFrame(t)) {
      frames.push(acc);
      acc = 0;
    }
  }
  const busy = frames.filter((f) => f > 0.5).sort((a, b) => a - b);
  const q = (x: number) => busy[Math.min(busy.length - 1, Math.floor(x * busy.length))] ?? 0;
  return { p50: q(0.5), p95: q(0.95), max: busy[busy.length - 1] ?? 0, maxTask: Math.max(...tasks.map(cost)), threadTime: tasks.some((t) => t.tdur !== undefined) };
}

function note(testInfo: TestInfo, what: string, s: FrameStats): void {
  const text = `${what}: per frame p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; longest task ${s.maxTask.toFixed(1)} ms (${s.threadTime ? 'thread' : 'wall'} time)`;
  testInfo.annotations.push({ type: 'perf', description: text });
  console.log(`[waterfall perf] ${text}`);
}

test('a 100,000-span trace: only visible rows in the DOM, frames stay cheap while scrolling and zooming', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const file = testInfo.outputPath('big-100k.json');
  writeFileSync(file, bigTrace(100_000));
  await page.goto('/');
  await page.getByLabel('Open trace files').setInputFiles(file);
  await page.waitForFunction(() => typeof window.__spanmapIdle === 'function');
  await page.evaluate(() => window.__spanmapIdle?.());
  const grid = page.getByRole('treegrid');
  await expect(grid).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('waterfall-trace')).toContainText('100,000');
  // a trace this big opens at a readable depth: the root and its calls
  const shown = Number(await grid.getAttribute('aria-rowcount'));
  expect(shown).toBeGreaterThan(4000);
  expect(shown).toBeLessThan(5000);
  await grid.scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask' });
  });
  const expandAll = page.getByRole('button', { name: 'Expand all' });
  await expandAll.scrollIntoViewIfNeeded();
  const expand = await measure(browser, page, async () => {
    await expandAll.click();
    await expect(grid).toHaveAttribute('aria-rowcount', /\d{5}/);
    await page.waitForTimeout(300);
  });
  note(testInfo, 'expand all', expand);
  const box = await grid.boundingBox();
  if (!box) throw new Error('no grid');
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.waitForTimeout(500);

  const scroll = await measure(browser, page, async () => {
    for (let i = 0; i < 60; i++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(16);
    }
  });
  note(testInfo, 'scroll', scroll);
  expect(await grid.getByRole('row').count()).toBeLessThan(60);

  const zoom = await measure(browser, page, async () => {
    await page.keyboard.down('Control');
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, -40);
      await page.waitForTimeout(16);
    }
    await page.keyboard.up('Control');
  });
  note(testInfo, 'zoom', zoom);
  await expect(page.getByTestId('zoom-window')).toContainText('–');

  const pan = await measure(browser, page, async () => {
    await page.keyboard.down('Shift');
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, 60);
      await page.waitForTimeout(16);
    }
    await page.keyboard.up('Shift');
  });
  note(testInfo, 'pan', pan);

  // scroll to the end: the last rows render, still only a window of them in the DOM
  await grid.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(grid.locator(`[role="row"][aria-rowindex="${await grid.getAttribute('aria-rowcount')}"]`)).toBeVisible();
  expect(await grid.getByRole('row').count()).toBeLessThan(60);

  // the target is p95 ≤ 8 ms; with thread time this holds here, the margin absorbs a noisy machine
  for (const s of [scroll, zoom, pan]) {
    expect(s.p50).toBeLessThan(8);
    expect(s.p95).toBeLessThan(s.threadTime ? 12 : 25);
  }
  // no task over 50 ms (thread time: wall time also counts waiting for a CPU on a shared machine,
  // so the long-task entries the page saw are only recorded)
  for (const s of [expand, scroll, zoom, pan]) expect(s.maxTask).toBeLessThan(s.threadTime ? 50 : 100);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  testInfo.annotations.push({ type: 'perf', description: `long tasks (wall time) the page saw: ${JSON.stringify(long.map(Math.round))}` });
});
