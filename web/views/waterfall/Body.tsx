/**
 * The virtualized treegrid: only the rows in view (plus a few) exist in the DOM, at a fixed row
 * height, inside a scroll container as tall as all rows. Past a few million pixels the scroll
 * range is compressed (browsers cap element heights), so a million rows still scroll end to end.
 *
 * Also here: producer → consumer and span-link connectors between the rows in view, drag-to-zoom on
 * the timeline, pinch, and keyboard movement through the rows. Bars and connectors are placed
 * horizontally by layoutX, after each render and on each zoom, without rendering the rows.
 */
import { forwardRef, memo, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, PointerEvent as ReactPointerEvent } from 'react';
import type { ChartModel } from './context.ts';
import { ROW_HEIGHT, Row, rowId } from './Row.tsx';
import { connectorsIn } from './connectors.ts';
import { layoutX } from './layout-x.ts';
import { useWaterfallStore, useZoom, useZoomWindow } from './context.ts';
import { useElementSize } from '../shared/useElementSize.ts';

/** Tallest scroll content we create (browsers cap element heights); beyond it scrolling is scaled. */
const MAX_SCROLL_PX = 16_000_000;
const OVERSCAN = 5;
/**
 * Rows sit at r * ROW_HEIGHT - anchor inside a layer translated by anchor - shift, where shift is
 * how far the virtual scroll position is ahead of the real one (0 unless scaled). The anchor moves
 * in big steps, so normally the browser scrolls the rows natively and a frame only adds or removes
 * the rows entering or leaving the view.
 */
const ANCHOR_STEP = ROW_HEIGHT * 2000;

export interface BodyHandle {
  /** Scrolls so that row r is in view ('nearest' moves as little as possible). */
  scrollToRow(r: number, align?: 'nearest' | 'center'): void;
  focus(): void;
}

interface BodyProps {
  m: ChartModel;
  gridId: string;
  label: string;
  selected: number | null;
  active: number | null;
  labelWidth: number;
  durWidth: number;
  onActive(span: number): void;
  /** Zoom to a fraction range of the current window (drag on the timeline). */
  onBrush(f0: number, f1: number): void;
  onPinch(factor: number, anchor: number): void;
  /** Reports the width of the vertical scrollbar (to align the axis above). */
  onGutter(px: number): void;
}

