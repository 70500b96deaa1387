/**
 * The browser part of the benchmark: the built app in headless Chromium, loading synthetic OTLP
 * files through the file input.
 *
 *   node bin/run-ts.mjs bench/browser.ts [--sizes 10000,100000,1000000]
 *
 * Builds the app (`vite build`, skipped when dist/ is newer than the sources), serves it with
 * `vite preview` on a free 127.0.0.1 port and drives /usr/bin/chromium (SPANMAP_CHROMIUM overrides)
 * with the flags of playwright.config.ts. For each size, with the cached file of bench/synth-cache.ts
 * (os.tmpdir()/spanmap-bench; files over 400 MB go through the worker's stream path) it reports:
 *   - first rows: from the file input's change event to the frame that paints the first waterfall
 *     row (performance.now() in the page, taken in the requestAnimationFrame after the row exists);
 *   - loaded: from the same change event until window.__spanmapIdle() resolves;
 *   - main-thread work per frame while scrolling and while zooming the waterfall of the selected
 *     trace (after "Expand all"), p50/p95/max, from a Chrome trace (bench/browser-trace.ts);
 *   - long tasks after load (PerformanceObserver 'longtask', wall time): count and longest;
 *   - JS heap after a forced GC: the page (CDP Runtime.getHeapUsage) and the worker (the same,
 *     through the worker's CDP target);
 *   - beside it, a bare JSON.parse of the same file's text in the same page (read with
 *     File.text(), not timed); beyond V8's string limit, in pieces as bench/run.ts does.
 * Prints a table and writes bench/out/browser.json.
 */
import { chromium } from '@playwright/test';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import config from '../playwright.config.ts';
import { measureFrames } from './browser-trace.ts';
import type { FrameStats } from './browser-trace.ts';
import { synthFile } from './synth-cache.ts';
import { bigTrace } from './big-trace.ts';
import { printTopology, runTopologyBench } from './browser-topology.ts';
import type { TopologyRow } from './browser-topology.ts';
import type { SynthFile } from './synth-cache.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const V8_MAX_STRING = 536_870_888; // (1 << 29) - 24 characters on 64-bit V8
/** JSON.parse baseline piece size for files beyond the string limit (as bench/run.ts). */
const PIECE = 96 * 1024;
const TARGET_FIRST_ROWS: Record<number, number> = { 10_000: 0.2, 100_000: 1.0, 1_000_000: 1.5 };
const TARGET_LOADED: Record<number, number> = { 1_000_000: 10 };
const TARGET_P95 = 8;
const TARGET_TASK = 50;

function parseSizes(argv: readonly string[]): number[] {
  let sizes = [10_000, 100_000];
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--sizes') sizes = (argv[++k] ?? '').split(',').map((s) => Number(s.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000')));
    else throw new Error(`unknown option ${argv[k]} (usage: --sizes 10000,100000,1000000)`);
  }
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes takes positive integers');
  return sizes;
}

