import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { importText } from '../../core/formats/index.ts';
import type { Dataset } from '../../core/model/types.ts';
import type { DatasetView } from '../../state/index.ts';
import { spanName } from '../../state/index.ts';
import { clampWindow, coalesce, criticalFrom, filterMask, isWhole, matchesInTree, panWindow, rowModel, rowOfSpan, runExtent, serverCoverage, timeTicks, timingFrom, traceCounts, traceModel, zoomWindow } from './model.ts';
import { formatTick } from './Axis.tsx';
import { inkOn, serviceColors, SERVICE_PALETTE } from '../shared/colors.ts';
import { layoutX } from './layout-x.ts';

const FIX = new URL('../../test/fixtures/shared/', import.meta.url);

/** The page's view of a dataset, as far as the waterfall reads it (the worker's buildView, which views may not import). */
function toView(ds: Dataset): DatasetView {
  const names: string[] = [];
  const nameOf = new Map<number, number>();
  const name = Int32Array.from(ds.name, (s) => {
    let k = nameOf.get(s);
    if (k === undefined) nameOf.set(s, (k = names.push(ds.strings[s]) - 1));
    return k;
  });
  let at = 0;
  const traces = ds.traces.map((t) => {
    const v = { id: t.id, epochNs: t.epochNs, durationNs: t.durationNs, spanCount: t.order.length, errorCount: 0, rootCount: t.roots.length, rootSpan: t.roots[0] ?? -1, rootName: '', rootService: '', serviceCount: 0, orderStart: at };
    at += t.order.length;
    return v;
  });
  const order = new Int32Array(ds.spanCount);
  ds.traces.forEach((t, k) => order.set(t.order, traces[k].orderStart));
  const { trace, parent, firstChild, nextSibling, depth, kind, status, flags, resource, start, duration } = ds;
  return {
    viewer: 'v',
    version: 1,
    lineage: 0,
    partial: false,
    spanCount: ds.spanCount,
    summary: {} as DatasetView['summary'],
    files: [],
    traces,
    names,
    resourceService: ds.resources.map((r) => r.serviceName),
    columns: { trace, parent, firstChild, nextSibling, depth, kind, status, flags, resource, name, start, duration, order },
  };
}

function viewOf(files: Record<string, string>): DatasetView {
  const b = new DatasetBuilder();
  for (const [n, text] of Object.entries(files)) importText(b, n, text);
  return toView(b.finish());
}
const fixture = (rel: string) => viewOf({ [rel]: readFileSync(new URL(rel, FIX), 'utf8') });

const US = 1_700_000_000_000_000;
const id = (n: number) => n.toString(16).padStart(16, '0');
function zipkin(spans: { id: number; parent?: number; name: string; kind?: string; svc?: string; ts: number; dur: number }[]): DatasetView {
  return viewOf({
    't.json': JSON.stringify(spans.map((s) => ({ traceId: id(99), id: id(s.id), parentId: s.parent ? id(s.parent) : undefined, name: s.name, kind: s.kind, timestamp: US + s.ts, duration: s.dur, localEndpoint: { serviceName: s.svc ?? 'svc' } }))),
  });
}

