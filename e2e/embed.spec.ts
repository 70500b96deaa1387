/**
 * Spanmap embedded in other pages: the <spanmap-viewer> custom element on a plain HTML page and
 * <SpanmapViewer> on a React page, two viewers each. Both are built here once (the library build
 * and a Vite build of e2e/embed-hosts/react-host) into a temp dir and served, with the host pages
 * and the demo traces, by a small static server on 127.0.0.1.
 */
import { test, expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOSTS = path.join(ROOT, 'e2e/embed-hosts');
const DEMOS = path.join(ROOT, 'public/demo');
const demoSpans = (file: string): number => (JSON.parse(readFileSync(path.join(DEMOS, 'index.json'), 'utf8')) as { demos: { file: string; spans: number }[] }).demos.find((d) => d.file === file)!.spans;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

let out = '';
let server: Server;
let base = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  out = mkdtempSync(path.join(tmpdir(), 'spanmap-embed-'));
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const env = { ...process.env, SPANMAP_LIB_OUT: path.join(out, 'lib'), SPANMAP_REACT_HOST_OUT: path.join(out, 'react') };
  execFileSync(process.execPath, [vite, 'build', '-c', 'vite.lib.config.ts'], { cwd: ROOT, env, stdio: 'inherit' });
  execFileSync(process.execPath, [vite, 'build', '-c', 'e2e/embed-hosts/react-host/vite.config.ts'], { cwd: ROOT, env, stdio: 'inherit' });
  const mounts: [string, string][] = [
    ['/lib/', path.join(out, 'lib')],
    ['/react/', path.join(out, 'react')],
    ['/demo/', DEMOS],
    ['/', HOSTS],
  ];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    let file: string | null = null;
    for (const [prefix, dir] of mounts) {
      if (!url.pathname.startsWith(prefix)) continue;
      let rel = decodeURIComponent(url.pathname.slice(prefix.length));
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const f = path.join(dir, rel);
      if (f.startsWith(dir) && existsSync(f) && statSync(f).isFile()) file = f;
      break;
    }
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no server address');
  base = `http://127.0.0.1:${addr.port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (out) rmSync(out, { recursive: true, force: true });
});

interface Recorded {
  type: string;
  id: string;
  detail: Record<string, unknown>;
}
const events = (page: Page): Promise<Recorded[]> => page.evaluate(() => (window as unknown as { __events: Recorded[] }).__events);

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

const spans = (viewer: Locator) => viewer.getByTestId('embed-spans');
const rows = (viewer: Locator) => viewer.getByRole('row');
const selectedRows = (viewer: Locator) => viewer.locator('[role="row"][aria-selected="true"]');

test('custom element: two viewers on a plain page load their own data, isolated styles and selection', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${base}/plain.html`);
  const a = page.locator('#a');
  const b = page.locator('#b');
  await expect(spans(a)).toHaveAttribute('data-count', String(demoSpans('storefront-checkout.otlp.json')), { timeout: 20_000 });
  await expect(spans(b)).toHaveAttribute('data-count', String(demoSpans('order-pipeline.otlp.json')), { timeout: 20_000 });
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'spanmap-load').map((e) => e.id).sort()).toEqual(['a', 'b']);
  const loads = (await events(page)).filter((e) => e.type === 'spanmap-load');
  expect(loads.find((e) => e.id === 'a')!.detail.spans).toBe(demoSpans('storefront-checkout.otlp.json'));
  expect(loads.find((e) => e.id === 'b')!.detail.errors).toEqual([]);

  // view="waterfall" shows no topology; the default shows both
  await expect(a.getByTestId('waterfall')).toBeVisible();
  await expect(a.locator('.sm-topo')).toHaveCount(0);
  await expect(b.getByTestId('waterfall')).toBeVisible();
  await expect(b.locator('.sm-topo').first()).toBeVisible();

  // the page's rules do not reach into the shadow roots …
  const inside = await a.evaluate((host) => {
    const sr = host.shadowRoot!;
    const root = sr.querySelector('.sm-root')!;
    const div = sr.querySelector('.sm-embed')!;
    const button = sr.querySelector('button')!;
    return { rootBg: getComputedStyle(root).backgroundColor, divColor: getComputedStyle(div).color, divBg: getComputedStyle(div).backgroundColor, buttonSize: getComputedStyle(button).fontSize };
  });
  expect(inside.divColor).not.toBe('rgb(255, 0, 0)');
  expect(inside.rootBg).toBe('rgb(246, 247, 249)');
  expect(inside.divBg).not.toBe('rgb(0, 255, 0)');
  expect(inside.buttonSize).not.toBe('40px');
  // … and the viewer's rules (and its --sm-* tokens) do not reach the page
  const outside = await page.evaluate(() => {
    const muted = document.getElementById('host-muted')!;
    const btn = document.getElementById('host-btn')!;
    return {
      mutedColor: getComputedStyle(muted).color,
      btnPadding: getComputedStyle(btn).paddingLeft,
      btnBorder: getComputedStyle(btn).borderLeftWidth,
      btnDisplay: getComputedStyle(btn).display,
      token: getComputedStyle(document.documentElement).getPropertyValue('--sm-bg'),
      sheets: document.styleSheets.length,
    };
  });
  expect(outside).toEqual({ mutedColor: 'rgb(0, 0, 0)', btnPadding: '0px', btnBorder: '0px', btnDisplay: 'inline', token: '', sheets: 1 });

  // theme="dark" on b only
  const bg = (v: Locator) => v.evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector('.sm-root')!).backgroundColor);
  expect(await bg(b)).toBe('rgb(18, 22, 28)');

  // selecting in a selects nothing in b, and only a reports it
  await rows(a).nth(1).click();
  await expect(selectedRows(a)).toHaveCount(1);
  await expect(selectedRows(b)).toHaveCount(0);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'spanmap-select').length).toBe(1);
  const sel = (await events(page)).find((e) => e.type === 'spanmap-select')!;
  expect(sel.id).toBe('a');
  expect(sel.detail).toMatchObject({ traceId: expect.stringMatching(/^[0-9a-f]{32}$/), spanId: expect.stringMatching(/^[0-9a-f]{16}$/), name: expect.any(String), service: expect.any(String), kind: expect.stringMatching(/^(UNSPECIFIED|INTERNAL|SERVER|CLIENT|PRODUCER|CONSUMER)$/) });
  const label = await selectedRows(a).getAttribute('aria-label');
  expect(label).toContain(sel.detail.name as string);
  expect(label).toContain(sel.detail.service as string);

  // b's own selection leaves a's alone
  await rows(b).nth(0).click();
  await expect(selectedRows(b)).toHaveCount(1);
  await expect(selectedRows(a)).toHaveCount(1);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'spanmap-select').map((e) => e.id)).toEqual(['a', 'b']);

  // a new src replaces a's data (and only a's)
  await page.evaluate(() => document.getElementById('a')!.setAttribute('src', '/demo/broken-instrumentation.otlp.json'));
  await expect(spans(a)).toHaveAttribute('data-count', String(demoSpans('broken-instrumentation.otlp.json')), { timeout: 20_000 });
  await expect(spans(b)).toHaveAttribute('data-count', String(demoSpans('order-pipeline.otlp.json')));
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'spanmap-load' && e.id === 'a').length).toBe(2);

  // the page URL is never touched
  expect(new URL(page.url()).hash).toBe('');
  expect(errors).toEqual([]);
});

