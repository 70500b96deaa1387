/**
 * The waterfall of the selected trace: every span on one time axis, nested by parent, coloured by
 * span kind (or service), with the critical path, CLIENT network time, producer → consumer
 * hand-offs, span links, search, filters, zoom, optional clock-skew correction, and the span
 * details panel beside it.
 *
 * Cost model: the trace model, row model, timing and critical path are computed once per trace or
 * setting (linear, memoized); a frame of scrolling renders only the rows in view, and a frame of
 * zooming changes two CSS variables plus the axis (the rows are not rendered again).
 */
import { ViewBoundary } from '../../ui/ViewBoundary.tsx';
import { byId } from '../shared/dom.ts';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useViewer, useViewerStore, useSearchSpans, useTraceLinks, useTraceTiming } from '../../state/index.ts';
import type { DatasetView } from '../../state/index.ts';
import { Truncate } from '../../ui/Truncate.tsx';
import { formatCount, plural } from '../../ui/format.ts';
import { formatDuration } from '../../core/lib/time.ts';
import { ancestors, allParents, collapseBelowDepth } from '../../core/layout/rows.ts';
import { serviceColors as makeServiceColors } from '../shared/colors.ts';
import { useElementSize } from '../shared/useElementSize.ts';
import { WaterfallStoreContext, ZoomContext, useWaterfallStore, useWf, useZoom, useZoomWindow } from './context.ts';
import type { ChartModel, LinkCounts, ZoomApi } from './context.ts';
import { createWaterfallStore, traceKey } from './state.ts';
import type { TimeWindow, WaterfallStore } from './state.ts';
import { clampWindow, criticalFrom, filterMask, isWhole, matchesInTree, panWindow, rowModel, rowOfSpan, runExtent, serverCoverage, timingFrom, traceCounts, traceModel, zoomWindow } from './model.ts';
import type { Coverage } from './model.ts';
import { Body } from './Body.tsx';
import type { BodyHandle } from './Body.tsx';
import { Minimap, Ruler } from './Axis.tsx';
import { Filters, HelpDialog, Legend, LinksPopover, SearchBox } from './Controls.tsx';
import { SpanDetailsPanel } from '../details/index.ts';
import './waterfall.css';

const DUR_WIDTH = 84;
const EMPTY = new Set<number>();

export interface WaterfallProps {
  /** The waterfall's view state. When omitted the waterfall keeps its own (nothing outside can read it). */
  store?: WaterfallStore;
  /** Height of the rows area (CSS length). */
  bodyHeight?: string;
}

export function Waterfall({ store, bodyHeight }: WaterfallProps) {
  const [own] = useState(() => store ?? createWaterfallStore());
  return (
    <WaterfallStoreContext.Provider value={store ?? own}>
      <WaterfallView bodyHeight={bodyHeight} />
    </WaterfallStoreContext.Provider>
  );
}

function WaterfallView({ bodyHeight }: { bodyHeight?: string }) {
  const view = useViewer((s) => s.view);
  const trace = useViewer((s) => s.selectedTrace);
  if (!view || trace === null || trace >= view.traces.length) {
    return (
      <section className="sm-wf sm-wf--empty" data-testid="waterfall">
        <p className="sm-muted">Select a trace to see its waterfall.</p>
      </section>
    );
  }
  if (view.traces[trace].spanCount === 0) {
    return (
      <section className="sm-wf sm-wf--empty" data-testid="waterfall">
        <p className="sm-muted">This trace has no spans.</p>
      </section>
    );
  }
  return <TraceWaterfall key={traceKey(view.lineage, trace)} view={view} trace={trace} bodyHeight={bodyHeight} />;
}

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

