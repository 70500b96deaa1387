/**
 * The hosted app's view state in the URL hash: the trace (by id), the selected span (by span id),
 * the waterfall's zoom window, search and filters, and the demo that was opened. Reloading, or
 * opening a shared link, restores that view once the same data is loaded (a demo named in the hash
 * is loaded automatically; files are not in the URL, so the view applies after the user loads them).
 *
 * Only the hosted app uses this (App.tsx); an embedded viewer simply does not call useUrlState.
 *
 *   #demo=lens-messaging-kafka.json&trace=<id>&span=<span id>&t=<start>-<end>&q=<query>&mo=1
 *    &svc=<service>&svc=…&kind=client&kind=…&color=service&skew=1&cp=0
 *
 * Instead of `demo`, the data can come from a URL (`#url=<url>`, or `?url=<url>` in the query) or a
 * trace backend (`#backend=jaeger&base=<base URL>&traceId=<id>`, backend ids in state/sources.ts);
 * these load on start like a demo, and stay in the hash while that one source is what is loaded.
 *
 * `t` is the window in nanoseconds from the trace's epoch (its earliest span start).
 */
import { useEffect, useRef } from 'react';
import { hasData, spanDetailsKey } from '../state/index.ts';
import type { ViewerStore } from '../state/index.ts';
import { traceKey } from '../views/waterfall/index.ts';
import type { WaterfallStore } from '../views/waterfall/index.ts';
import { KIND_NAMES } from '../core/model/types.ts';
import { isBackendId, sourceFileName } from '../state/index.ts';
import type { TraceSource } from '../state/index.ts';
import { openDemo } from './demos.ts';

export interface UrlState {
  demo: string | null;
  /** A URL or backend to load the data from (`url=`, or `backend`/`base`/`traceId`). */
  source?: TraceSource | null;
  trace: string | null;
  span: string | null;
  window: { start: number; end: number } | null;
  query: string;
  matchesOnly: boolean;
  services: string[];
  kinds: number[];
  colorBy: 'kind' | 'service';
  skew: boolean;
  criticalPath: boolean;
}

const DEMO_NAME = /^[\w.-]+$/;

export function parseHash(hash: string): UrlState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const demo = p.get('demo');
  const t = /^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$/.exec(p.get('t') ?? '');
  const source = parseSource(p);
  const start = t ? Number(t[1]) : NaN;
  const end = t ? Number(t[2]) : NaN;
  return {
    demo: demo && DEMO_NAME.test(demo) ? demo : null,
    trace: p.get('trace') || null,
    span: p.get('span') || null,
    window: Number.isFinite(start) && Number.isFinite(end) && end > start ? { start, end } : null,
    query: p.get('q') ?? '',
    matchesOnly: p.get('mo') === '1',
    services: p.getAll('svc'),
    kinds: p
      .getAll('kind')
      .map((k) => KIND_NAMES.indexOf(k.toUpperCase() as (typeof KIND_NAMES)[number]))
      .filter((k) => k >= 0),
    colorBy: p.get('color') === 'service' ? 'service' : 'kind',
    skew: p.get('skew') === '1',
    criticalPath: p.get('cp') !== '0',
    ...(source ? { source } : {}),
  };
}

function parseSource(p: URLSearchParams): TraceSource | null {
  const url = p.get('url');
  if (url) return { kind: 'url', url };
  const backend = p.get('backend');
  const base = p.get('base');
  const traceId = p.get('traceId');
  if (isBackendId(backend) && base && traceId) return { kind: 'backend', backend, base, traceId };
  return null;
}

/** The hash's state, with a `?url=` of the query string as the source when the hash names none. */
export function parseLocation(hash: string, search: string): UrlState {
  const s = parseHash(hash);
  if (s.source || s.demo) return s;
  const url = new URLSearchParams(search).get('url');
  return url ? { ...s, source: { kind: 'url', url } } : s;
}

export function formatHash(s: UrlState): string {
  const p = new URLSearchParams();
  if (s.demo) p.set('demo', s.demo);
  if (s.source?.kind === 'url') p.set('url', s.source.url);
  else if (s.source?.kind === 'backend') {
    p.set('backend', s.source.backend);
    p.set('base', s.source.base);
    p.set('traceId', s.source.traceId);
  }
  if (s.trace) p.set('trace', s.trace);
  if (s.span) p.set('span', s.span);
  if (s.window) p.set('t', `${Math.round(s.window.start)}-${Math.round(s.window.end)}`);
  if (s.query) p.set('q', s.query);
  if (s.matchesOnly) p.set('mo', '1');
  for (const svc of s.services) p.append('svc', svc);
  for (const k of s.kinds) p.append('kind', (KIND_NAMES[k] ?? '').toLowerCase());
  if (s.colorBy === 'service') p.set('color', 'service');
  if (s.skew) p.set('skew', '1');
  if (!s.criticalPath) p.set('cp', '0');
  return p.toString();
}

/** Marks a demo as opened (the gallery calls this before loading it), so the URL can name it. */
export function rememberDemo(file: string): void {
  if (!DEMO_NAME.test(file)) return;
  history.replaceState(history.state, '', `#${formatHash({ ...parseHash(''), demo: file })}`);
}