test('React component: two <SpanmapViewer>s load, report selection per viewer, share nothing', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${base}/react/`);
  const a = page.locator('#a');
  const b = page.locator('#b');
  await expect(spans(a)).toHaveAttribute('data-count', String(demoSpans('storefront-checkout.otlp.json')), { timeout: 20_000 });
  await expect(spans(b)).toHaveAttribute('data-count', String(demoSpans('order-pipeline.otlp.json')), { timeout: 20_000 });
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'load').map((e) => e.id).sort()).toEqual(['a', 'b']);
  // each viewer runs its own worker
  const ids = await page.locator('[data-spanmap-viewer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-spanmap-viewer')));
  expect(new Set(ids).size).toBe(2);

  await rows(a).nth(2).click();
  await expect(selectedRows(a)).toHaveCount(1);
  await expect(selectedRows(b)).toHaveCount(0);
  await expect(page.getByTestId('picked-a')).not.toHaveText('nothing');
  await expect(page.getByTestId('picked-b')).toHaveText('nothing');

  await rows(b).nth(1).click();
  await expect(selectedRows(b)).toHaveCount(1);
  await expect(selectedRows(a)).toHaveCount(1);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'select').map((e) => e.id)).toEqual(['a', 'b']);
  const [selA, selB] = (await events(page)).filter((e) => e.type === 'select');
  expect(selA.detail.traceId).not.toBe(selB.detail.traceId);

  expect(new URL(page.url()).hash).toBe('');
  expect(errors).toEqual([]);
});
