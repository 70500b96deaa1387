/**
 * The loaded traces as a windowed list (only the visible rows are in the DOM, so 100k traces are
 * fine). Clicking a row or moving with the arrow keys selects that trace for the views.
 */
import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { DatasetView, ViewTrace } from '../../state/index.ts';
import { useViewer } from '../../state/index.ts';
import { Truncate } from '../../ui/Truncate.tsx';
import { formatCount } from '../../ui/format.ts';
import { formatDuration } from '../../core/lib/time.ts';
import { formatEpoch } from './labels.ts';
import './summary.css';

const ROW_HEIGHT = 34;
const HEAD_HEIGHT = 30;
const MAX_VISIBLE_ROWS = 12;
const OVERSCAN = 6;

type SortKey = 'loaded' | 'start' | 'spans' | 'duration' | 'errors';
const SORTS: { key: SortKey; label: string }[] = [
  { key: 'loaded', label: 'Load order' },
  { key: 'start', label: 'Start' },
  { key: 'duration', label: 'Duration' },
  { key: 'spans', label: 'Spans' },
  { key: 'errors', label: 'Errors' },
];

function sortTraces(traces: readonly ViewTrace[], key: SortKey): Int32Array {
  const idx = new Int32Array(traces.length);
  for (let k = 0; k < idx.length; k++) idx[k] = k;
  if (key === 'loaded') return idx;
  const cmp = (a: number, b: number): number => {
    const x = traces[a];
    const y = traces[b];
    switch (key) {
      case 'start':
        return x.epochNs < y.epochNs ? -1 : x.epochNs > y.epochNs ? 1 : a - b;
      case 'duration':
        return y.durationNs - x.durationNs || a - b;
      case 'spans':
        return y.spanCount - x.spanCount || a - b;
      case 'errors':
        return y.errorCount - x.errorCount || a - b;
    }
  };
  return idx.sort(cmp);
}

export function TraceList({ view }: { view: DatasetView }) {
  const selected = useViewer((s) => s.selectedTrace);
  const selectTrace = useViewer((s) => s.selectTrace);
  const [sort, setSort] = useState<SortKey>('loaded');
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const order = useMemo(() => sortTraces(view.traces, sort), [view, sort]);
  const position = useMemo(() => {
    const pos = new Int32Array(order.length);
    order.forEach((t, k) => (pos[t] = k));
    return pos;
  }, [order]);

  const count = order.length;
  const height = HEAD_HEIGHT + Math.min(count, MAX_VISIBLE_ROWS) * ROW_HEIGHT;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows: number[] = [];
  for (let k = first; k < last; k++) rows.push(order[k]);
  const listId = `sm-traces-${view.viewer}`;

  const moveTo = (k: number) => {
    const clamped = Math.max(0, Math.min(count - 1, k));
    const t = order[clamped];
    selectTrace(t);
    const el = scroller.current;
    if (el) {
      // row k spans [HEAD + k·ROW, HEAD + (k+1)·ROW) of the content; the sticky head covers the top HEAD px
      const top = clamped * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (HEAD_HEIGHT + top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = HEAD_HEIGHT + top + ROW_HEIGHT - el.clientHeight;
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const at = selected === null ? -1 : position[selected];
    const page = Math.max(1, MAX_VISIBLE_ROWS - 1);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: count - 1 };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]);
    }
  };

  return (
    <section className="sm-panel" aria-labelledby="sm-traces-h" data-testid="trace-list">
      <div className="sm-panel__head">
        <h2 id="sm-traces-h" className="sm-panel__title">
          Traces <span className="sm-panel__count">{formatCount(count)}</span>
        </h2>
        <div className="sm-sort" role="group" aria-label="Sort traces by">
          {SORTS.map((s) => (
            <button key={s.key} type="button" className={s.key === sort ? 'sm-sort__btn sm-sort__btn--on' : 'sm-sort__btn'} aria-pressed={s.key === sort} onClick={() => setSort(s.key)}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      <div
        ref={scroller}
        id={listId}
        className="sm-tracelist sm-focus"
        style={{ height }}
        role="listbox"
        aria-label="Traces"
        tabIndex={0}
        aria-activedescendant={selected !== null ? `${listId}-${selected}` : undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div className="sm-tracelist__head" style={{ height: HEAD_HEIGHT }} aria-hidden="true">
          <span>Trace ID</span>
          <span>Root service · span</span>
          <span className="sm-num">Spans</span>
          <span className="sm-num">Errors</span>
          <span className="sm-num">Duration</span>
          <span>Start (UTC)</span>
        </div>
        <div style={{ height: count * ROW_HEIGHT, position: 'relative' }}>
          {rows.map((t) => {
            const tr = view.traces[t];
            const on = t === selected;
            return (
              <div
                key={t}
                id={`${listId}-${t}`}
                role="option"
                aria-selected={on}
                className={on ? 'sm-tracelist__row sm-tracelist__row--on' : 'sm-tracelist__row'}
                style={{ top: position[t] * ROW_HEIGHT, height: ROW_HEIGHT }}
                onClick={() => selectTrace(t)}
                data-trace-id={tr.id}
              >
                <span className="sm-mono sm-tracelist__id">
                  <Truncate text={tr.id} max={32} />
                </span>
                <span className="sm-tracelist__root">
                  <Truncate text={tr.rootService} max={28} empty="(unknown service)" />
                  <span className="sm-muted"> · </span>
                  <Truncate text={tr.rootName} max={60} empty="(no name)" />
                </span>
                <span className="sm-num">{formatCount(tr.spanCount)}</span>
                <span className={tr.errorCount > 0 ? 'sm-num sm-error-text' : 'sm-num sm-muted'}>{tr.errorCount > 0 ? formatCount(tr.errorCount) : '—'}</span>
                <span className="sm-num">{formatDuration(tr.durationNs)}</span>
                <span className="sm-muted sm-nowrap">{formatEpoch(tr.epochNs)}</span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
