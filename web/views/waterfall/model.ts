/**
 * The waterfall's derived data, as plain functions over the page's columns (no React): the trace
 * model, the row model with filters and "matches only", span times with the worker's skew
 * correction, the critical path by span, server coverage of CLIENT bars, folded-run extents, ticks
 * and zoom maths.
 *
 * Everything that touches every span of a trace runs once per trace or per setting (memoized by the
 * caller), never per frame: scrolling and zooming read these results for the visible rows only.
 */
import type { DatasetView, TraceTiming, ViewColumns } from '../../state/index.ts';
import { traceOrder } from '../../state/index.ts';
import { buildRows, collapseBelowDepth, initialDepth, traceTree } from '../../core/layout/rows.ts';
import type { RowModel, TraceTree } from '../../core/layout/rows.ts';
import { SpanKind } from '../../core/model/types.ts';
import type { TimeWindow } from './state.ts';

export interface TraceModel {
  readonly trace: number;
  readonly order: Int32Array;
  readonly tree: TraceTree;
  /** Spans without a parent, in tree order. */
  readonly roots: readonly number[];
  readonly maxDepth: number;
  /** What a fresh view of this trace collapses (everything open unless the trace is very large). */
  readonly initialCollapsed: ReadonlySet<number>;
  /** The depth a very large trace opens at (Infinity: fully open). */
  readonly openDepth: number;
}

export function traceModel(view: DatasetView, trace: number): TraceModel {
  const cols = view.columns;
  const order = traceOrder(view, trace);
  const tree = traceTree(cols, order);
  const roots: number[] = [];
  let maxDepth = 0;
  for (let k = 0; k < order.length; k++) {
    const v = order[k];
    if (cols.parent[v] === -1) roots.push(v);
    if (cols.depth[v] > maxDepth) maxDepth = cols.depth[v];
  }
  // a very large trace opens at a readable depth, but always shows the root's children
  const d = initialDepth(cols, order);
  const openDepth = Number.isFinite(d) ? Math.max(2, d) : d;
  const initialCollapsed = Number.isFinite(openDepth) ? collapseBelowDepth(cols, order, openDepth) : new Set<number>();
  return { trace, order, tree, roots, maxDepth, initialCollapsed, openDepth };
}

/* ------------------------------------------------------------------------------------------ */
/* Rows                                                                                         */
/* ------------------------------------------------------------------------------------------ */

export interface RowOptions {
  readonly collapsed: ReadonlySet<number>;
  readonly unfolded: ReadonlySet<number>;
  readonly foldRuns: number;
  /** By tree position: 1 = passes the service/kind filters; null = no filter. */
  readonly filter: Uint8Array | null;
  /** By tree position: 1 = a search match; given only for "matches only". */
  readonly only: Uint8Array | null;
}

/**
 * The rows shown. Without filters this is core's buildRows (collapse and folded runs). With a filter
 * or "matches only" the passing spans are listed in tree order (each at its own depth); collapsed
 * subtrees stay hidden under a filter, while "matches only" lists every match.
 */
export function rowModel(cols: ViewColumns, tm: TraceModel, o: RowOptions): RowModel {
  if (!o.filter && !o.only) return buildRows(cols, tm.tree, { collapsed: o.collapsed, expandedGroups: o.unfolded, foldRunsOf: o.foldRuns });
  const { order, subtreeSize } = tm.tree;
  const n = order.length;
  const spans = new Int32Array(n);
  let r = 0;
  for (let k = 0; k < n; ) {
    const v = order[k];
    if ((!o.filter || o.filter[k] === 1) && (!o.only || o.only[k] === 1)) spans[r++] = v;
    k += !o.only && o.collapsed.has(v) ? subtreeSize[k] : 1;
  }
  return { spans: spans.subarray(0, r), group: new Int32Array(r), count: r };
}

/**
 * The row showing `span`: its own row, or the folded-run row that holds it; -1 when hidden. Rows
 * are in tree order, so this is a binary search (no per-span index to build for a million rows).
 */
export function rowOfSpan(tm: TraceModel, rows: RowModel, span: number): number {
  const pos = tm.tree.pos;
  if (!(span >= 0 && span < pos.length)) return -1;
  const k = pos[span];
  if (k < 0) return -1;
  let lo = 0;
  let hi = rows.count - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pos[rows.spans[mid]] <= k) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 0) return -1;
  const k0 = pos[rows.spans[at]];
  if (k0 === k) return at;
  return rows.group[at] > 0 && k < k0 + rows.group[at] ? at : -1; // a folded run is consecutive in tree order
}