/** The newest modification time of the files the app is built from. */
function newestSource(): number {
  let newest = 0;
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      if (/(^|\/)(test|node_modules)$/.test(p)) return;
      for (const e of readdirSync(p)) walk(join(p, e));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['web', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json']) if (existsSync(join(ROOT, p))) walk(join(ROOT, p));
  return newest;
}

function build(): string {
  const index = join(ROOT, 'dist/index.html');
  if (existsSync(index) && statSync(index).mtimeMs > newestSource()) return 'reused dist/ (newer than the sources)';
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
  return 'built with vite build';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function serve(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // its own process group, so npx and the vite process under it are stopped together
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: ROOT, detached: true, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return { url, child };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error('vite preview exited');
    if (Date.now() > until) throw new Error('vite preview did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopServer(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

interface BenchState {
  t0: number;
  rows: number;
  seen: boolean;
  long: [number, number][];
}
type BenchWindow = Window & { __bench: BenchState; __spanmapIdle?: () => Promise<void> };

interface Row {
  spans: number;
  bytes: number;
  firstRowsS: number;
  loadedS: number;
  targetFirstRowsS: number | null;
  targetLoadedS: number | null;
  /** aria-rowcount of the selected trace's waterfall after Expand all. */
  waterfallRows: number;
  scroll: FrameStats;
  zoom: FrameStats;
  longTasksAfterLoad: number;
  longestTaskAfterLoadMs: number;
  pageHeapMB: number;
  pageHeapMBPerformanceMemory: number;
  workerHeapMB: number | null;
  workerHeapNote: string;
  parseMs: number | null;
  parseNote: string;
  errors: string[];
}

/** JS heap in use of each dedicated worker of the browser, after a GC, through its CDP target (non-flat attach). */
async function workerHeaps(browser: Browser): Promise<{ mb: number | null; note: string }> {
  let bs: CDPSession | null = null;
  try {
    bs = await browser.newBrowserCDPSession();
    const { targetInfos } = (await bs.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string }[] };
    const workers = targetInfos.filter((t) => t.type === 'worker');
    if (workers.length === 0) return { mb: null, note: 'no worker target' };
    let total = 0;
    const pending = new Map<string, (v: unknown) => void>();
    bs.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
      const key = `${e.sessionId}:${m.id}`;
      pending.get(key)?.(m.error ? new Error(m.error.message) : m.result);
      pending.delete(key);
    });
    let id = 0;
    const session = bs;
    const call = (sessionId: string, method: string): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const mid = ++id;
        const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 30_000);
        pending.set(`${sessionId}:${mid}`, (v) => {
          clearTimeout(timer);
          if (v instanceof Error) reject(v);
          else resolve(v);
        });
        void session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mid, method }) }).catch(reject);
      });
    for (const w of workers) {
      const { sessionId } = (await bs.send('Target.attachToTarget', { targetId: w.targetId, flatten: false })) as { sessionId: string };
      await call(sessionId, 'HeapProfiler.collectGarbage').catch(() => undefined);
      const h = (await call(sessionId, 'Runtime.getHeapUsage')) as { usedSize: number };
      total += h.usedSize;
      await bs.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
    return { mb: total / 1e6, note: `${workers.length} worker(s)` };
  } catch (e) {
    return { mb: null, note: `worker heap not measured: ${(e as Error).message}` };
  } finally {
    await bs?.detach().catch(() => undefined);
  }
}

/** JSON.parse of the file's text in the page: whole when it fits in a string, else in pieces of its element groups. */
async function parseBaseline(page: Page, file: SynthFile): Promise<{ ms: number | null; note: string }> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-parse-input';
    input.style.display = 'none';
    input.addEventListener('change', (e) => e.stopPropagation());
    document.body.append(input);
  });
  await page.locator('#bench-parse-input').setInputFiles(file.path);
  if (file.bytes < V8_MAX_STRING) {
    const ms = await page.evaluate(async (reps) => {
      const f = (document.getElementById('bench-parse-input') as HTMLInputElement).files![0];
      const text = await f.text();
      let best = Infinity;
      for (let k = 0; k < reps; k++) {
        const t = performance.now();
        JSON.parse(text);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    }, file.bytes < 100e6 ? 3 : 1);
    return { ms, note: file.bytes < 100e6 ? 'best of 3' : '' };
  }
  // join groups into pieces of up to PIECE bytes (as bench/run.ts); reading is not timed
  const pieces: [number, number][] = [];
  let k = 0;
  while (k < file.groups.length) {
    const start = file.groups[k][0];
    let end = file.groups[k][1];
    k++;
    while (k < file.groups.length && file.groups[k][1] - start <= PIECE) end = file.groups[k++][1];
    pieces.push([start, end]);
  }
  const ms = await page.evaluate(async (pieces) => {
    const f = (document.getElementById('bench-parse-input') as HTMLInputElement).files![0];
    let total = 0;
    for (const [a, b] of pieces) {
      const text = '[' + (await f.slice(a, b).text()) + ']';
      const t = performance.now();
      JSON.parse(text);
      total += performance.now() - t;
    }
    return total;
  }, pieces);
  return { ms, note: 'exceeds string limit: parsed in pieces' };
}