describe('waterfall model', () => {
  const hotrod = fixture('otlp/jaeger-hotrod-apiv3.json');
  const tm = traceModel(hotrod, 0);
  const none = { collapsed: new Set<number>(), unfolded: new Set<number>(), foldRuns: 8, filter: null, only: null };

  it('builds the trace model: roots, depth, everything open for a small trace', () => {
    expect(tm.order.length).toBe(40);
    expect(tm.roots).toHaveLength(1);
    expect(spanName(hotrod, tm.roots[0])).toBe('GET /dispatch');
    expect(tm.maxDepth).toBe(3);
    expect(tm.initialCollapsed.size).toBe(0);
    expect(tm.openDepth).toBe(Infinity);
  });

  it('folds the run of 13 identical redis calls, and maps rows back to tree positions', () => {
    const rows = rowModel(hotrod.columns, tm, none);
    expect(rows.count).toBe(28);
    const g = Array.from(rows.group).findIndex((n) => n > 0);
    expect(rows.group[g]).toBe(13);
    expect(spanName(hotrod, rows.spans[g])).toBe('GetDriver');
    const at = Array.from(tm.order, (span) => rowOfSpan(tm, rows, span));
    // all 13 spans of the run map to the group row; every span has a row
    expect(at.filter((r) => r === g)).toHaveLength(13);
    expect(at.every((r) => r >= 0)).toBe(true);
    for (let r = 0; r < rows.count; r++) expect(rowOfSpan(tm, rows, rows.spans[r])).toBe(r);
    // hidden under a collapsed root: no row
    const closed = rowModel(hotrod.columns, tm, { ...none, collapsed: new Set(tm.roots) });
    expect(rowOfSpan(tm, closed, rows.spans[g])).toBe(-1);
    expect(rowOfSpan(tm, closed, tm.roots[0])).toBe(0);
    expect(rowOfSpan(tm, closed, -1)).toBe(-1);
    const open = rowModel(hotrod.columns, tm, { ...none, unfolded: new Set([rows.spans[g]]) });
    expect(open.count).toBe(40);
  });

  it('filters by service and kind, in tree order, keeping collapsed subtrees hidden', () => {
    expect(filterMask(hotrod, tm, [], [])).toBeNull();
    const servers = filterMask(hotrod, tm, [], [2]);
    const rows = rowModel(hotrod.columns, tm, { ...none, filter: servers });
    expect(rows.count).toBe(13);
    for (const s of rows.spans) expect(hotrod.columns.kind[s]).toBe(2);
    const route = filterMask(hotrod, tm, ['route'], []);
    expect(rowModel(hotrod.columns, tm, { ...none, filter: route }).count).toBe(10);
    // the root collapsed: nothing below it passes
    const collapsed = rowModel(hotrod.columns, tm, { ...none, filter: servers, collapsed: new Set(tm.roots) });
    expect(collapsed.count).toBe(1);
    const counts = traceCounts(hotrod, tm);
    expect(counts.kinds).toEqual([0, 0, 13, 27, 0, 0]);
    expect([...counts.services.keys()]).toEqual(['customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route']);
  });

  it('lists matches in tree order and shows only them', () => {
    const redis = Int32Array.from(Array.from({ length: 40 }, (_, i) => i).filter((i) => hotrod.resourceService[hotrod.columns.resource[i]] === 'redis-manual').reverse());
    const m = matchesInTree(tm, redis);
    expect(m.list.length).toBe(14);
    const pos = Array.from(m.list, (s) => tm.tree.pos[s]);
    expect(pos).toEqual([...pos].sort((a, b) => a - b));
    const only = rowModel(hotrod.columns, tm, { ...none, only: m.mask, collapsed: new Set(tm.roots) });
    expect(only.count).toBe(14); // matches only ignores collapse
    expect(matchesInTree(tm, Int32Array.from([999999])).list.length).toBe(0);
  });

  it('computes coverage of CLIENT bars by their SERVER children', () => {
    const v = zipkin([
      { id: 1, name: 'call', kind: 'CLIENT', ts: 0, dur: 100 },
      { id: 2, parent: 1, name: 'a', kind: 'SERVER', ts: 10, dur: 30 },
      { id: 3, parent: 1, name: 'b', kind: 'SERVER', ts: 30, dur: 30 },
      { id: 4, parent: 1, name: 'c', kind: 'SERVER', ts: 80, dur: 40 },
      { id: 5, parent: 1, name: 'log', kind: undefined, ts: 0, dur: 100 },
    ]);
    const t = traceModel(v, 0);
    const client = t.roots[0];
    const cov = serverCoverage(v.columns, v.columns.start, client);
    // [10, 60] merged, [80, 100] clipped to the client (µs → ns)
    expect(cov?.covered).toEqual([10_000, 60_000, 80_000, 100_000]);
    expect(cov?.coveredNs).toBe(70_000);
    const server = Array.from(t.order).find((s) => spanName(v, s) === 'a') as number;
    expect(serverCoverage(v.columns, v.columns.start, server)).toBeNull();
  });

  it('applies the skew correction and critical path from the worker', () => {
    const cols = hotrod.columns;
    const plain = timingFrom(cols, 703e6, null);
    expect(plain.start).toBe(cols.start);
    expect(plain.delta).toBeNull();
    expect([plain.t0, plain.t1]).toEqual([0, 703e6]);
    const tt = { moved: Int32Array.from([5, 6]), delta: Float64Array.from([1000, -500]), t0: -10, t1: 704e6, critSpan: Int32Array.from([0, 3]), critOffset: Int32Array.from([0, 2, 3]), critStart: Float64Array.from([0, 50, 10]), critEnd: Float64Array.from([10, 60, 50]) };
    const moved = timingFrom(cols, 703e6, tt);
    expect(moved.start[5] - cols.start[5]).toBe(1000);
    expect(moved.start[6] - cols.start[6]).toBe(-500);
    expect(moved.start[7]).toBe(cols.start[7]);
    expect(cols.start[5]).toBe(plain.start[5]); // the view's column is not touched
    expect([...(moved.delta ?? [])]).toEqual([
      [5, 1000],
      [6, -500],
    ]);
    expect([moved.t0, moved.t1]).toEqual([-10, 704e6]);
    const crit = criticalFrom(tt);
    expect(crit.size).toBe(2);
    expect(crit.get(0)).toEqual([0, 10, 50, 60]);
    expect(crit.get(3)).toEqual([10, 50]);
    expect(crit.get(1)).toBeUndefined();
    expect(crit.get(99)).toBeUndefined();
  });

  it('gives a folded run its extent, mean and errors', () => {
    const rows = rowModel(hotrod.columns, tm, none);
    const g = Array.from(rows.group).findIndex((n) => n > 0);
    const ext = runExtent(hotrod.columns, hotrod.columns.start, rows.spans[g], rows.group[g]);
    expect(ext.end).toBeGreaterThan(ext.start);
    expect(ext.mean).toBeGreaterThan(0);
    expect(ext.errors).toBe(3);
  });

  it('coalesces thousands of segments into a few', () => {
    const many: number[] = [];
    for (let k = 0; k < 5000; k++) many.push(k * 10, k * 10 + 9);
    const few = coalesce(many, 50_000, 64);
    expect(few.length / 2).toBeLessThanOrEqual(64);
    expect(few[0]).toBe(0);
    expect(few[few.length - 1]).toBe(49_999);
    expect(coalesce([0, 10, 500, 600], 1000)).toEqual([0, 10, 500, 600]);
  });

  it('makes nice ticks with units', () => {
    expect(timeTicks(0, 703e6, 5)).toEqual([0, 200e6, 400e6, 600e6]);
    expect(timeTicks(176e6, 352e6, 4)).toEqual([200e6, 250e6, 300e6, 350e6]);
    expect(timeTicks(0, 5000, 5)).toEqual([0, 2000, 4000]);
    expect(timeTicks(0, 5000, 6)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(formatTick(0, 100e6)).toBe('0');
    expect(formatTick(200e6, 100e6)).toBe('200 ms');
    expect(formatTick(250e6, 50e6)).toBe('250 ms');
    expect(formatTick(1.5e9, 0.5e9)).toBe('1.5 s');
    expect(formatTick(2500, 500)).toBe('2.5 µs');
    expect(formatTick(1.25e6, 0.05e6)).toBe('1250 µs');
    expect(formatTick(1.5e6, 0.5e6)).toBe('1.5 ms');
  });

  it('zooms around an anchor, pans and clamps to the extent', () => {
    const w = { start: 0, end: 1000 };
    expect(zoomWindow(w, 0, 1000, 0.5, 0.5)).toEqual({ start: 250, end: 750 });
    expect(zoomWindow(w, 0, 1000, 0.5, 0)).toEqual({ start: 0, end: 500 });
    expect(zoomWindow({ start: 250, end: 750 }, 0, 1000, 4)).toEqual(w);
    expect(panWindow({ start: 250, end: 750 }, 0, 1000, 0.2)).toEqual({ start: 350, end: 850 });
    expect(panWindow({ start: 250, end: 750 }, 0, 1000, 2)).toEqual({ start: 500, end: 1000 });
    expect(clampWindow({ start: -50, end: 20 }, 0, 1000)).toEqual({ start: 0, end: 70 });
    expect(clampWindow({ start: 5, end: 5 }, 0, 1000).end).toBeGreaterThan(5);
    expect(isWhole(w, 0, 1000)).toBe(true);
    expect(isWhole({ start: 1, end: 1000 }, 0, 1000)).toBe(false);
  });
});

describe('service colours', () => {
  it('gives each service a stable colour with readable ink', () => {
    const c = serviceColors(['b', 'a', 'c', 'a']);
    expect([...c.keys()]).toEqual(['a', 'b', 'c']);
    expect(c.get('a')?.color).toBe(SERVICE_PALETTE[0]);
    expect(inkOn('#ffffff')).toBe('#1c1917');
    expect(inkOn('#000000')).toBe('#ffffff');
    expect(inkOn('#4e79a7')).toBe('#ffffff');
    expect(inkOn('#edc948')).toBe('#1c1917');
  });
});

describe('layoutX', () => {
  it('places elements by their times, clamps them, and hides letters on narrow bars', () => {
    const made: { dataset: Record<string, string>; style: Record<string, string>; classList: { toggle(c: string, on: boolean): void }; narrow?: boolean; getAttribute(name: string): string | null }[] = [];
    const el = (dataset: Record<string, string>) => {
      const e = {
        dataset,
        style: {} as Record<string, string>,
        narrow: undefined as boolean | undefined,
        classList: { toggle: (_c: string, on: boolean) => (e.narrow = on) },
        getAttribute: (name: string) => dataset[name.replace(/^data-/, '')] ?? null,
      };
      made.push(e);
      return e;
    };
    el({ t0: '0', t1: '500' });
    el({ t0: '-1000', t1: '5000', min: '2' });
    el({ t0: '250' });
    el({ t0: '100', t1: '101', glyph: '' });
    const root = { getElementsByClassName: () => made } as unknown as HTMLElement;
    layoutX(root, { start: 0, end: 1000 }, 200);
    expect(made[0].style).toEqual({ left: '0px', width: '100px' });
    expect(made[1].style).toEqual({ left: '-8px', width: '216px' });
    expect(made[2].style).toEqual({ left: '50px' });
    expect(made[3].narrow).toBe(true);
    // an element whose times change in place (React reuses it) is placed by its new times
    made[0].dataset.t1 = '750';
    layoutX(root, { start: 0, end: 1000 }, 200);
    expect(made[0].style).toEqual({ left: '0px', width: '150px' });
    made[0].dataset.t0 = '500';
    layoutX(root, { start: 0, end: 1000 }, 200);
    expect(made[0].style).toEqual({ left: '100px', width: '50px' });
  });
});