/** Names a URL or backend source in the hash (the Open URL / backend forms call this before loading). */
export function rememberSource(source: TraceSource): void {
  history.replaceState(history.state, '', `#${formatHash({ ...parseHash(''), source })}`);
}

/** Keeps the URL hash and the viewer's view in step (see the module comment). */
export function useUrlState(viewer: ViewerStore, wf: WaterfallStore): void {
  const pending = useRef<UrlState | null>(null);
  const demoStarted = useRef(false);

  useEffect(() => {
    let writeTimer: ReturnType<typeof setTimeout> | undefined;
    let spanRequest = 0;

    /** Display settings apply at once; the trace/span/window part waits for the data. */
    const take = (s: UrlState) => {
      wf.setState({ colorBy: s.colorBy, skew: s.skew, criticalPath: s.criticalPath, matchesOnly: s.matchesOnly });
      const st = wf.getState();
      st.setQuery(s.query);
      st.setServices(s.services);
      st.setKinds(s.kinds);
      pending.current = s.trace || s.demo || s.source ? s : null;
    };

    const applyPending = () => {
      const s = pending.current;
      if (!s) return;
      const vs = viewer.getState();
      const view = vs.view;
      if (!hasData(view)) {
        if ((s.demo || s.source) && !demoStarted.current && vs.pendingLoads === 0) {
          demoStarted.current = true;
          if (s.demo) void openDemo(vs, s.demo);
          else if (s.source) void vs.loadSource(s.source);
        }
        return;
      }
      if (!s.trace) {
        pending.current = null;
        return;
      }
      // an early snapshot of a running load may lack the span (or the whole trace) yet: wait for the result
      if (view.partial) return;
      const t = view.traces.findIndex((x) => x.id === s.trace);
      if (t < 0) {
        if (vs.pendingLoads === 0) pending.current = null; // the data does not have it: give up
        return;
      }
      pending.current = null;
      vs.selectTrace(t);
      if (s.window) wf.getState().setWindow(traceKey(view.lineage, t), s.window);
      if (s.span) {
        const req = ++spanRequest;
        const traceId = s.trace;
        viewer.client.resolveSpans([{ traceId, spanId: s.span }]).then(
          ([i]) => {
            const now = viewer.getState();
            if (req === spanRequest && i >= 0 && now.view === view && now.selectedTrace === t) now.selectSpan(i);
          },
          () => undefined,
        );
      }
    };

    const write = async () => {
      if (pending.current) return;
      const vs = viewer.getState();
      const view = vs.view;
      if (!hasData(view)) return;
      const current = parseHash(location.hash);
      const only = view.files.length === 1 ? view.files[0].name : null;
      const st = wf.getState();
      const t = vs.selectedTrace;
      const tr = t !== null ? view.traces[t] : undefined;
      let span: string | null = null;
      if (vs.selectedSpan !== null) {
        const i = vs.selectedSpan;
        try {
          const d = await viewer.queryClient.fetchQuery({ queryKey: spanDetailsKey(viewer.viewerId, view.version, i), queryFn: ({ signal }) => viewer.client.spanDetails(i, { signal }), staleTime: Infinity });
          span = d.spanId;
        } catch {
          span = null;
        }
        if (viewer.getState().selectedSpan !== i) return; // changed meanwhile; a later write follows
      }
      const key = t !== null ? traceKey(view.lineage, t) : '';
      const next = formatHash({
        demo: current.demo && only === current.demo ? current.demo : null,
        source: current.source && only === sourceFileName(current.source) ? current.source : null,
        trace: tr?.id ?? null,
        span,
        window: st.window && st.window.key === key ? st.window.value : null,
        query: st.query,
        matchesOnly: st.matchesOnly,
        services: [...st.services],
        kinds: [...st.kinds],
        colorBy: st.colorBy,
        skew: st.skew,
        criticalPath: st.criticalPath,
      });
      if (next !== location.hash.replace(/^#/, '')) history.replaceState(history.state, '', next ? `#${next}` : location.pathname + location.search);
    };
    const scheduleWrite = () => {
      clearTimeout(writeTimer);
      writeTimer = setTimeout(() => void write(), 250);
    };

    take(parseLocation(location.hash, location.search));
    applyPending();
    const unViewer = viewer.subscribe((s, prev) => {
      // cleared: the URL no longer describes anything
      if (hasData(prev.view) && !hasData(s.view) && !pending.current && location.hash) history.replaceState(history.state, '', location.pathname + location.search);
      if (s.view !== prev.view || s.pendingLoads !== prev.pendingLoads) applyPending();
      if (s.view !== prev.view || s.selectedTrace !== prev.selectedTrace || s.selectedSpan !== prev.selectedSpan) scheduleWrite();
    });
    const unWf = wf.subscribe((s, prev) => {
      if (s.window !== prev.window || s.query !== prev.query || s.matchesOnly !== prev.matchesOnly || s.services !== prev.services || s.kinds !== prev.kinds || s.colorBy !== prev.colorBy || s.skew !== prev.skew || s.criticalPath !== prev.criticalPath) scheduleWrite();
    });
    const onHash = () => {
      demoStarted.current = false;
      take(parseLocation(location.hash, ''));
      applyPending();
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      clearTimeout(writeTimer);
      unViewer();
      unWf();
      window.removeEventListener('hashchange', onHash);
    };
  }, [viewer, wf]);
}
