/** What the waterfall's parts share: its view-state store, and the chart model of the shown trace. */
import { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import type { DatasetView, ViewColumns } from '../../state/index.ts';
import type { RowModel } from '../../core/layout/rows.ts';
import type { ServiceColor } from '../shared/colors.ts';
import type { Coverage, Critical, Matches, Timing, TraceModel } from './model.ts';
import { clampWindow, timeTicks } from './model.ts';
import type { ColorBy, TimeWindow, WaterfallState, WaterfallStore } from './state.ts';

export const WaterfallStoreContext = createContext<WaterfallStore | null>(null);

export function useWaterfallStore(): WaterfallStore {
  const s = useContext(WaterfallStoreContext);
  if (!s) throw new Error('no waterfall store above this component');
  return s;
}

export function useWf<T>(selector: (s: WaterfallState) => T): T {
  return useStore(useWaterfallStore(), selector);
}

export interface LinkCounts {
  /** Links this span has (to loaded or unloaded spans). */
  out: number;
  /** Links of loaded spans pointing at this span. */
  in: number;
}

/** Everything a row needs to draw itself; rebuilt when the trace, rows or a setting changes (not on scroll or zoom). */
export interface ChartModel {
  readonly view: DatasetView;
  readonly cols: ViewColumns;
  readonly tm: TraceModel;
  readonly key: string;
  readonly rows: RowModel;
  /** The row showing a span (its own, or its folded run's), -1 when hidden. */
  rowOf(span: number): number;
  readonly timing: Timing;
  readonly critical: Critical | null;
  readonly matches: Matches | null;
  readonly matchesOnly: boolean;
  readonly collapsed: ReadonlySet<number>;
  readonly colorBy: ColorBy;
  readonly serviceColors: ReadonlyMap<string, ServiceColor>;
  readonly links: ReadonlyMap<number, LinkCounts>;
  /** Link pairs (source → target, both in this trace) by each of their spans, for connectors. */
  readonly linkAdj: ReadonlyMap<number, readonly (readonly [number, number])[]>;
  coverage(span: number): Coverage | null;
  run(first: number, count: number): { start: number; end: number; mean: number; errors: number };
  toggle(span: number, group: number): void;
  select(span: number): void;
  openLinks(span: number, anchor: HTMLElement): void;
}

/** The zoom window of the shown trace: read and set it without re-rendering the whole waterfall. */
export interface ZoomApi {
  readonly key: string;
  /** The axis extent (ns from the trace epoch). */
  readonly t0: number;
  readonly t1: number;
  /** Width of the timeline column in CSS pixels. */
  readonly timelineWidth: number;
  get(): TimeWindow;
  set(w: TimeWindow): void;
}

export const ZoomContext = createContext<ZoomApi | null>(null);

export function useZoom(): ZoomApi {
  const z = useContext(ZoomContext);
  if (!z) throw new Error('no zoom context above this component');
  return z;
}

/** The current window (re-renders the caller when it changes) and its axis ticks. */
export function useZoomWindow(): { win: TimeWindow; ticks: number[] } {
  const z = useZoom();
  const state = useWf((s) => s.window);
  const { key, t0, t1, timelineWidth } = z;
  const win = useMemo(() => (state?.key === key ? clampWindow(state.value, t0, t1) : { start: t0, end: t1 }), [state, key, t0, t1]);
  const ticks = useMemo(() => timeTicks(win.start, win.end, Math.max(2, Math.floor(timelineWidth / 90))), [win, timelineWidth]);
  return { win, ticks };
}
