/** The waterfall's controls: search, filters, display switches, expand/collapse, legend, links popover and the shortcuts dialog. */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ReactNode, RefObject } from 'react';
import { spanName, spanService, useInboundLinks, useResolvedSpans, useSpanDetails } from '../../state/index.ts';
import type { DatasetView } from '../../state/index.ts';
import { KIND_DISPLAY_ORDER, kindStyle } from '../../ui/kinds.ts';
import { KindGlyph } from '../../ui/KindGlyph.tsx';
import { formatCount } from '../../ui/format.ts';
import type { ServiceColor } from '../shared/colors.ts';
import { useWaterfallStore, useWf } from './context.ts';

/* ------------------------------------------------------------------------------------------ */
/* Search                                                                                       */
/* ------------------------------------------------------------------------------------------ */

export function SearchBox({ id, count, pending, onStep }: { id: string; count: number | null; pending: boolean; onStep(dir: 1 | -1): void }) {
  const store = useWaterfallStore();
  const query = useWf((s) => s.query);
  const cursor = useWf((s) => s.matchCursor);
  const matchesOnly = useWf((s) => s.matchesOnly);
  const [text, setText] = useState(query);
  const [seen, setSeen] = useState(query);
  if (query !== seen) {
    setSeen(query);
    setText(query);
  }
  useEffect(() => {
    if (text === query) return;
    const t = setTimeout(() => store.getState().setQuery(text), 220);
    return () => clearTimeout(t);
  }, [text, query, store]);

  const active = query.trim() !== '';
  const status = !active ? '' : count === null ? 'searching…' : count === 0 ? 'no matches' : cursor >= 0 ? `${formatCount(cursor + 1)} of ${formatCount(count)}` : `${formatCount(count)} ${count === 1 ? 'match' : 'matches'}`;
  return (
    <div className="sm-wf-search" role="search" aria-label="Search the waterfall">
      <svg className="sm-wf-search__icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input
        id={id}
        type="search"
        className="sm-wf-search__input"
        placeholder="Search: name, service, key=value, kind:client, error"
        aria-label="Search spans"
        aria-describedby={`${id}-status`}
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (text !== query) store.getState().setQuery(text);
            else onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            if (text) {
              setText('');
              store.getState().setQuery('');
            } else e.currentTarget.blur();
          }
        }}
      />
      <span id={`${id}-status`} className={`sm-wf-search__status${pending ? ' sm-wf-search__status--pending' : ''}`} aria-live="polite" data-testid="search-status">
        {status}
      </span>
      <button type="button" className="sm-wf-iconbtn" aria-label="Previous match" title="Previous match (Shift+Enter, N)" disabled={!count} onClick={() => onStep(-1)}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 10l4-4 4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <button type="button" className="sm-wf-iconbtn" aria-label="Next match" title="Next match (Enter, n)" disabled={!count} onClick={() => onStep(1)}>
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <label className="sm-wf-check">
        <input type="checkbox" checked={matchesOnly} onChange={(e) => store.getState().setMatchesOnly(e.currentTarget.checked)} />
        Matches only
      </label>
    </div>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Popover (filters, links)                                                                    */
/* ------------------------------------------------------------------------------------------ */

function usePopoverDismiss(open: boolean, ref: RefObject<HTMLElement | null>, close: () => void, ignore?: RefObject<HTMLElement | null>) {
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (ref.current?.contains(t) || ignore?.current?.contains(t)) return;
      close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      }
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [open, ref, close, ignore]);
}

