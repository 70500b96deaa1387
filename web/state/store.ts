/**
 * The viewer store: a Zustand store FACTORY. Every viewer gets its own store, engine client
 * (worker) and query cache; nothing is module-global, so two viewers on one page share nothing.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import { QueryClient, isCancelledError } from '@tanstack/react-query';
import { createEngineClient, isAbortError } from '../worker/client.ts';
import type { EngineClient, LoadOptions } from '../worker/client.ts';
import type { DatasetView, LoadProgress, LoadResult } from '../worker/protocol.ts';
import { FetchProblem, couldNot, fetchSourceBody, sourceFileName } from './sources.ts';
import type { TraceSource } from './sources.ts';

/** A fetch of a URL or backend trace in progress (shown while it runs, retries included). */
export interface FetchStatus {
  /** The file name the body will be loaded under. */
  readonly name: string;
  /** Attempts that failed so far (0 on the first try). */
  readonly failures: number;
  /** Why the last attempt failed, when one did; a retry follows. */
  readonly reason: string | null;
}

/** Retries after a retryable fetch failure (network / CORS, HTTP 5xx, 429), and the wait before each. */
export const FETCH_RETRIES = 2;
const retryDelay = (failures: number) => Math.min(1000 * 2 ** (failures - 1), 4000);

/** A problem that is not a file's (those are in `view.summary.errors`): a failed fetch, a crashed worker. */
export interface Notice {
  readonly id: number;
  readonly message: string;
}

export interface LastLoad {
  readonly cancelled: boolean;
  /** Files this load imported. */
  readonly imported: readonly string[];
  /** Files this load was given. */
  readonly requested: readonly string[];
}

export interface ViewerState {
  readonly viewerId: string;
  /** Loads (and fetches for them) not yet finished. */
  readonly pendingLoads: number;
  /** The fetch (URL or backend) running now, or null. */
  readonly fetching: FetchStatus | null;
  /** The latest progress of the running load, or null. */
  readonly progress: LoadProgress | null;
  /** The loaded dataset, or null before the first load (and after reset). */
  readonly view: DatasetView | null;
  readonly selectedTrace: number | null;
  readonly selectedSpan: number | null;
  readonly notices: readonly Notice[];
  readonly lastLoad: LastLoad | null;
  /**
   * A service the user picked in a view (the topology's node click), or null: views that list
   * spans highlight or filter to it (the hosted app filters the waterfall to it).
   */
  readonly highlightedService: string | null;

  /** Imports files (merged with what is loaded). Never rejects: problems land in the view or notices. */
  loadFiles(files: readonly File[]): Promise<void>;
  /** Fetches a URL (relative URLs resolve against the page) and loads it as a file named `fileName`. */
  loadUrl(url: string, fileName?: string): Promise<void>;
  /** Fetches a URL or a backend's trace (retrying network and server errors) and loads the answer. */
  loadSource(source: TraceSource): Promise<void>;
  /** Generates a seeded synthetic trace of `spans` spans in the worker and loads it. */
  loadGenerated(spans: number, seed?: number): Promise<void>;
  /** Removes loaded file `file` (index into `view.files`); the dataset is rebuilt without it. */
  removeFile(file: number): Promise<void>;
  /** Cancels running and queued loads; files already imported stay. */
  cancelLoads(): void;
  selectTrace(trace: number | null): void;
  selectSpan(span: number | null): void;
  /** Sets (or clears, with null) the highlighted service. */
  highlightService(service: string | null): void;
  dismissNotice(id: number): void;
  /** Forgets everything loaded. */
  reset(): Promise<void>;
}

export interface ViewerStore extends StoreApi<ViewerState> {
  readonly viewerId: string;
  readonly client: EngineClient;
  /** Query cache of this viewer (span details); ViewerProvider hands it to TanStack Query. */
  readonly queryClient: QueryClient;
  /** Resolves when no load is pending. */
  whenIdle(): Promise<void>;
  /** Stops the worker and clears caches. */
  dispose(): void;
}