export const Body = forwardRef<BodyHandle, BodyProps>(function Body({ m, gridId, label, selected, active, labelWidth, durWidth, onActive, onBrush, onPinch, onGutter }, ref) {
  const scroller = useRef<HTMLDivElement>(null);
  const { height: viewH } = useElementSize(scroller);
  const [scrollTop, setScrollTop] = useState(0);
  const [brush, setBrush] = useState<{ a: number; b: number } | null>(null);
  const drag = useRef<{ x0: number; left: number; width: number; moved: boolean; id: number } | null>(null);
  const suppressClick = useRef(false);
  const pointers = useRef(new Map<number, number>());
  const pinchDist = useRef(0);

  const count = m.rows.count;
  const total = count * ROW_HEIGHT;
  const content = Math.min(total, MAX_SCROLL_PX);
  const vh = viewH || 600;
  const scale = content > vh && total > content ? (total - vh) / (content - vh) : 1;
  const vTop = Math.min(scrollTop * scale, Math.max(0, total - vh));
  const first = Math.max(0, Math.floor(vTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((vTop + vh) / ROW_HEIGHT) + OVERSCAN);
  const anchor = Math.floor(vTop / ANCHOR_STEP) * ANCHOR_STEP;
  const shift = vTop - Math.min(scrollTop, Math.max(0, content - vh));

  // The scrollbar's width, to align the axis above. Reading it forces layout, so only when a
  // scrollbar may have come or gone (not on every row count change, never per frame). A shorter
  // list that clamps the scroll position fires a scroll event, which updates scrollTop.
  const overflows = content > vh;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) onGutter(el.offsetWidth - el.clientWidth);
  }, [overflows, viewH, onGutter]);

  const scrollToRow = useCallback(
    (r: number, align: 'nearest' | 'center' = 'nearest') => {
      const el = scroller.current;
      if (!el || r < 0) return;
      const h = el.clientHeight || vh;
      const top = r * ROW_HEIGHT;
      const cur = Math.min(el.scrollTop * scale, Math.max(0, total - h));
      let want = cur;
      if (align === 'center') {
        if (top < cur || top + ROW_HEIGHT > cur + h) want = top - h / 2 + ROW_HEIGHT / 2;
      } else if (top < cur) want = top;
      else if (top + ROW_HEIGHT > cur + h) want = top + ROW_HEIGHT - h;
      if (want !== cur) {
        el.scrollTop = Math.max(0, want / scale);
        setScrollTop(el.scrollTop);
      }
      // and keep the row on screen when the grid runs past the page's edge (after it renders)
      requestAnimationFrame(() => {
        const box = el.getBoundingClientRect();
        const y = box.top + r * ROW_HEIGHT - Math.min(el.scrollTop * scale, Math.max(0, total - h));
        if (y < 64 || y + ROW_HEIGHT > window.innerHeight) window.scrollBy({ top: y < 64 ? y - 72 : y + ROW_HEIGHT - window.innerHeight + 8 });
      });
    },
    [scale, total, vh],
  );
  useImperativeHandle(ref, () => ({ scrollToRow, focus: () => scroller.current?.focus({ preventScroll: true }) }), [scrollToRow]);

  // horizontal placement: after every render of the rows, and on every zoom (no render)
  const rowsLayer = useRef<HTMLDivElement>(null);
  const zoom = useZoom();
  const wf = useWaterfallStore();
  useLayoutEffect(() => layoutX(rowsLayer.current, zoom.get(), zoom.timelineWidth));
  useEffect(() => wf.subscribe((s, prev) => s.window !== prev.window && layoutX(rowsLayer.current, zoom.get(), zoom.timelineWidth)), [wf, zoom]);

  const pos = m.tm.tree.pos;
  const rowOfSpan = (s: number | null) => (s === null ? -1 : m.rowOf(s));
  const activeRow = rowOfSpan(active);
  const selectedRow = rowOfSpan(selected);

  const rows = [];
  for (let r = first; r < last; r++) {
    const span = m.rows.spans[r];
    const g = m.rows.group[r];
    let matched = false;
    if (m.matches) {
      const k = pos[span];
      matched = m.matches.mask[k] === 1;
      for (let j = 1; j < g && !matched; j++) matched = m.matches.mask[k + j] === 1;
    }
    rows.push(<Row key={g > 0 ? `g${span}` : span} m={m} gridId={gridId} r={r} span={span} group={g} top={r * ROW_HEIGHT - anchor} selected={r === selectedRow && (g === 0 || selected === span)} active={r === activeRow} matched={matched} />);
  }

  const move = (r: number) => {
    if (count === 0) return;
    const c = Math.max(0, Math.min(count - 1, r));
    onActive(m.rows.spans[c]);
    scrollToRow(c);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = activeRow >= 0 ? activeRow : selectedRow >= 0 ? selectedRow : -1;
    const page = Math.max(1, Math.floor(vh / ROW_HEIGHT) - 1);
    const span = at >= 0 ? m.rows.spans[at] : -1;
    const g = at >= 0 ? m.rows.group[at] : 0;
    const key = e.key;
    let handled = true;
    if (key === 'ArrowDown' || key === 'j') move(at + 1);
    else if (key === 'ArrowUp' || key === 'k') move(at < 0 ? 0 : at - 1);
    else if (key === 'PageDown') move(at + page);
    else if (key === 'PageUp') move(at - page);
    else if (key === 'Home') move(0);
    else if (key === 'End') move(count - 1);
    else if ((key === 'ArrowRight' || key === 'ArrowLeft') && !e.shiftKey) {
      if (at < 0) move(0);
      else if (key === 'ArrowRight') {
        if (m.matchesOnly) move(at + 1);
        else if (g > 0 || m.collapsed.has(span)) m.toggle(span, g);
        else if (m.cols.firstChild[span] !== -1) move(at + 1);
      } else {
        const hasKids = m.cols.firstChild[span] !== -1;
        if (!m.matchesOnly && g === 0 && hasKids && !m.collapsed.has(span)) m.toggle(span, 0);
        else {
          const p = m.cols.parent[span];
          const pr = rowOfSpan(p);
          if (pr >= 0) move(pr);
        }
      }
    } else if (key === 'Enter') {
      if (at >= 0) m.select(span);
      else move(0);
    } else if (key === ' ') {
      if (at >= 0 && !m.matchesOnly && (g > 0 || m.cols.firstChild[span] !== -1)) m.toggle(span, g);
    } else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const timelineBox = () => {
    const el = scroller.current;
    if (!el) return null;
    const rect = el.getBoundingClientRect();
    const left = rect.left + labelWidth + durWidth;
    return { left, width: Math.max(1, rect.left + el.clientWidth - left) };
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'touch') {
      pointers.current.set(e.pointerId, e.clientX);
      if (pointers.current.size === 2) {
        const [a, b] = [...pointers.current.values()];
        pinchDist.current = Math.abs(a - b);
      }
      return;
    }
    if (e.button !== 0 || (e.target as HTMLElement).closest('button')) return;
    const box = timelineBox();
    if (!box || e.clientX < box.left) return;
    drag.current = { x0: e.clientX, left: box.left, width: box.width, moved: false, id: e.pointerId };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'touch' && pointers.current.has(e.pointerId)) {
      pointers.current.set(e.pointerId, e.clientX);
      if (pointers.current.size === 2 && pinchDist.current > 0) {
        const [a, b] = [...pointers.current.values()];
        const d = Math.abs(a - b);
        const box = timelineBox();
        if (d > 0 && box) {
          onPinch(pinchDist.current / d, Math.max(0, Math.min(1, ((a + b) / 2 - box.left) / box.width)));
          pinchDist.current = d;
        }
      }
      return;
    }
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    if (!d.moved && Math.abs(e.clientX - d.x0) < 5) return;
    if (!d.moved) {
      d.moved = true;
      e.currentTarget.setPointerCapture(e.pointerId);
    }
    const f = (x: number) => Math.max(0, Math.min(1, (x - d.left) / d.width));
    setBrush({ a: f(Math.min(d.x0, e.clientX)), b: f(Math.max(d.x0, e.clientX)) });
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'touch') {
      pointers.current.delete(e.pointerId);
      if (pointers.current.size < 2) pinchDist.current = 0;
      return;
    }
    const d = drag.current;
    drag.current = null;
    if (!d || !d.moved) return;
    suppressClick.current = true;
    const f = (x: number) => Math.max(0, Math.min(1, (x - d.left) / d.width));
    const a = f(Math.min(d.x0, e.clientX));
    const b = f(Math.max(d.x0, e.clientX));
    setBrush(null);
    if (b - a > 0.002) onBrush(a, b);
  };

  // small traces get a short body; big ones fill the height the waterfall was given
  const style = { '--wf-label': `${labelWidth}px`, '--wf-dur': `${durWidth}px`, height: `min(var(--wf-body-h), ${Math.max(count, 5) * ROW_HEIGHT + 2}px)` } as CSSProperties;
  return (
    <div className="sm-wf-body" style={style}>
      <GridLines />
      <div
        ref={scroller}
        id={gridId}
        className="sm-wf-scroller"
        role="treegrid"
        aria-label={label}
        aria-rowcount={count}
        aria-multiselectable={false}
        aria-activedescendant={activeRow >= first && activeRow < last ? rowId(gridId, m.rows.spans[activeRow], m.rows.group[activeRow]) : undefined}
        tabIndex={0}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (active === null || activeRow < 0) {
            const r = selectedRow >= 0 ? selectedRow : first < count ? Math.max(first, Math.min(count - 1, Math.ceil(vTop / ROW_HEIGHT))) : -1;
            if (r >= 0) onActive(m.rows.spans[r]);
          }
        }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          drag.current = null;
          pointers.current.clear();
          setBrush(null);
        }}
        onClickCapture={(e) => {
          if (suppressClick.current) {
            suppressClick.current = false;
            e.stopPropagation();
          }
        }}
      >
        <div className="sm-wf-spacer" style={{ height: Math.max(content, 1) }}>
          <div ref={rowsLayer} className="sm-wf-rows" style={{ transform: `translateY(${anchor - shift}px)` }}>
            {rows}
            <Connectors m={m} first={first} last={last} anchor={anchor} />
          </div>
        </div>
      </div>
      {brush && <div className="sm-wf-brush" style={{ left: `calc(var(--wf-label) + var(--wf-dur) + (100% - var(--wf-label) - var(--wf-dur)) * ${brush.a})`, width: `calc((100% - var(--wf-label) - var(--wf-dur)) * ${brush.b - brush.a})` }} aria-hidden="true" />}
      {count === 0 && <p className="sm-wf-empty">No spans match the search and filters.</p>}
    </div>
  );
});