/** A fresh page of the app at `url` (the tests' viewport), once the app has started. */
async function openApp(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const use = config.use ?? {};
  const context = await browser.newContext({ viewport: use.viewport ?? { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20 * 60_000);
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as BenchWindow).__spanmapIdle === 'function');
  return { context, page };
}

async function runSize(browser: Browser, url: string, spans: number): Promise<Row> {
  const file = await synthFile('otlp', spans);
  if (file.generated) console.log(`  generated ${file.path} in ${(file.generateMs / 1000).toFixed(1)} s`);
  const { context, page } = await openApp(browser, url);
  try {
    await page.evaluate(() => {
      const w = window as unknown as BenchWindow;
      const b: BenchState = { t0: 0, rows: 0, seen: false, long: [] };
      w.__bench = b;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => b.long.push([e.startTime, e.duration]))).observe({ type: 'longtask' });
      document.addEventListener('change', () => void (b.t0 ||= performance.now()), true);
      const mo = new MutationObserver(() => {
        if (b.seen || !document.querySelector('[role="treegrid"] [role="row"]')) return;
        b.seen = true;
        mo.disconnect();
        requestAnimationFrame(() => void (b.rows = performance.now()));
      });
      mo.observe(document.body, { childList: true, subtree: true });
    });
    // a user takes a moment to pick a file: let the page finish its idle start-up work (worker, fonts)
    await page.waitForTimeout(500);
    await page.getByLabel('Open trace files').setInputFiles(file.path);
    await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.rows > 0, null, { polling: 50 });
    const loadedAt = await page.evaluate(async () => {
      await (window as unknown as BenchWindow).__spanmapIdle?.();
      return performance.now();
    });
    const st = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const errors = await page.locator('.sm-notice--error').allTextContents();

    const grid = page.getByRole('treegrid');
    await grid.scrollIntoViewIfNeeded();
    const expandAll = page.getByRole('button', { name: 'Expand all' });
    if (await expandAll.isEnabled()) await expandAll.click();
    await page.evaluate(() => (window as unknown as BenchWindow).__spanmapIdle?.());
    const waterfallRows = Number(await grid.getAttribute('aria-rowcount'));
    const box = await grid.boundingBox();
    if (!box) throw new Error('no waterfall');
    await page.mouse.move(box.x + box.width * 0.75, box.y + Math.min(box.height / 2, 200));
    await page.waitForTimeout(300);
    const scroll = await measureFrames(browser, page, async () => {
      for (let i = 0; i < 60; i++) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(16);
      }
    });
    const zoom = await measureFrames(browser, page, async () => {
      await page.keyboard.down('Control');
      for (let i = 0; i < 40; i++) {
        await page.mouse.wheel(0, -40);
        await page.waitForTimeout(16);
      }
      await page.keyboard.up('Control');
    });
    await page.waitForTimeout(300);
    const long = (await page.evaluate(() => (window as unknown as BenchWindow).__bench.long)).filter(([start]) => start >= loadedAt);

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const perfMemory = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    await cdp.detach();
    const worker = await workerHeaps(browser);
    const parse = await parseBaseline(page, file);
    return {
      spans,
      bytes: file.bytes,
      firstRowsS: (st.rows - st.t0) / 1000,
      loadedS: (loadedAt - st.t0) / 1000,
      targetFirstRowsS: TARGET_FIRST_ROWS[spans] ?? null,
      targetLoadedS: TARGET_LOADED[spans] ?? null,
      waterfallRows,
      scroll,
      zoom,
      longTasksAfterLoad: long.length,
      longestTaskAfterLoadMs: long.reduce((m, [, d]) => Math.max(m, d), 0),
      pageHeapMB: heap.usedSize / 1e6,
      pageHeapMBPerformanceMemory: perfMemory / 1e6,
      workerHeapMB: worker.mb,
      workerHeapNote: worker.note,
      parseMs: parse.ms,
      parseNote: parse.note,
      errors,
    };
  } finally {
    await context.close();
  }
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const frames = (s: FrameStats) => `${f1(s.p50)}/${f1(s.p95)}/${f1(s.max)}`;