export function Filters({ counts, serviceColors }: { counts: { services: Map<string, number>; kinds: number[] }; serviceColors: ReadonlyMap<string, ServiceColor> }) {
  const store = useWaterfallStore();
  const services = useWf((s) => s.services);
  const kinds = useWf((s) => s.kinds);
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  const close = useMemo(() => () => setOpen(false), []);
  usePopoverDismiss(open, panel, close, button);
  const allServices = [...counts.services.keys()];
  const shownService = (s: string) => services.length === 0 || services.includes(s);
  const shownKind = (k: number) => kinds.length === 0 || kinds.includes(k);
  /** How many filters are on (services, kinds). */
  const active = (services.length > 0 ? 1 : 0) + (kinds.length > 0 ? 1 : 0);

  const toggleService = (s: string) => {
    const cur = services.length === 0 ? allServices : services;
    const next = cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s];
    if (next.length === 0) return; // keep at least one service shown
    store.getState().setServices(allServices.every((x) => next.includes(x)) ? [] : next);
  };
  const toggleKind = (k: number) => {
    const all = KIND_DISPLAY_ORDER.filter((x) => counts.kinds[x] > 0);
    const cur = kinds.length === 0 ? all : kinds;
    const next = cur.includes(k) ? cur.filter((x) => x !== k) : [...cur, k];
    if (next.length === 0) return;
    store.getState().setKinds(all.every((x) => next.includes(x)) ? [] : next);
  };

  return (
    <div className="sm-wf-popwrap">
      <button ref={button} type="button" className={`sm-btn sm-wf-btn${active ? ' sm-wf-btn--on' : ''}`} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        <svg viewBox="0 0 16 16" aria-hidden="true" className="sm-wf-btn__icon">
          <path d="M2 3h12l-4.5 5.5V13l-3-1.5V8.5z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
        </svg>
        Filter{active ? ` (${active})` : ''}
      </button>
      {open && (
        <div ref={panel} id={id} className="sm-wf-popover sm-wf-filters" role="dialog" aria-label="Filter spans by kind and service">
          <fieldset>
            <legend>Span kinds</legend>
            {KIND_DISPLAY_ORDER.map((k) => (
              <label key={k} className={`sm-wf-filter${counts.kinds[k] === 0 ? ' sm-wf-filter--zero' : ''}`}>
                <input type="checkbox" checked={shownKind(k)} disabled={counts.kinds[k] === 0} onChange={() => toggleKind(k)} />
                <KindGlyph kind={k} size="sm" />
                <span className="sm-wf-filter__name">{kindStyle(k).name}</span>
                <span className="sm-wf-filter__count">{formatCount(counts.kinds[k])}</span>
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Services</legend>
            <div className="sm-wf-filters__services">
              {allServices.map((s) => (
                <label key={s} className="sm-wf-filter">
                  <input type="checkbox" checked={shownService(s)} onChange={() => toggleService(s)} />
                  <span className="sm-wf-dot" style={{ background: serviceColors.get(s)?.color }} aria-hidden="true" />
                  <span className="sm-wf-filter__name" title={s}>
                    {s || 'unknown service'}
                  </span>
                  <span className="sm-wf-filter__count">{formatCount(counts.services.get(s) ?? 0)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="sm-wf-popover__foot">
            <button
              type="button"
              className="sm-btn sm-btn--quiet"
              disabled={active === 0}
              onClick={() => {
                store.getState().setServices([]);
                store.getState().setKinds([]);
              }}
            >
              Show all
            </button>
            <button type="button" className="sm-btn" onClick={close}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Legend                                                                                      */
/* ------------------------------------------------------------------------------------------ */

export function Legend({ kinds, services, colorBy, serviceColors }: { kinds: number[]; services: string[]; colorBy: 'kind' | 'service'; serviceColors: ReadonlyMap<string, ServiceColor> }) {
  const shown = services.slice(0, 14);
  return (
    <div className="sm-wf-legend" data-testid="legend" aria-label="Legend" role="group">
      {colorBy === 'kind' ? (
        <ul className="sm-wf-legend__list" aria-label="Span kinds">
          {KIND_DISPLAY_ORDER.map((k) => {
            const ks = kindStyle(k);
            return (
              <li key={k} className={kinds[k] === 0 ? 'sm-wf-legend__item sm-wf-legend__item--zero' : 'sm-wf-legend__item'} data-kind={ks.name}>
                <span className="sm-wf-legend__bar" style={{ background: ks.color, color: ks.ink }} aria-hidden="true">
                  {ks.glyph}
                </span>
                {ks.name}
                <span className="sm-wf-legend__count">{formatCount(kinds[k])}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <ul className="sm-wf-legend__list" aria-label="Services">
          {shown.map((s) => (
            <li key={s} className="sm-wf-legend__item" data-service={s}>
              <span className="sm-wf-legend__bar" style={{ background: serviceColors.get(s)?.color }} aria-hidden="true" />
              <span className="sm-wf-legend__svc" title={s}>
                {s || 'unknown service'}
              </span>
            </li>
          ))}
          {services.length > shown.length && <li className="sm-wf-legend__item sm-muted">+{services.length - shown.length} more</li>}
        </ul>
      )}
      <ul className="sm-wf-legend__list sm-wf-legend__keys" aria-label="Marks">
        <li className="sm-wf-legend__item">
          <span className="sm-wf-legend__client" aria-hidden="true">
            <span />
          </span>
          CLIENT: server time / network &amp; queueing
        </li>
        <li className="sm-wf-legend__item">
          <span className="sm-wf-legend__crit" aria-hidden="true" />
          critical path
        </li>
        <li className="sm-wf-legend__item">
          <span className="sm-wf-legend__conn sm-wf-legend__conn--handoff" aria-hidden="true" />
          producer → consumer
        </li>
        <li className="sm-wf-legend__item">
          <span className="sm-wf-legend__conn sm-wf-legend__conn--link" aria-hidden="true" />
          span link
        </li>
        <li className="sm-wf-legend__item">
          <span className="sm-wf-err" aria-hidden="true">
            !
          </span>
          error
        </li>
      </ul>
    </div>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Links popover                                                                               */
/* ------------------------------------------------------------------------------------------ */

function SpanButton({ view, span, traceIndex, onGo, children }: { view: DatasetView; span: number; traceIndex: number; onGo(span: number): void; children?: ReactNode }) {
  const kind = view.columns.kind[span];
  const otherTrace = view.columns.trace[span] !== traceIndex;
  return (
    <button type="button" className="sm-wf-linkitem" onClick={() => onGo(span)} data-target={span}>
      <KindGlyph kind={kind} size="sm" />
      <span className="sm-wf-linkitem__svc">{spanService(view, span) || 'unknown service'}</span>
      <span className="sm-wf-linkitem__name">{spanName(view, span) || '(no name)'}</span>
      {otherTrace && <span className="sm-wf-linkitem__trace">trace {view.traces[view.columns.trace[span]].id.slice(0, 8)}…</span>}
      {children}
    </button>
  );
}

export function LinksPopover({ view, span, top, left, onGo, onClose }: { view: DatasetView; span: number; top: number; left: number; onGo(span: number): void; onClose(): void }) {
  const panel = useRef<HTMLDivElement>(null);
  usePopoverDismiss(true, panel, onClose);
  const details = useSpanDetails(span);
  const refs = useMemo(() => (details.data?.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })), [details.data]);
  const resolved = useResolvedSpans(refs);
  const inbound = useInboundLinks(span);
  const t = view.columns.trace[span];
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('button')?.focus();
  }, [resolved.data, inbound.data]);
  const out = details.data?.links ?? [];
  return (
    <div ref={panel} className="sm-wf-popover sm-wf-links" role="dialog" aria-label={`Links of ${spanName(view, span)}`} style={{ top, left }} data-testid="links-popover">
      <div className="sm-wf-links__head">
        <strong>Span links</strong>
        <button type="button" className="sm-wf-iconbtn" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <section aria-label="Links from this span">
        <h3 className="sm-wf-links__title">From this span ({out.length})</h3>
        {out.length === 0 && <p className="sm-muted sm-wf-links__none">None.</p>}
        <ul>
          {out.map((l, k) => {
            const target = resolved.data?.[k] ?? -1;
            return (
              <li key={k} data-direction="out">
                {target >= 0 ? (
                  <SpanButton view={view} span={target} traceIndex={t} onGo={onGo} />
                ) : (
                  <span className="sm-wf-linkitem sm-wf-linkitem--missing" title={`trace ${l.traceId}, span ${l.spanId}`}>
                    {resolved.isPending ? 'resolving…' : 'not loaded'} <span className="sm-mono">{l.spanId.slice(0, 16)}</span>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-label="Links to this span">
        <h3 className="sm-wf-links__title">To this span ({inbound.data?.total ?? '…'})</h3>
        {inbound.data?.total === 0 && <p className="sm-muted sm-wf-links__none">None among the loaded spans.</p>}
        <ul>
          {(inbound.data?.links ?? []).map((l, k) => (
            <li key={k} data-direction="in">
              <SpanButton view={view} span={l.span} traceIndex={t} onGo={onGo} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Shortcuts                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** The keys (alternatives) and what they do. */
export const SHORTCUTS: readonly { keys: readonly string[]; what: string }[] = [
  { keys: ['↓', 'j'], what: 'next row' },
  { keys: ['↑', 'k'], what: 'previous row' },
  { keys: ['Page Down', 'Page Up'], what: 'a page down / up' },
  { keys: ['Home', 'End'], what: 'first / last row' },
  { keys: ['→'], what: 'expand the row, or go to its first child' },
  { keys: ['←'], what: 'collapse the row, or go to its parent' },
  { keys: ['Space'], what: 'collapse or expand the row' },
  { keys: ['Enter'], what: 'select the row and show its details' },
  { keys: ['/'], what: 'search' },
  { keys: ['n', 'N'], what: 'next / previous match (Enter / Shift+Enter in the search box)' },
  { keys: ['+', '−'], what: 'zoom in / out' },
  { keys: ['Shift+←', 'Shift+→'], what: 'pan the time window' },
  { keys: ['z'], what: 'zoom to the selected span' },
  { keys: ['0'], what: 'reset zoom' },
  { keys: ['Ctrl+wheel'], what: 'zoom at the pointer (or pinch); Shift+wheel pans; drag across the timeline to zoom to a range' },
  { keys: ['Esc'], what: 'close a popup, or clear the selection' },
  { keys: ['?'], what: 'this list' },
];

export function HelpDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="sm-wf-help" aria-labelledby="sm-wf-help-h" onClose={onClose} onCancel={onClose} data-testid="shortcuts">
      <div className="sm-wf-help__head">
        <h2 id="sm-wf-help-h">Keyboard shortcuts</h2>
        <button type="button" className="sm-wf-iconbtn" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <table className="sm-wf-help__table">
        <tbody>
          {SHORTCUTS.map(({ keys, what }) => (
            <tr key={what}>
              <th scope="row">
                {keys.map((k, j) => (
                  <span key={k}>
                    {j > 0 && <span className="sm-wf-help__or"> or </span>}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