function TraceWaterfall({ view, trace, bodyHeight }: { view: DatasetView; trace: number; bodyHeight?: string }) {
  const viewer = useViewerStore();
  const wf = useWaterfallStore();
  const selected = useViewer((s) => s.selectedSpan);
  const cols = view.columns;
  const key = traceKey(view.lineage, trace);
  const gridId = `sm-wf-${useId().replace(/:/g, '')}`;
  const searchId = `${gridId}-search`;

  const collapsedState = useWf((s) => s.collapsed);
  const unfoldedState = useWf((s) => s.unfolded);
  const active = useWf((s) => s.active);
  const colorBy = useWf((s) => s.colorBy);
  const showCritical = useWf((s) => s.criticalPath);
  const skew = useWf((s) => s.skew);
  const query = useWf((s) => s.query);
  const matchesOnly = useWf((s) => s.matchesOnly);
  const services = useWf((s) => s.services);
  const kinds = useWf((s) => s.kinds);
  const foldRuns = useWf((s) => s.foldRuns);
  const labelWidth = useWf((s) => s.labelWidth);
  const help = useWf((s) => s.help);

  // ---- the model, memoized step by step (each linear in the trace, none per frame)
  const tm = useMemo(() => traceModel(view, trace), [view, trace]);
  const collapsed = collapsedState?.key === key ? collapsedState.value : tm.initialCollapsed;
  const unfolded = unfoldedState?.key === key ? unfoldedState.value : EMPTY;
  const filter = useMemo(() => filterMask(view, tm, services, kinds), [view, tm, services, kinds]);
  const search = useSearchSpans(query, trace);
  const searching = query.trim() !== '';
  const hits = searching ? search.data : undefined;
  const matches = useMemo(() => (hits ? matchesInTree(tm, hits) : null), [tm, hits]);
  const noMatches = useMemo(() => new Uint8Array(tm.order.length), [tm]);
  const only = matchesOnly && searching ? (matches?.mask ?? noMatches) : null;
  const rows = useMemo(() => rowModel(cols, tm, { collapsed, unfolded, foldRuns, filter, only }), [cols, tm, collapsed, unfolded, foldRuns, filter, only]);
  // skew correction and the critical path come from the worker (both walk the whole trace)
  const tt = useTraceTiming(trace, skew).data;
  const timing = useMemo(() => timingFrom(cols, view.traces[trace].durationNs, skew && tt ? tt : null), [cols, view, trace, skew, tt]);
  const critical = useMemo(() => (showCritical && tt ? criticalFrom(tt) : null), [showCritical, tt]);
  const serviceColors = useMemo(() => makeServiceColors(view.resourceService), [view]);
  const counts = useMemo(() => traceCounts(view, tm), [view, tm]);
  const linkData = useTraceLinks(trace).data;
  const { links, linkAdj } = useMemo(() => {
    const links = new Map<number, LinkCounts>();
    const linkAdj = new Map<number, [number, number][]>();
    if (!linkData) return { links, linkAdj };
    const count = (s: number, dir: 'out' | 'in') => {
      const c = links.get(s) ?? { out: 0, in: 0 };
      c[dir]++;
      links.set(s, c);
    };
    for (let k = 0; k < linkData.from.length; k++) {
      const a = linkData.from[k];
      const b = linkData.to[k];
      if (cols.trace[a] === trace) count(a, 'out');
      if (b >= 0 && cols.trace[b] === trace) count(b, 'in');
      if (b >= 0 && cols.trace[a] === trace && cols.trace[b] === trace) {
        for (const s of [a, b]) {
          const l = linkAdj.get(s) ?? [];
          l.push([a, b]);
          linkAdj.set(s, l);
        }
      }
    }
    return { links, linkAdj };
  }, [linkData, cols, trace]);

  const { t0, t1 } = timing;
  const extent = t1 - t0;

  // ---- actions
  const setWin = useCallback((w: TimeWindow) => wf.getState().setWindow(key, isWhole(w, t0, t1) ? null : clampWindow(w, t0, t1)), [wf, key, t0, t1]);
  const getWin = useCallback((): TimeWindow => {
    const w = wf.getState().window;
    return w?.key === key ? clampWindow(w.value, t0, t1) : { start: t0, end: t1 };
  }, [wf, key, t0, t1]);
  const currentCollapsed = useCallback(() => {
    const c = wf.getState().collapsed;
    return c?.key === key ? c.value : tm.initialCollapsed;
  }, [wf, key, tm]);
  const toggle = useCallback(
    (span: number, group: number) => {
      const st = wf.getState();
      if (group > 0) {
        const cur = st.unfolded?.key === key ? st.unfolded.value : EMPTY;
        st.setUnfolded(key, new Set(cur).add(span));
        return;
      }
      const next = new Set(currentCollapsed());
      if (!next.delete(span)) next.add(span);
      st.setCollapsed(key, next);
    },
    [wf, key, currentCollapsed],
  );
  const select = useCallback(
    (span: number) => {
      viewer.getState().selectSpan(span);
      wf.getState().setActive(span);
    },
    [viewer, wf],
  );
  const [linksFor, setLinksFor] = useState<{ span: number; top: number; left: number } | null>(null);
  const chart = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  const openLinks = useCallback((span: number, anchor: HTMLElement) => {
    // placed in the waterfall's section (not the chart, which clips), under the button
    const root = section.current?.getBoundingClientRect();
    const r = anchor.getBoundingClientRect();
    if (!root) return;
    setLinksFor({ span, top: r.bottom - root.top + 4, left: Math.max(8, Math.min(r.left - root.left, root.width - 380)) });
  }, []);

  const m: ChartModel = useMemo(() => {
    const cov = new Map<number, Coverage | null>();
    const runs = new Map<number, ReturnType<typeof runExtent>>();
    return {
      view,
      cols,
      tm,
      key,
      rows,
      rowOf: (span) => rowOfSpan(tm, rows, span),
      timing,
      critical,
      matches,
      matchesOnly: only !== null,
      collapsed,
      colorBy,
      serviceColors,
      links,
      linkAdj,
      coverage(span) {
        let c = cov.get(span);
        if (c === undefined) cov.set(span, (c = serverCoverage(cols, timing.start, span)));
        return c;
      },
      run(first, count) {
        let r = runs.get(first);
        if (!r) runs.set(first, (r = runExtent(cols, timing.start, first, count)));
        return r;
      },
      toggle,
      select,
      openLinks,
    };
  }, [view, cols, tm, key, rows, timing, critical, matches, only, collapsed, colorBy, serviceColors, links, linkAdj, toggle, select, openLinks]);

  // ---- reveal and scroll to the selected span when it changes (expanding what hides it)
  const body = useRef<BodyHandle>(null);
  const reveal = useRef<number | null>(null);
  const lastSelected = useRef<number | null>(null);
  useEffect(() => {
    if (selected !== lastSelected.current) {
      lastSelected.current = selected;
      reveal.current = selected !== null && cols.trace[selected] === trace ? selected : null;
    }
    const span = reveal.current;
    if (span === null) return;
    const k = tm.tree.pos[span];
    if (k < 0) {
      reveal.current = null;
      return;
    }
    const r = rowOfSpan(tm, rows, span);
    if (r >= 0 && rows.spans[r] === span && rows.group[r] === 0) {
      reveal.current = null;
      wf.getState().setActive(span);
      body.current?.scrollToRow(r, 'center');
      return;
    }
    const hidden = ancestors(cols, span).filter((a) => collapsed.has(a));
    if (hidden.length > 0 && !only) {
      const next = new Set(collapsed);
      for (const a of hidden) next.delete(a);
      wf.getState().setCollapsed(key, next);
      return;
    }
    if (r >= 0 && rows.group[r] > 0) {
      wf.getState().setUnfolded(key, new Set(unfolded).add(rows.spans[r]));
      return;
    }
    reveal.current = null; // filtered out: nothing to reveal
  }, [selected, rows, tm, cols, trace, collapsed, unfolded, only, key, wf]);

  // ---- search: step through the matches
  const matchList = matches?.list ?? null;
  const step = useCallback(
    (dir: 1 | -1) => {
      if (!matchList || matchList.length === 0) return;
      const st = wf.getState();
      let c = st.matchCursor;
      if (c < 0 || c >= matchList.length) {
        // start from the selection when there is one
        const from = viewer.getState().selectedSpan;
        const fk = from !== null ? tm.tree.pos[from] : -1;
        c = dir > 0 ? -1 : matchList.length;
        if (fk >= 0) {
          for (let j = 0; j < matchList.length; j++) {
            if (tm.tree.pos[matchList[j]] > fk) {
              c = dir > 0 ? j - 1 : j;
              break;
            }
            if (tm.tree.pos[matchList[j]] === fk) {
              c = j;
              break;
            }
          }
        }
      }
      c = (c + dir + matchList.length) % matchList.length;
      st.setMatchCursor(c);
      select(matchList[c]);
    },
    [matchList, wf, viewer, tm, select],
  );

  // ---- zoom (the window is read from the store when needed: zooming re-renders only the axis, minimap and canvas)
  const { width: chartWidth } = useElementSize(chart);
  const [gutter, setGutter] = useState(0);
  const timelineWidth = Math.max(100, chartWidth - labelWidth - DUR_WIDTH - gutter);
  const zoom: ZoomApi = useMemo(() => ({ key, t0, t1, timelineWidth, get: getWin, set: setWin }), [key, t0, t1, timelineWidth, getWin, setWin]);
  const zoomBy = useCallback((factor: number, anchor = 0.5) => setWin(zoomWindow(getWin(), t0, t1, factor, anchor)), [setWin, getWin, t0, t1]);
  const brush = useCallback(
    (f0: number, f1: number) => {
      const w = getWin();
      setWin({ start: w.start + f0 * (w.end - w.start), end: w.start + f1 * (w.end - w.start) });
    },
    [setWin, getWin],
  );
  const zoomToSpan = useCallback(
    (span: number) => {
      const s = timing.start[span];
      const d = Math.max(timing.duration[span], extent * 1e-6);
      setWin({ start: s - d * 0.05, end: s + d * 1.05 });
    },
    [timing, extent, setWin],
  );
  const latest = useRef({ getWin, t0, t1, setWin, labelWidth, gutter });
  useLayoutEffect(() => {
    latest.current = { getWin, t0, t1, setWin, labelWidth, gutter };
  });
  useEffect(() => {
    const el = chart.current;
    if (!el) return;
    // Wheel steps are applied once per frame: two events in one frame cost one render, not two.
    let pending: TimeWindow | null = null;
    let frame = 0;
    const current = () => pending ?? latest.current.getWin();
    const setSoon = (w: TimeWindow) => {
      pending = w;
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const next = pending;
        pending = null;
        if (next) latest.current.setWin(next);
      });
    };
    const onWheel = (e: WheelEvent) => {
      const target = e.target as HTMLElement;
      const onAxis = !!target.closest?.('.sm-wf-ruler, .sm-wf-minimap');
      const vertical = Math.abs(e.deltaY) >= Math.abs(e.deltaX);
      const zoom = e.ctrlKey || e.metaKey || (onAxis && vertical && !e.shiftKey);
      const pan = !zoom && (e.shiftKey || !vertical);
      if (!zoom && !pan) return;
      e.preventDefault();
      const L = latest.current;
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const box = el.getBoundingClientRect();
      const tlLeft = box.left + L.labelWidth + DUR_WIDTH;
      const tlWidth = Math.max(1, box.width - L.labelWidth - DUR_WIDTH - L.gutter);
      if (zoom) {
        const anchor = Math.max(0, Math.min(1, (e.clientX - tlLeft) / tlWidth));
        setSoon(zoomWindow(current(), L.t0, L.t1, Math.exp(Math.max(-1, Math.min(1, e.deltaY * unit * 0.0025))), Number.isFinite(anchor) ? anchor : 0.5));
      } else {
        const d = (e.shiftKey && vertical ? e.deltaY : e.deltaX) * unit;
        setSoon(panWindow(current(), L.t0, L.t1, d / tlWidth));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('wheel', onWheel);
      cancelAnimationFrame(frame);
    };
  }, []);

  // ---- keys for the whole waterfall (row keys are the grid's)
  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTyping(e.target) || (e.target as HTMLElement).closest?.('dialog, [role="dialog"], .sm-wf-details')) return;
    const k = e.key;
    const st = wf.getState();
    let handled = true;
    if (k === '/') byId(e.currentTarget as Node, searchId)?.focus();
    else if (k === '?') st.setHelp(true);
    else if (k === '+' || k === '=') zoomBy(1 / 1.6);
    else if (k === '-' || k === '_') zoomBy(1.6);
    else if (k === '0') setWin({ start: t0, end: t1 });
    else if (k === 'ArrowLeft' && e.shiftKey) setWin(panWindow(getWin(), t0, t1, -0.2));
    else if (k === 'ArrowRight' && e.shiftKey) setWin(panWindow(getWin(), t0, t1, 0.2));
    else if (k === 'n') step(1);
    else if (k === 'N') step(-1);
    else if (k === 'z' && selected !== null && cols.trace[selected] === trace) zoomToSpan(selected);
    else if (k === 'Escape') {
      if (linksFor) setLinksFor(null);
      else viewer.getState().selectSpan(null);
    } else handled = false;
    if (handled) e.preventDefault();
  };
  // "/" and "?" also work when nothing on the page has focus
  useEffect(() => {
    const onDocKey = (e: KeyboardEvent) => {
      if (e.target !== document.body || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        byId(e.target as Node, searchId)?.focus();
      } else if (e.key === '?') {
        e.preventDefault();
        wf.getState().setHelp(true);
      }
    };
    document.addEventListener('keydown', onDocKey);
    return () => document.removeEventListener('keydown', onDocKey);
  }, [searchId, wf]);

  // ---- expand / collapse
  const [depthValue, setDepthValue] = useState('');
  const setAllCollapsed = (c: ReadonlySet<number>) => {
    wf.getState().setCollapsed(key, c);
    wf.getState().setUnfolded(key, EMPTY);
  };

  const tr = view.traces[trace];
  const showDetails = selected !== null && cols.trace[selected] === trace;
  const hiddenBy = rows.count < tm.order.length;
  const chartStyle = {
    '--wf-label': `${labelWidth}px`,
    '--wf-dur': `${DUR_WIDTH}px`,
    '--wf-gutter': `${gutter}px`,
    '--wf-body-h': bodyHeight ?? 'max(360px, calc(100vh - 330px))',
  } as CSSProperties;

  return (
    <section ref={section} className="sm-wf" data-testid="waterfall" aria-label="Trace waterfall" onKeyDown={onKeyDown}>
      <TraceHeader view={view} trace={trace} />
      <div className="sm-wf-toolbar">
        <SearchBox id={searchId} count={searching ? (matches ? matches.list.length : null) : null} pending={search.isFetching} onStep={step} />
        <Filters counts={counts} serviceColors={serviceColors} />
        <button type="button" className="sm-wf-iconbtn sm-wf-helpbtn" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => wf.getState().setHelp(true)}>
          ?
        </button>
        <div className="sm-wf-toolbar__break" aria-hidden="true" />
        <div className="sm-wf-seg" role="group" aria-label="Colour bars by">
          <span className="sm-wf-seg__label" aria-hidden="true">
            Colour
          </span>
          <button type="button" aria-pressed={colorBy === 'kind'} onClick={() => wf.getState().setColorBy('kind')}>
            Kind
          </button>
          <button type="button" aria-pressed={colorBy === 'service'} onClick={() => wf.getState().setColorBy('service')}>
            Service
          </button>
        </div>
        <label className="sm-wf-check">
          <input type="checkbox" checked={showCritical} onChange={(e) => wf.getState().setCriticalPath(e.currentTarget.checked)} />
          Critical path
        </label>
        <label className="sm-wf-check" title="Kind-aware: a SERVER that sticks out of its CLIENT is centred inside it; consumers are never moved">
          <input type="checkbox" checked={skew} onChange={(e) => wf.getState().setSkew(e.currentTarget.checked)} />
          Clock-skew correction
        </label>
        <div className="sm-wf-expand" role="group" aria-label="Expand and collapse">
          <button type="button" className="sm-btn sm-wf-btn" onClick={() => setAllCollapsed(EMPTY)}>
            Expand all
          </button>
          <button type="button" className="sm-btn sm-wf-btn" onClick={() => setAllCollapsed(allParents(cols, tm.order))}>
            Collapse all
          </button>
          <label className="sm-wf-depth">
            <span>Depth</span>
            <select
              value={depthValue}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDepthValue(v);
                if (v !== '') setAllCollapsed(collapseBelowDepth(cols, tm.order, Number(v)));
              }}
              aria-label="Expand to depth"
            >
              <option value="">–</option>
              {Array.from({ length: Math.min(tm.maxDepth + 1, 30) }, (_, d) => (
                <option key={d} value={d + 1}>
                  {d + 1}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <Legend kinds={counts.kinds} services={[...counts.services.keys()]} colorBy={colorBy} serviceColors={serviceColors} />

      <div className={showDetails ? 'sm-wf-layout sm-wf-layout--details' : 'sm-wf-layout'}>
      <ZoomContext.Provider value={zoom}>
      <div className="sm-wf-chart" ref={chart} style={chartStyle}>
        <div className="sm-wf-overview">
          <ZoomControls zoomBy={zoomBy} />
          <Minimap m={m} />
        </div>
        <div className="sm-wf-head" aria-hidden="true">
          <div className="sm-wf-head__name">
            Service · operation
            <span className="sm-wf-head__count">
              {hiddenBy ? `${formatCount(rows.count)} of ${formatCount(tm.order.length)} rows` : plural(rows.count, 'row')}
            </span>
            <span
              className="sm-wf-resize"
              role="presentation"
              title="Drag to resize"
              onPointerDown={(e) => {
                const x0 = e.clientX;
                const w0 = labelWidth;
                const target = e.currentTarget;
                target.setPointerCapture(e.pointerId);
                const move = (ev: PointerEvent) => wf.getState().setLabelWidth(w0 + ev.clientX - x0);
                const up = () => {
                  target.removeEventListener('pointermove', move);
                  target.removeEventListener('pointerup', up);
                };
                target.addEventListener('pointermove', move);
                target.addEventListener('pointerup', up);
              }}
            />
          </div>
          <div className="sm-wf-head__dur">Duration</div>
          <Ruler onBrush={brush} />
        </div>
        <Body
          key={key}
          ref={body}
          m={m}
          gridId={gridId}
          label={`Spans of trace ${tr.id}`}
          selected={selected}
          active={active}
          labelWidth={labelWidth}
          durWidth={DUR_WIDTH}
          onActive={(s) => wf.getState().setActive(s)}
          onBrush={brush}
          onPinch={zoomBy}
          onGutter={setGutter}
        />
      </div>
      </ZoomContext.Provider>
        {showDetails && (
          <div className="sm-wf-details">
            <div className="sm-wf-details__scroll">
              <ViewBoundary name="span details">
                <SpanDetailsPanel span={selected} />
              </ViewBoundary>
            </div>
          </div>
        )}
      </div>
      {linksFor && (
        <LinksPopover
          view={view}
          span={linksFor.span}
          top={linksFor.top}
          left={linksFor.left}
          onGo={(s) => {
            setLinksFor(null);
            select(s);
          }}
          onClose={() => setLinksFor(null)}
        />
      )}
      <HelpDialog open={help} onClose={() => wf.getState().setHelp(false)} />
    </section>
  );
}

function ZoomControls({ zoomBy }: { zoomBy(factor: number): void }) {
  const { win } = useZoomWindow();
  const z = useZoom();
  const zoomed = !isWhole(win, z.t0, z.t1);
  return (
    <div className="sm-wf-zoom">
      <span className="sm-wf-zoom__window" data-testid="zoom-window" aria-live="polite">
        {zoomed ? `${formatDuration(win.start)} – ${formatDuration(win.end)}` : `Whole trace · ${formatDuration(z.t1 - z.t0)}`}
      </span>
      <button type="button" className="sm-wf-iconbtn" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoomBy(1.6)} disabled={!zoomed}>
        −
      </button>
      <button type="button" className="sm-wf-iconbtn" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomBy(1 / 1.6)}>
        +
      </button>
      <button type="button" className="sm-btn sm-wf-btn" onClick={() => z.set({ start: z.t0, end: z.t1 })} disabled={!zoomed}>
        Reset zoom
      </button>
    </div>
  );
}