/** Service/kind filter as a mask over tree positions, or null when nothing is filtered. */
export function filterMask(view: DatasetView, tm: TraceModel, services: readonly string[], kinds: readonly number[]): Uint8Array | null {
  if (services.length === 0 && kinds.length === 0) return null;
  const cols = view.columns;
  const svc = new Set(services);
  const okResource = view.resourceService.map((s) => services.length === 0 || svc.has(s));
  const okKind = new Uint8Array(256);
  for (let k = 0; k < 256; k++) okKind[k] = kinds.length === 0 || kinds.includes(k) ? 1 : 0;
  const { order } = tm;
  const mask = new Uint8Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const v = order[k];
    mask[k] = okResource[cols.resource[v]] && okKind[cols.kind[v]] ? 1 : 0;
  }
  return mask;
}

export interface Matches {
  /** By tree position. */
  readonly mask: Uint8Array;
  /** Matching spans in tree order. */
  readonly list: Int32Array;
}

/** Search hits (span indices, any order) as a tree-position mask and a tree-ordered list. */
export function matchesInTree(tm: TraceModel, hits: Int32Array): Matches {
  const { order, tree } = tm;
  const mask = new Uint8Array(order.length);
  let count = 0;
  for (let j = 0; j < hits.length; j++) {
    const k = hits[j] < tree.pos.length ? tree.pos[hits[j]] : -1;
    if (k >= 0 && mask[k] === 0) {
      mask[k] = 1;
      count++;
    }
  }
  const list = new Int32Array(count);
  for (let k = 0, c = 0; k < order.length && c < count; k++) if (mask[k]) list[c++] = order[k];
  return { mask, list };
}

/** Per service name and per kind: how many spans of the trace. */
export function traceCounts(view: DatasetView, tm: TraceModel): { services: Map<string, number>; kinds: number[] } {
  const cols = view.columns;
  const perResource = new Map<number, number>();
  const kinds = [0, 0, 0, 0, 0, 0];
  for (let k = 0; k < tm.order.length; k++) {
    const v = tm.order[k];
    perResource.set(cols.resource[v], (perResource.get(cols.resource[v]) ?? 0) + 1);
    if (cols.kind[v] < 6) kinds[cols.kind[v]]++;
  }
  const services = new Map<string, number>();
  for (const [r, n] of perResource) {
    const s = view.resourceService[r] ?? '';
    services.set(s, (services.get(s) ?? 0) + n);
  }
  // code-point order, as the summary lists services (localeCompare's first call sets up ICU's
  // collator: about 10 ms in the render that shows the first rows)
  return { services: new Map([...services].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))), kinds };
}

/* ------------------------------------------------------------------------------------------ */
/* Timing                                                                                      */
/* ------------------------------------------------------------------------------------------ */

export interface Timing {
  /** Start of each span (ns from the trace epoch), skew-adjusted when correction is on. Indexed by span. */
  readonly start: Float64Array;
  readonly duration: Float64Array;
  /** Shift of each moved span (ns), when correction is on. */
  readonly delta: ReadonlyMap<number, number> | null;
  /** The extent the axis spans: earliest start and latest end of the trace's spans. */
  readonly t0: number;
  readonly t1: number;
}

/**
 * Span times for drawing: the columns' own, or with the worker's skew correction applied (`tt`
 * from traceTiming with skew; null without correction).
 */
export function timingFrom(cols: ViewColumns, durationNs: number, tt: TraceTiming | null): Timing {
  if (!tt) return { start: cols.start, duration: cols.duration, delta: null, t0: 0, t1: Math.max(durationNs, 1) };
  let start = cols.start;
  const delta = new Map<number, number>();
  if (tt.moved.length > 0) {
    start = cols.start.slice();
    for (let k = 0; k < tt.moved.length; k++) {
      start[tt.moved[k]] += tt.delta[k];
      delta.set(tt.moved[k], tt.delta[k]);
    }
  }
  return { start, duration: cols.duration, delta, t0: tt.t0, t1: Math.max(tt.t1, tt.t0 + 1) };
}

/** Critical-path lookup by span over the worker's traceTiming (binary search: nothing per span is built). */
export interface Critical {
  /** The span's segments as [start, end, start, end, …] (ns), or undefined when it is not on the path. */
  get(span: number): number[] | undefined;
  readonly size: number;
}