/** The waterfall of one big trace (bench/big-trace.ts): main-thread work per frame at that row count. */
interface SingleRow {
  spans: number;
  bytes: number;
  /** aria-rowcount after Expand all (runs of identical siblings folded). */
  rows: number;
  scroll: FrameStats;
  zoom: FrameStats;
  pan: FrameStats;
  errors: string[];
}

const SINGLE_SIZES = [100_000, 1_000_000];

/** The big-trace file for n spans, written once to the bench cache directory. */
function singleTraceFile(n: number): string {
  const dir = join(tmpdir(), 'spanmap-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `single-trace-${n}.zipkin.json`);
  if (!existsSync(file)) writeFileSync(file, bigTrace(n));
  return file;
}

async function runSingle(browser: Browser, url: string, spans: number): Promise<SingleRow> {
  const file = singleTraceFile(spans);
  const { context, page } = await openApp(browser, url);
  try {
    await page.getByLabel('Open trace files').setInputFiles(file);
    await page.evaluate(() => (window as unknown as BenchWindow).__spanmapIdle?.());
    const errors = await page.locator('.sm-notice--error').allTextContents();
    const grid = page.getByRole('treegrid');
    await grid.scrollIntoViewIfNeeded();
    const expandAll = page.getByRole('button', { name: 'Expand all' });
    const before = Number(await grid.getAttribute('aria-rowcount'));
    if (await expandAll.isEnabled()) {
      await expandAll.click();
      await page.waitForFunction((n) => Number(document.querySelector('[role="treegrid"]')?.getAttribute('aria-rowcount')) > n, before);
    }
    const rows = Number(await grid.getAttribute('aria-rowcount'));
    const box = await grid.boundingBox();
    if (!box) throw new Error('no waterfall');
    await page.mouse.move(box.x + box.width * 0.75, box.y + Math.min(box.height / 2, 200));
    await page.waitForTimeout(300);
    const wheel = (dx: number, dy: number, key: string | null, n: number) => async () => {
      if (key) await page.keyboard.down(key);
      for (let i = 0; i < n; i++) {
        await page.mouse.wheel(dx, dy);
        await page.waitForTimeout(16);
      }
      if (key) await page.keyboard.up(key);
    };
    const scroll = await measureFrames(browser, page, wheel(0, 120, null, 60));
    const zoom = await measureFrames(browser, page, wheel(0, -40, 'Control', 40));
    const pan = await measureFrames(browser, page, wheel(0, 60, 'Shift', 40));
    return { spans, bytes: statSync(file).size, rows, scroll, zoom, pan, errors };
  } finally {
    await context.close();
  }
}

function printSingle(rows: readonly SingleRow[]): void {
  if (rows.length === 0) return;
  const head = ['one trace of', 'MB', 'rows (Expand all)', 'scroll p50/p95/max ms', 'zoom p50/p95/max ms', 'pan p50/p95/max ms'];
  const body = rows.map((r) => [
    `${r.spans.toLocaleString('en-US')} spans`,
    f1(r.bytes / 1e6),
    r.rows.toLocaleString('en-US'),
    ...[r.scroll, r.zoom, r.pan].map((x) => `${frames(x)}${x.p95 <= TARGET_P95 ? ' ok' : ' MISS'}`),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('-|-'));
  for (const b of body) console.log(line(b));
  console.log(`one big trace (bench/big-trace.ts, Zipkin JSON), every row expanded: main-thread work per frame while scrolling (60 steps), ctrl-zooming and shift-panning (40 steps each); target p95 <= ${TARGET_P95} ms.`);
  for (const r of rows) if (r.errors.length > 0) console.log(`${r.spans}: the app reported: ${r.errors.join(' | ')}`);
}

function printTable(rows: readonly Row[]): void {
  const head = ['spans', 'MB', 'first rows s', 'loaded s', 'wf rows', 'scroll p50/p95/max ms', 'zoom p50/p95/max ms', 'long tasks after load', 'page heap MB', 'worker heap MB', 'JSON.parse ms'];
  const body = rows.map((r) => [
    r.spans.toLocaleString('en-US'),
    f1(r.bytes / 1e6),
    `${f2(r.firstRowsS)}${r.targetFirstRowsS !== null ? ` (≤ ${r.targetFirstRowsS}${r.firstRowsS <= r.targetFirstRowsS ? ' ok' : ' MISS'})` : ''}`,
    `${f2(r.loadedS)}${r.targetLoadedS !== null ? ` (≤ ${r.targetLoadedS}${r.loadedS <= r.targetLoadedS ? ' ok' : ' MISS'})` : ''}`,
    r.waterfallRows.toLocaleString('en-US'),
    `${frames(r.scroll)}${r.scroll.p95 <= TARGET_P95 ? ' ok' : ' MISS'}`,
    `${frames(r.zoom)}${r.zoom.p95 <= TARGET_P95 ? ' ok' : ' MISS'}`,
    `${r.longTasksAfterLoad}, max ${r.longestTaskAfterLoadMs.toFixed(0)}${r.longestTaskAfterLoadMs <= TARGET_TASK ? ' ok' : ' MISS'}`,
    f1(r.pageHeapMB),
    r.workerHeapMB === null ? 'n/a' : f1(r.workerHeapMB),
    r.parseMs === null ? 'n/a' : `${r.parseMs.toFixed(0)}${r.parseNote.startsWith('exceeds') ? '*' : ''}`,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('-|-'));
  for (const b of body) console.log(line(b));
  console.log(`targets: first rows ≤ 0.2 s at 10k, ≤ 1.0 s at 100k, ≤ 1.5 s at 1M; loaded ≤ 10 s at 1M; p95 per frame ≤ ${TARGET_P95} ms; no task > ${TARGET_TASK} ms after load.`);
  console.log('first rows / loaded: from the file input change event (page clock). Frames: main-thread work per frame (thread time) while scrolling (60 wheel steps) and');
  console.log('ctrl-zooming (40 steps) the selected trace after Expand all ("wf rows" rows). Long tasks: PerformanceObserver longtask (wall time) after load, count and longest ms.');
  console.log('Heap: JS heap in use after a forced GC (CDP Runtime.getHeapUsage), page and worker isolates. JSON.parse: same file text in the same page, File.text() not timed.');
  if (rows.some((r) => r.parseNote.startsWith('exceeds'))) console.log(`* exceeds V8's string limit: JSON.parse timed over the file's element groups in pieces of <= ${PIECE / 1024} KiB (as bench/run.ts).`);
  for (const r of rows) {
    if (r.workerHeapMB === null) console.log(`${r.spans}: ${r.workerHeapNote}`);
    if (r.errors.length > 0) console.log(`${r.spans}: the app reported: ${r.errors.join(' | ')}`);
  }
}

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  console.log(build());
  const { url, child } = await serve();
  const onSignal = () => {
    stopServer(child);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const launch = config.use?.launchOptions ?? {};
  const executablePath = process.env.SPANMAP_CHROMIUM ?? launch.executablePath ?? '/usr/bin/chromium';
  const args = [...(launch.args ?? []), '--enable-precise-memory-info'];
  let browser: Browser | null = null;
  const rows: Row[] = [];
  const topology: TopologyRow[] = [];
  const single: SingleRow[] = [];
  try {
    browser = await chromium.launch({ executablePath, args, headless: true });
    console.log(`${url}; ${executablePath} ${browser.version()}`);
    for (const n of sizes) {
      console.log(`${n.toLocaleString('en-US')} spans…`);
      rows.push(await runSize(browser, url, n));
    }
    for (const n of SINGLE_SIZES) {
      console.log(`one trace of ${n.toLocaleString('en-US')} spans…`);
      single.push(await runSingle(browser, url, n));
    }
    topology.push(...(await runTopologyBench(browser, url)));
  } finally {
    await browser?.close();
    stopServer(child);
  }
  printTable(rows);
  printSingle(single);
  printTopology(topology);
  const out = join(ROOT, 'bench/out');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'browser.json'), JSON.stringify({ date: new Date().toISOString(), chromium: executablePath, args, rows, single, topology }, null, 2) + '\n');
  console.log(`wrote ${join(out, 'browser.json')}`);
}

await main();