export interface ViewerStoreOptions {
  client?: EngineClient;
  viewerId?: string;
  /** `fetch` for loadUrl (tests). */
  fetch?: typeof fetch;
}

const isLoading = (s: ViewerState) => s.pendingLoads > 0;

/** Whether a view holds anything to show (a load of only broken files still lists them). */
export function hasData(view: DatasetView | null): view is DatasetView {
  return view !== null && view.files.length > 0;
}

export function createViewerStore(options: ViewerStoreOptions = {}): ViewerStore {
  const client = options.client ?? createEngineClient({ viewer: options.viewerId });
  const viewerId = client.viewer;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity, refetchOnWindowFocus: false } } });
  const controllers = new Set<AbortController>();
  const pageBase = () => (typeof document !== 'undefined' ? document.baseURI : undefined);
  let fetchSeq = 0;
  let idleWaiters: (() => void)[] = [];
  let noticeId = 0;

  const store = createStore<ViewerState>()((set, get) => {
    const notice = (message: string) => set((s) => ({ notices: [...s.notices, { id: ++noticeId, message }] }));
    const begin = () => set((s) => ({ pendingLoads: s.pendingLoads + 1 }));
    const end = () => {
      set((s) => ({ pendingLoads: s.pendingLoads - 1, progress: s.pendingLoads - 1 > 0 ? s.progress : null }));
      if (!isLoading(get())) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    };

    async function runLoad(files: readonly File[]): Promise<void> {
      await runJob(
        files.map((f) => f.name),
        (o) => client.load(files, o),
      );
    }

    /** Runs a worker call that produces a new view (load, remove, generate) and takes its view. */
    async function runJob(requested: readonly string[], job: (o: LoadOptions) => Promise<LoadResult>): Promise<void> {
      const ac = new AbortController();
      controllers.add(ac);
      try {
        // Early snapshots (view.partial) show the first rows while the rest is read; the result replaces them.
        const takeView = (view: DatasetView) => (s: ViewerState) => {
          let selectedTrace = s.selectedTrace;
          let selectedSpan = s.selectedSpan;
          if (s.view && s.view.lineage !== view.lineage) {
            // other indices: find the trace by id; a span index means nothing any more
            const id = selectedTrace !== null ? s.view.traces[selectedTrace]?.id : undefined;
            const t = id === undefined ? -1 : view.traces.findIndex((x) => x.id === id);
            selectedTrace = t >= 0 ? t : null;
            selectedSpan = null;
          }
          if (selectedTrace === null || selectedTrace >= view.traces.length) selectedTrace = view.traces.length > 0 ? 0 : null;
          if (selectedSpan !== null && !(selectedSpan < view.spanCount && view.columns.trace[selectedSpan] === selectedTrace)) selectedSpan = null;
          return { view, selectedTrace, selectedSpan };
        };
        const result = await job({ signal: ac.signal, onProgress: (progress) => set({ progress }), onView: (view) => set(takeView(view)) });
        set((s) => ({ ...takeView(result.view)(s), lastLoad: { cancelled: result.cancelled, imported: result.imported, requested } }));
      } catch (e) {
        if (!isAbortError(e)) notice(`Loading ${requested.join(', ')} failed: ${(e as Error).message}`);
      } finally {
        controllers.delete(ac);
      }
    }

    /** Fetches a source through the QueryClient (retries visible in `fetching`); null when it failed or was cancelled. */
    async function fetchSource(src: TraceSource, name: string): Promise<Blob | null> {
      const queryKey = ['trace-fetch', viewerId, ++fetchSeq];
      const hash = JSON.stringify(queryKey);
      set({ fetching: { name, failures: 0, reason: null } });
      const unsub = queryClient.getQueryCache().subscribe((ev) => {
        if (ev.type !== 'updated' || ev.query.queryHash !== hash || ev.action.type !== 'failed') return;
        const reason = ev.query.state.fetchFailureReason;
        set({ fetching: { name, failures: ev.query.state.fetchFailureCount, reason: reason instanceof Error ? reason.message : String(reason) } });
      });
      try {
        return await queryClient.fetchQuery({
          queryKey,
          queryFn: ({ signal }) => fetchSourceBody(doFetch, src, signal, pageBase()),
          retry: (failures, e) => failures < FETCH_RETRIES && e instanceof FetchProblem && e.retryable,
          retryDelay,
          staleTime: 0,
          gcTime: 0,
        });
      } catch (e) {
        if (!isCancelledError(e) && !isAbortError(e)) notice(`${couldNot(src, name)}: ${(e as Error).message}`);
        return null;
      } finally {
        unsub();
        if (get().fetching?.name === name) set({ fetching: null });
      }
    }

    return {
      viewerId,
      fetching: null,
      pendingLoads: 0,
      progress: null,
      view: null,
      selectedTrace: null,
      selectedSpan: null,
      notices: [],
      lastLoad: null,
      highlightedService: null,

      async loadFiles(files) {
        if (files.length === 0) return;
        begin();
        try {
          await runLoad(files);
        } finally {
          end();
        }
      },

      async loadUrl(url, fileName) {
        begin();
        try {
          const src: TraceSource = { kind: 'url', url };
          const name = fileName ?? sourceFileName(src);
          const blob = await fetchSource(src, name);
          if (blob) await runLoad([new File([blob], name, { type: blob.type })]);
        } finally {
          end();
        }
      },

      async loadSource(src) {
        begin();
        try {
          const name = sourceFileName(src);
          const blob = await fetchSource(src, name);
          if (blob) await runLoad([new File([blob], name, { type: blob.type })]);
        } finally {
          end();
        }
      },

      async loadGenerated(spans, seed = 1) {
        begin();
        try {
          await runJob([`generated-${spans}-spans.otlp.json`], (o) => client.generate({ spans, seed }, o));
        } finally {
          end();
        }
      },

      async removeFile(file) {
        const view = get().view;
        if (!view || file < 0 || file >= view.files.length) return;
        begin();
        try {
          await runJob(
            view.files.filter((_, k) => k !== file).map((f) => f.name),
            (o) => client.remove(file, o),
          );
        } finally {
          end();
        }
      },

      cancelLoads() {
        for (const ac of controllers) ac.abort();
        void queryClient.cancelQueries({ queryKey: ['trace-fetch', viewerId] });
      },

      selectTrace(trace) {
        const view = get().view;
        if (trace !== null && (!view || trace < 0 || trace >= view.traces.length)) return;
        set((s) => ({ selectedTrace: trace, selectedSpan: trace === null || s.selectedSpan === null || view?.columns.trace[s.selectedSpan] !== trace ? null : s.selectedSpan }));
      },

      selectSpan(span) {
        const view = get().view;
        if (span === null) return set({ selectedSpan: null });
        if (!view || span < 0 || span >= view.spanCount) return;
        set({ selectedSpan: span, selectedTrace: view.columns.trace[span] });
      },

      highlightService(service) {
        if (get().highlightedService !== service) set({ highlightedService: service });
      },

      dismissNotice(id) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },

      async reset() {
        get().cancelLoads();
        try {
          await client.reset();
        } catch (e) {
          if (!isAbortError(e)) notice(`Clearing failed: ${(e as Error).message}`);
        }
        queryClient.clear();
        set({ fetching: null, view: null, selectedTrace: null, selectedSpan: null, lastLoad: null, progress: null, highlightedService: null });
      },
    };
  });

  client.onCrash((message) => {
    store.setState((s) => ({ notices: [...s.notices, { id: ++noticeId, message: `${message}. Reload the page and load the files again.` }] }));
  });

  return Object.assign(store, {
    viewerId,
    client,
    queryClient,
    whenIdle(): Promise<void> {
      if (!isLoading(store.getState())) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    dispose() {
      for (const ac of controllers) ac.abort();
      client.dispose();
      queryClient.clear();
    },
  });
}