export function criticalFrom(tt: TraceTiming): Critical {
  const { critSpan, critOffset, critStart, critEnd } = tt;
  return {
    size: critSpan.length,
    get(span) {
      let lo = 0;
      let hi = critSpan.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = critSpan[mid];
        if (v === span) {
          const out: number[] = [];
          for (let k = critOffset[mid]; k < critOffset[mid + 1]; k++) out.push(critStart[k], critEnd[k]);
          return out;
        }
        if (v < span) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}

/**
 * Merges [start, end, …] segments whose gaps are under a share of `extent`, coarser and coarser
 * until at most `max` remain: a root whose own time is split by thousands of children keeps a
 * handful of drawn pieces instead of thousands of elements in its row.
 */
export function coalesce(segs: readonly number[], extent: number, max = 64): number[] {
  let out = [...segs];
  for (let share = 1 / 2000; out.length / 2 > max && share < 1; share *= 4) {
    const gap = extent * share;
    const merged: number[] = [];
    for (let k = 0; k < out.length; k += 2) {
      const n = merged.length;
      if (n > 0 && out[k] - merged[n - 1] <= gap) merged[n - 1] = Math.max(merged[n - 1], out[k + 1]);
      else merged.push(out[k], out[k + 1]);
    }
    out = merged;
  }
  return out;
}

export interface Coverage {
  /** Merged [start, end] pairs (ns) of the CLIENT's time covered by its SERVER children. */
  readonly covered: number[];
  readonly coveredNs: number;
}

/** The part of a CLIENT span covered by its SERVER children, or null if it has none (or is not a CLIENT). */
export function serverCoverage(cols: ViewColumns, start: Float64Array, span: number): Coverage | null {
  if (cols.kind[span] !== SpanKind.CLIENT) return null;
  const lo = start[span];
  const hi = lo + cols.duration[span];
  const iv: [number, number][] = [];
  for (let c = cols.firstChild[span]; c !== -1; c = cols.nextSibling[c]) {
    if (cols.kind[c] !== SpanKind.SERVER) continue;
    const s = Math.max(lo, start[c]);
    const e = Math.min(hi, start[c] + cols.duration[c]);
    iv.push([s, Math.max(s, e)]);
  }
  if (iv.length === 0) return null;
  iv.sort((a, b) => a[0] - b[0]);
  const covered: number[] = [];
  let coveredNs = 0;
  let [cs, ce] = iv[0];
  for (let k = 1; k <= iv.length; k++) {
    if (k < iv.length && iv[k][0] <= ce) {
      ce = Math.max(ce, iv[k][1]);
      continue;
    }
    if (ce > cs) {
      covered.push(cs, ce);
      coveredNs += ce - cs;
    }
    if (k < iv.length) [cs, ce] = iv[k];
  }
  return { covered, coveredNs };
}

/** Extent and mean duration of a folded run of `count` siblings starting at `first`. */
export function runExtent(cols: ViewColumns, start: Float64Array, first: number, count: number): { start: number; end: number; mean: number; errors: number } {
  let s = Infinity;
  let e = -Infinity;
  let sum = 0;
  let errors = 0;
  let v = first;
  for (let k = 0; k < count && v !== -1; k++, v = cols.nextSibling[v]) {
    s = Math.min(s, start[v]);
    e = Math.max(e, start[v] + cols.duration[v]);
    sum += cols.duration[v];
    if (cols.status[v] === 2) errors++;
  }
  return { start: s, end: e, mean: count > 0 ? sum / count : 0, errors };
}

/* ------------------------------------------------------------------------------------------ */
/* Axis and zoom                                                                               */
/* ------------------------------------------------------------------------------------------ */

/** "Nice" tick values (1, 2, 5 × 10^k ns) inside [a, b], about `count` of them. */
export function timeTicks(a: number, b: number, count: number): number[] {
  const span = b - a;
  if (!(span > 0) || count < 1) return [a];
  const raw = span / count;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  const step = (m >= 5 ? 10 : m >= 2 ? 5 : m >= 1 ? 2 : 1) * p;
  const out: number[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b + step * 1e-9 && out.length < 1000; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

/** The smallest window one can zoom to (ns). */
export function minWindow(t0: number, t1: number): number {
  return Math.max(10, (t1 - t0) * 1e-7);
}

export function clampWindow(w: TimeWindow, t0: number, t1: number): TimeWindow {
  const min = Math.min(t1 - t0, minWindow(t0, t1));
  let width = Math.max(min, Math.min(t1 - t0, w.end - w.start));
  if (!Number.isFinite(width)) width = t1 - t0;
  let start = Math.max(t0, Math.min(w.start, t1 - width));
  if (!Number.isFinite(start)) start = t0;
  return { start, end: start + width };
}

/** Zooms by `factor` (< 1 zooms in) keeping the point at `anchor` (0..1 across the window) in place. */
export function zoomWindow(w: TimeWindow, t0: number, t1: number, factor: number, anchor = 0.5): TimeWindow {
  const width = w.end - w.start;
  const at = w.start + width * anchor;
  const nw = width * factor;
  return clampWindow({ start: at - nw * anchor, end: at - nw * anchor + nw }, t0, t1);
}

/** Moves the window by `fraction` of its width (positive: later). */
export function panWindow(w: TimeWindow, t0: number, t1: number, fraction: number): TimeWindow {
  const d = (w.end - w.start) * fraction;
  return clampWindow({ start: w.start + d, end: w.end + d }, t0, t1);
}

/** Whether a window is (practically) the whole extent. */
export function isWhole(w: TimeWindow, t0: number, t1: number): boolean {
  const eps = (t1 - t0) * 1e-9;
  return w.start <= t0 + eps && w.end >= t1 - eps;
}
