/**
 * <SpanmapViewer>: the trace viewer as one React component for other pages. Each instance owns its
 * store, engine worker and query cache (createViewerStore), so two viewers on a page share
 * nothing; it never reads or writes the page URL, and its styles are scoped to `.sm-root`.
 */
import { ViewBoundary } from '../ui/ViewBoundary.tsx';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { ViewerProvider, createViewerStore, hasData, useViewer } from '../state/index.ts';
import type { DatasetView, ViewerStore } from '../state/index.ts';
import { Waterfall, createWaterfallStore } from '../views/waterfall/index.ts';
import type { WaterfallStore } from '../views/waterfall/index.ts';
import { Topology } from '../views/topology/index.ts';
import { ProgressBar } from '../ui/ProgressBar.tsx';
import { formatCount, plural } from '../ui/format.ts';
import { KIND_NAMES } from '../core/model/types.ts';
import { loadSource } from './source.ts';
import type { SpanmapSource } from './source.ts';
import './embed.css';

export type SpanmapView = 'waterfall' | 'topology' | 'both';
export type SpanmapTheme = 'light' | 'dark' | 'auto';
export type SpanmapSpanKind = 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

/** The span a user selected (payload of onSpanSelect and of the element's `spanmap-select` event). */
export interface SpanmapSpanInfo {
  readonly traceId: string;
  readonly spanId: string;
  readonly name: string;
  /** The span's service ('' when the source named none). */
  readonly service: string;
  readonly kind: SpanmapSpanKind;
}

/** What a load produced (payload of onLoad and of the element's `spanmap-load` event). */
export interface SpanmapLoadSummary {
  readonly spans: number;
  readonly traces: number;
  readonly traceIds: readonly string[];
  readonly services: readonly string[];
  readonly kinds: Readonly<Record<SpanmapSpanKind, number>>;
  readonly files: readonly { readonly name: string; readonly format: string | null; readonly spans: number }[];
  readonly warnings: number;
  /** Files that could not be read and fetches that failed; empty when everything loaded. */
  readonly errors: readonly string[];
}

export interface SpanmapViewerProps {
  /** The trace data (see SpanmapSource). A new value (by identity) replaces what is shown. */
  source?: SpanmapSource | null;
  /** Which views to show. Default 'both'. */
  view?: SpanmapView;
  /** The trace shown first (its trace id); default the first trace. */
  initialTraceId?: string;
  /** The span selected first (its span id, within initialTraceId or the first trace). */
  initialSpanId?: string;
  /** 'auto' follows the system's colour scheme. Default 'light'. */
  theme?: SpanmapTheme;
  /** Height of the viewer (CSS length); it scrolls inside. Default: as tall as its content. */
  height?: string;
  /** Called when the user selects a span (not when the selection is cleared). */
  onSpanSelect?: (span: SpanmapSpanInfo) => void;
  /** Called when a source has finished loading (also when it failed: see `errors`). */
  onLoad?: (summary: SpanmapLoadSummary) => void;
  /** Extra class names on the root element. */
  className?: string;
  /** Accessible name of the viewer region. Default "Trace viewer". */
  label?: string;
}

function usePrefersDark(enabled: boolean): boolean {
  const [dark, setDark] = useState(() => enabled && typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    if (!enabled || typeof matchMedia !== 'function') return;
    const mq = matchMedia('(prefers-color-scheme: dark)');
    const update = () => setDark(mq.matches);
    update();
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }, [enabled]);
  return enabled && dark;
}

/** The summary handed to onLoad. */
export function loadSummary(store: ViewerStore): SpanmapLoadSummary {
  const s = store.getState();
  const view = s.view;
  const notices = s.notices.map((n) => n.message);
  const kinds = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<SpanmapSpanKind, number>;
  if (!view) return { spans: 0, traces: 0, traceIds: [], services: [], kinds, files: [], warnings: 0, errors: notices };
  const sum = view.summary;
  return {
    spans: sum.spans,
    traces: sum.traces,
    traceIds: view.traces.map((t) => t.id),
    services: [...sum.services],
    kinds: { ...kinds, ...sum.kinds },
    files: view.files.map((f) => ({ name: f.name, format: f.format, spans: f.spans })),
    warnings: sum.warnings.length,
    errors: [...sum.errors.map((e) => `${e.file}: ${e.message}`), ...notices],
  };
}

async function spanInfo(store: ViewerStore, view: DatasetView, span: number): Promise<SpanmapSpanInfo> {
  const d = await store.client.spanDetails(span);
  return { traceId: d.traceId, spanId: d.spanId, name: d.name, service: view.resourceService[view.columns.resource[span]] ?? '', kind: d.kind };
}

/** Selects the initial trace / span (by id) of a freshly loaded view. */
async function selectInitial(store: ViewerStore, traceId: string | undefined, spanId: string | undefined): Promise<void> {
  const { view, selectTrace, selectSpan } = store.getState();
  if (!view || view.traces.length === 0) return;
  const trace = traceId ? view.traces.findIndex((t) => t.id.toLowerCase() === traceId.toLowerCase()) : 0;
  if (trace >= 0) selectTrace(trace);
  if (!spanId) return;
  const tid = view.traces[trace >= 0 ? trace : 0].id;
  const [span] = await store.client.resolveSpans([{ traceId: tid, spanId }]);
  if (span !== undefined && span >= 0) selectSpan(span);
}