/** Vertical lines at the axis ticks, behind the rows. */
const GridLines = memo(function GridLines() {
  const { win, ticks } = useZoomWindow();
  const width = useZoom().timelineWidth;
  return (
    <div className="sm-wf-grid-lines" aria-hidden="true">
      {ticks.map((t) => (
        <span key={t} style={{ left: Math.round(((t - win.start) / (win.end - win.start)) * width) }} />
      ))}
    </div>
  );
});

/** Dashed (hand-off) and dotted (link) elbows from the end of one span to the start of another. */
const Connectors = memo(function Connectors({ m, first, last, anchor }: { m: ChartModel; first: number; last: number; anchor: number }) {
  const conns = useMemo(() => connectorsIn(m, first, last), [m, first, last]);
  const { timing } = m;
  return (
    <div className="sm-wf-conns" aria-hidden="true" data-testid="connectors">
      {conns.map((c) => {
        const ta = timing.start[c.from] + timing.duration[c.from];
        const tb = timing.start[c.to];
        const ya = c.ra * ROW_HEIGHT + ROW_HEIGHT / 2 - anchor;
        const yb = c.rb * ROW_HEIGHT + ROW_HEIGHT / 2 - anchor;
        const down = yb > ya;
        const y0 = ya + (down ? 8 : -8);
        return (
          <div key={`${c.type}${c.from}-${c.to}`} className={`sm-wf-conn sm-wf-conn--${c.type}`} data-conn={c.type} data-from={c.from} data-to={c.to}>
            <span className="sm-wf-x sm-wf-conn__v" data-t0={ta} style={{ top: Math.min(y0, yb), height: Math.abs(yb - y0) }} />
            <span className="sm-wf-x sm-wf-conn__h" data-t0={Math.min(ta, tb)} data-t1={Math.max(ta, tb)} style={{ top: yb }} />
            <span className={`sm-wf-x sm-wf-conn__arrow${tb >= ta ? '' : ' sm-wf-conn__arrow--left'}`} data-t0={tb} style={{ top: yb }} />
          </div>
        );
      })}
    </div>
  );
});
