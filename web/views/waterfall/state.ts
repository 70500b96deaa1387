/**
 * The waterfall's view state: one small Zustand store per waterfall (what is collapsed, the zoom
 * window, search, filters and display switches). The viewer store keeps what other views share
 * (the selected trace and span). The hosted app reads and writes this store to keep the URL in
 * step; an embedded waterfall simply owns one.
 *
 * Per-trace state (collapse, folded groups, zoom window) carries the key of the trace it belongs to
 * (`traceKey`): a waterfall showing another trace, or a dataset of another lineage (after a reset
 * or a removed file), ignores it and starts from the trace's defaults, so nothing has to be reset
 * when the trace changes. Within a lineage span indices stay, so the state survives more spans
 * arriving (early snapshots of a load, another file merged in).
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';

export type ColorBy = 'kind' | 'service';

/** Identifies a trace of one dataset lineage (DatasetView.lineage): `${lineage}:${trace}`. */
export function traceKey(lineage: number, trace: number): string {
  return `${lineage}:${trace}`;
}

export interface TraceScoped<T> {
  readonly key: string;
  readonly value: T;
}

/** Zoom window in nanoseconds from the trace epoch. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

export interface WaterfallState {
  readonly collapsed: TraceScoped<ReadonlySet<number>> | null;
  /** First spans of folded sibling runs that are unfolded. */
  readonly unfolded: TraceScoped<ReadonlySet<number>> | null;
  /** The zoom window (a trace's key and its window), or null for the whole trace. */
  readonly window: TraceScoped<TimeWindow> | null;
  /** The keyboard's current row (a span), not necessarily selected. */
  readonly active: number | null;
  readonly colorBy: ColorBy;
  readonly criticalPath: boolean;
  readonly skew: boolean;
  /** Search query (core/search language). */
  readonly query: string;
  readonly matchesOnly: boolean;
  /** Index into the trace's matches (tree order) of the current match, or -1. */
  readonly matchCursor: number;
  /** Shown services (names) and kinds (numbers); empty = no filter. */
  readonly services: readonly string[];
  readonly kinds: readonly number[];
  /** Fold runs of at least this many identical leaf siblings (0: never). */
  readonly foldRuns: number;
  readonly labelWidth: number;
  readonly help: boolean;

  setCollapsed(key: string, value: ReadonlySet<number>): void;
  setUnfolded(key: string, value: ReadonlySet<number>): void;
  setWindow(key: string, window: TimeWindow | null): void;
  setActive(span: number | null): void;
  setColorBy(c: ColorBy): void;
  setCriticalPath(on: boolean): void;
  setSkew(on: boolean): void;
  setQuery(q: string): void;
  setMatchesOnly(on: boolean): void;
  setMatchCursor(k: number): void;
  setServices(s: readonly string[]): void;
  setKinds(k: readonly number[]): void;
  setFoldRuns(n: number): void;
  setLabelWidth(px: number): void;
  setHelp(open: boolean): void;
}

export type WaterfallStore = StoreApi<WaterfallState>;

export const DEFAULT_FOLD_RUNS = 8;
export const DEFAULT_LABEL_WIDTH = 340;

export function createWaterfallStore(initial: Partial<Pick<WaterfallState, 'colorBy' | 'criticalPath' | 'skew' | 'query' | 'matchesOnly' | 'services' | 'kinds' | 'foldRuns' | 'labelWidth'>> = {}): WaterfallStore {
  return createStore<WaterfallState>()((set) => ({
    collapsed: null,
    unfolded: null,
    window: null,
    active: null,
    colorBy: 'kind',
    criticalPath: true,
    skew: false,
    query: '',
    matchesOnly: false,
    matchCursor: -1,
    services: [],
    kinds: [],
    foldRuns: DEFAULT_FOLD_RUNS,
    labelWidth: DEFAULT_LABEL_WIDTH,
    help: false,
    ...initial,

    setCollapsed: (key, value) => set({ collapsed: { key, value } }),
    setUnfolded: (key, value) => set({ unfolded: { key, value } }),
    setWindow: (key, window) => set({ window: window ? { key, value: window } : null }),
    setActive: (active) => set({ active }),
    setColorBy: (colorBy) => set({ colorBy }),
    setCriticalPath: (criticalPath) => set({ criticalPath }),
    setSkew: (skew) => set({ skew }),
    setQuery: (query) => set((s) => (s.query === query ? s : { query, matchCursor: -1 })),
    setMatchesOnly: (matchesOnly) => set({ matchesOnly }),
    setMatchCursor: (matchCursor) => set({ matchCursor }),
    setServices: (services) => set({ services: [...new Set(services)].sort() }),
    setKinds: (kinds) => set({ kinds: [...new Set(kinds)].sort((a, b) => a - b) }),
    setFoldRuns: (foldRuns) => set({ foldRuns }),
    setLabelWidth: (labelWidth) => set({ labelWidth: Math.round(Math.max(220, Math.min(900, labelWidth))) }),
    setHelp: (help) => set({ help }),
  }));
}