function TraceHeader({ view, trace }: { view: DatasetView; trace: number }) {
  const selectTrace = useViewer((s) => s.selectTrace);
  const t = view.traces[trace];
  const n = view.traces.length;
  return (
    <div className="sm-wf-trace" data-testid="waterfall-trace" data-trace-id={t.id}>
      <h2 className="sm-wf-trace__title">
        <Truncate text={t.rootService} max={40} empty="(unknown service)" />
        <span className="sm-muted">: </span>
        <Truncate text={t.rootName} max={80} empty="(no name)" />
      </h2>
      <dl className="sm-wf-trace__facts">
        <div>
          <dt>Trace</dt>
          <dd className="sm-mono" title={t.id}>
            {t.id.length > 16 ? `${t.id.slice(0, 16)}…` : t.id}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(t.durationNs)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>{formatCount(t.spanCount)}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd>{formatCount(t.serviceCount)}</dd>
        </div>
        {t.errorCount > 0 && (
          <div className="sm-wf-trace__errors">
            <dt>Errors</dt>
            <dd>{formatCount(t.errorCount)}</dd>
          </div>
        )}
      </dl>
      {n > 1 && (
        <div className="sm-wf-trace__nav" role="group" aria-label="Other traces">
          <button type="button" className="sm-btn sm-wf-btn" disabled={trace === 0} onClick={() => selectTrace(trace - 1)}>
            ‹ Previous trace
          </button>
          <span className="sm-muted">
            {formatCount(trace + 1)} of {formatCount(n)}
          </span>
          <button type="button" className="sm-btn sm-wf-btn" disabled={trace === n - 1} onClick={() => selectTrace(trace + 1)}>
            Next trace ›
          </button>
        </div>
      )}
    </div>
  );
}