export function SpanmapViewer({ source, view = 'both', initialTraceId, initialSpanId, theme = 'light', height, onSpanSelect, onLoad, className, label }: SpanmapViewerProps) {
  const [store] = useState(() => createViewerStore());
  const [waterfall] = useState<WaterfallStore>(() => createWaterfallStore());
  const callbacks = useRef({ onSpanSelect, onLoad });
  useEffect(() => {
    callbacks.current = { onSpanSelect, onLoad };
  });
  const initial = useRef({ initialTraceId, initialSpanId });
  useEffect(() => {
    initial.current = { initialTraceId, initialSpanId };
  });

  // The store lives as long as the component; its worker starts lazily, so StrictMode's extra
  // unmount/mount cycle only restarts it.
  useEffect(() => () => store.dispose(), [store]);

  // A new source replaces everything (the store would merge otherwise).
  useEffect(() => {
    const ac = new AbortController();
    void (async () => {
      await store.getState().reset();
      if (ac.signal.aborted) return;
      await loadSource(store, source, ac.signal);
      await store.whenIdle();
      if (ac.signal.aborted) return;
      try {
        await selectInitial(store, initial.current.initialTraceId, initial.current.initialSpanId);
      } catch {
        // a missing initial span is not an error
      }
      if (ac.signal.aborted) return;
      if (source !== null && source !== undefined) callbacks.current.onLoad?.(loadSummary(store));
    })();
    return () => {
      ac.abort();
      store.getState().cancelLoads();
    };
  }, [store, source]);

  // Selection → onSpanSelect (with the span's ids, which the view columns do not hold).
  useEffect(() => {
    let seq = 0;
    return store.subscribe((s, prev) => {
      if (s.selectedSpan === prev.selectedSpan || s.selectedSpan === null || !s.view) return;
      const mine = ++seq;
      const v = s.view;
      spanInfo(store, v, s.selectedSpan).then(
        (info) => {
          if (mine === seq) callbacks.current.onSpanSelect?.(info);
        },
        () => {},
      );
    });
  }, [store]);

  // As in the hosted app: a service picked in the topology filters the waterfall to its spans.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.highlightedService === prev.highlightedService) return;
        const wf = waterfall.getState();
        if (s.highlightedService !== null) wf.setServices([s.highlightedService]);
        else if (prev.highlightedService !== null && wf.services.length === 1 && wf.services[0] === prev.highlightedService) wf.setServices([]);
      }),
    [store, waterfall],
  );

  const prefersDark = usePrefersDark(theme === 'auto');
  const resolvedTheme = theme === 'dark' || (theme === 'auto' && prefersDark) ? 'dark' : 'light';
  const style = useMemo<CSSProperties | undefined>(() => (height ? { height } : undefined), [height]);
  const classes = className ? `sm-root ${className}` : 'sm-root';

  return (
    <ViewerProvider store={store}>
      <section className={classes} data-theme={resolvedTheme} data-view={view} style={style} aria-label={label ?? 'Trace viewer'} data-spanmap-viewer={store.viewerId}>
        <Body waterfall={waterfall} view={view} />
      </section>
    </ViewerProvider>
  );
}

function Body({ waterfall, view: which }: { waterfall: WaterfallStore; view: SpanmapView }) {
  const view = useViewer((s) => s.view);
  const pending = useViewer((s) => s.pendingLoads);
  const progress = useViewer((s) => s.progress);
  const notices = useViewer((s) => s.notices);
  const loaded = hasData(view);
  return (
    <div className="sm-embed" data-testid="spanmap-embed" data-state={pending > 0 ? 'loading' : loaded ? 'loaded' : 'empty'}>
      {pending > 0 && <ProgressBar value={progress && progress.bytesTotal > 0 ? progress.bytesRead / progress.bytesTotal : null} label="Loading traces" />}
      {(notices.length > 0 || (view && view.summary.errors.length > 0)) && (
        <ul className="sm-embed__notices" role="alert">
          {notices.map((n) => (
            <li key={`n${n.id}`} className="sm-embed__notice">
              {n.message}
            </li>
          ))}
          {view?.summary.errors.map((e, k) => (
            <li key={`e${k}`} className="sm-embed__notice">
              {e.file}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {loaded ? (
        <>
          <Bar view={view} />
          {which !== 'topology' && (
            <ViewBoundary name="waterfall">
              <Waterfall store={waterfall} />
            </ViewBoundary>
          )}
          {which !== 'waterfall' && (
            <ViewBoundary name="topology">
              <Topology />
            </ViewBoundary>
          )}
        </>
      ) : (
        pending === 0 && notices.length === 0 && <p className="sm-embed__empty">No traces loaded.</p>
      )}
    </div>
  );
}

function Bar({ view }: { view: DatasetView }) {
  const trace = useViewer((s) => s.selectedTrace);
  const selectTrace = useViewer((s) => s.selectTrace);
  const { summary } = view;
  return (
    <div className="sm-embed__bar">
      <ul className="sm-embed__stats" aria-label="Totals">
        <li data-testid="embed-spans" data-count={summary.spans}>
          <strong>{formatCount(summary.spans)}</strong> {summary.spans === 1 ? 'span' : 'spans'}
        </li>
        <li data-testid="embed-traces" data-count={summary.traces}>
          {plural(summary.traces, 'trace')}
        </li>
        <li data-testid="embed-services" data-count={summary.services.length}>
          {plural(summary.services.length, 'service')}
        </li>
        {summary.warnings.length > 0 && <li>{plural(summary.warnings.length, 'warning')}</li>}
      </ul>
      {view.traces.length > 1 && (
        <label className="sm-embed__trace">
          Trace
          <select value={trace ?? 0} onChange={(e) => selectTrace(Number(e.target.value))}>
            {view.traces.map((t, k) => (
              <option key={k} value={k}>
                {(t.rootService || '(unknown service)') + ' · ' + (t.rootName || '(no name)') + ` (${formatCount(t.spanCount)})`}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
