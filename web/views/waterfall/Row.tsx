/**
 * One waterfall row: the tree cell (toggle, kind glyph, service, name, marks), the duration, and
 * the bar. The bar and its segments carry their times (data-t0/t1, ns from the trace epoch) and are
 * placed by layoutX (layout-x.ts) after render and on zoom, so zooming never renders the rows.
 * The timeline cell also states the bar's facts as text and data attributes (assistive technology, tests).
 */
import { memo } from 'react';
import { spanName, spanService } from '../../state/index.ts';
import { kindStyle } from '../../ui/kinds.ts';
import { KindGlyph } from '../../ui/KindGlyph.tsx';
import { formatDuration } from '../../core/lib/time.ts';
import type { ChartModel } from './context.ts';
import { coalesce } from './model.ts';

export const ROW_HEIGHT = 26;
const INDENT = 14;

export function rowId(gridId: string, span: number, group: number): string {
  return `${gridId}-${group > 0 ? 'g' : 'r'}${span}`;
}

export function formatSigned(ns: number): string {
  return `${ns >= 0 ? '+' : '−'}${formatDuration(Math.abs(ns))}`;
}

/** Width of the "adjusted by …" note in pixels (it is placed beside the bar without measuring). */
function skewLabelWidth(delta: number): number {
  return Math.ceil(14 + (12 + formatSigned(delta).length) * 6.3);
}

/** The accessible name of a row: "<service> <span name> <KIND>". */
export function rowLabel(m: ChartModel, span: number): string {
  return `${spanService(m.view, span) || 'unknown service'} ${spanName(m.view, span) || '(no name)'} ${kindStyle(m.cols.kind[span]).name}`;
}

interface RowProps {
  m: ChartModel;
  gridId: string;
  /** Row index in the row model. */
  r: number;
  span: number;
  group: number;
  top: number;
  selected: boolean;
  active: boolean;
  matched: boolean;
}

export const Row = memo(function Row({ m, gridId, r, span, group, top, selected, active, matched }: RowProps) {
  const { cols, timing, view } = m;
  const kind = cols.kind[span];
  const ks = kindStyle(kind);
  const service = spanService(view, span);
  const name = spanName(view, span);
  const depth = cols.depth[span];
  const error = cols.status[span] === 2;
  const hasKids = cols.firstChild[span] !== -1;
  const isGroup = group > 0;
  const canToggle = !m.matchesOnly && (isGroup || hasKids);
  const expanded = isGroup ? false : hasKids ? !m.collapsed.has(span) : undefined;
  const svcColor = m.serviceColors.get(service);
  const fill = m.colorBy === 'service' && svcColor ? svcColor.color : ks.color;
  const ink = m.colorBy === 'service' && svcColor ? svcColor.ink : ks.ink;
  const delta = m.timing.delta?.get(span);
  const links = m.links.get(span);
  const linkTotal = links ? links.out + links.in : 0;

  let start = timing.start[span];
  let end = start + timing.duration[span];
  let duration = timing.duration[span];
  let runErrors = 0;
  let mean = 0;
  if (isGroup) {
    const ext = m.run(span, group);
    start = ext.start;
    end = ext.end;
    duration = end - start;
    runErrors = ext.errors;
    mean = ext.mean;
  }
  const coverage = isGroup ? null : m.coverage(span);
  const critRaw = !isGroup && m.critical ? m.critical.get(span) : undefined;
  const crit = critRaw ? coalesce(critRaw, duration) : undefined;
  const covered = coverage ? coalesce(coverage.covered, duration) : undefined;

  const cls = ['sm-wf-row'];
  if (selected) cls.push('sm-wf-row--selected');
  if (active) cls.push('sm-wf-row--active');
  if (matched) cls.push('sm-wf-row--match');
  if (error || runErrors > 0) cls.push('sm-wf-row--error');
  if (isGroup) cls.push('sm-wf-row--group');

  const label = isGroup ? `${rowLabel(m, span)}, ${group} similar spans folded` : rowLabel(m, span);
  const title = `${service || 'unknown service'} · ${name || '(no name)'}\n${ks.name} · ${formatDuration(duration)}${error ? ' · ERROR' : ''}${coverage ? `\nserver ${formatDuration(coverage.coveredNs)}, network and queueing ${formatDuration(Math.max(0, duration - coverage.coveredNs))}` : ''}${delta ? `\nclock skew: adjusted by ${formatSigned(delta)}` : ''}`;

  return (
    <div
      role="row"
      id={rowId(gridId, span, group)}
      className={cls.join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      aria-rowindex={r + 1}
      aria-level={depth + 1}
      aria-expanded={canToggle ? expanded : undefined}
      aria-selected={selected}
      aria-label={label}
      data-span={span}
      data-kind={ks.name}
      data-group={isGroup ? group : undefined}
      data-row={r}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('button')) return;
        m.select(span);
      }}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).closest('button')) return;
        if (canToggle) m.toggle(span, group);
      }}
    >
      <div role="gridcell" className="sm-wf-cell sm-wf-cell--name" style={{ paddingLeft: 6 + Math.min(depth, 24) * INDENT }}>
        {canToggle ? (
          <button type="button" tabIndex={-1} className="sm-wf-toggle" aria-label={isGroup ? `Unfold ${group} spans` : expanded ? 'Collapse' : 'Expand'} onClick={() => m.toggle(span, group)}>
            <span className={expanded ? 'sm-wf-toggle__icon sm-wf-toggle__icon--open' : 'sm-wf-toggle__icon'} aria-hidden="true" />
          </button>
        ) : (
          <span className="sm-wf-toggle sm-wf-toggle--none" aria-hidden="true" />
        )}
        <KindGlyph kind={kind} size="sm" />
        {isGroup && <span className="sm-wf-fold">×{group}</span>}
        <span className="sm-wf-svc" title={service}>
          {m.colorBy === 'service' && <span className="sm-wf-svc__dot" style={{ background: fill }} aria-hidden="true" />}
          {service || <span className="sm-muted">unknown</span>}
        </span>
        <span className="sm-wf-name" title={name}>
          {name || <span className="sm-muted">(no name)</span>}
        </span>
        {(error || runErrors > 0) && (
          <span className="sm-wf-err" title={isGroup ? `${runErrors} of ${group} with status ERROR` : 'Status ERROR'} role="img" aria-label="error">
            !
          </span>
        )}
        {delta !== undefined && (
          <span className="sm-wf-skewmark" title={`Clock-skew correction moved this span by ${formatSigned(delta)}`} aria-hidden="true">
            Δ
          </span>
        )}
        {linkTotal > 0 && links && (
          <button
            type="button"
            tabIndex={-1}
            className="sm-wf-linkbtn"
            aria-label={`Links: ${links.out} out, ${links.in} in`}
            title={`Span links: ${links.out} from this span, ${links.in} to it`}
            aria-haspopup="dialog"
            onClick={(e) => m.openLinks(span, e.currentTarget)}
          >
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.6 2.6 0 013.7 3.7L10.7 8.2M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
            {links.out > 0 && <span>{links.out}→</span>}
            {links.in > 0 && <span>←{links.in}</span>}
          </button>
        )}
      </div>
      <div role="gridcell" className="sm-wf-cell sm-wf-cell--dur">
        {isGroup ? `avg ${formatDuration(mean)}` : formatDuration(duration)}
      </div>
      <div
        role="gridcell"
        className="sm-wf-cell sm-wf-cell--bar"
        title={title}
        data-start={start}
        data-end={end}
        data-covered={covered?.join(' ')}
        data-critical={crit ? crit.join(' ') : undefined}
        data-error={error || runErrors > 0 ? '' : undefined}
      >
        {delta !== undefined && <span className="sm-wf-x sm-wf-ghost" data-t0={cols.start[span]} data-t1={cols.start[span] + duration} data-min={2} aria-hidden="true" />}
        <span className={`sm-wf-x sm-wf-bar${coverage ? ' sm-wf-bar--network' : ''}${isGroup ? ' sm-wf-bar--run' : ''}${error || runErrors > 0 ? ' sm-wf-bar--error' : ''}`} data-t0={start} data-t1={end} data-min={2} data-bar={ks.name} style={{ backgroundColor: fill }} aria-hidden="true" />
        {covered?.map((t, j) => (j % 2 === 0 ? <span key={j} className="sm-wf-x sm-wf-covered" data-t0={t} data-t1={covered[j + 1]} data-min={1} style={{ backgroundColor: fill }} aria-hidden="true" /> : null))}
        {crit?.map((t, j) => (j % 2 === 0 ? <span key={`c${j}`} className="sm-wf-x sm-wf-crit" data-t0={t} data-t1={crit[j + 1]} data-min={1} aria-hidden="true" /> : null))}
        <span className="sm-wf-x sm-wf-glyph" data-t0={start} data-t1={end} data-glyph="" style={{ color: ink }} aria-hidden="true">
          {ks.glyph}
        </span>
        {delta !== undefined && (
          <span className="sm-wf-x sm-wf-skew" data-t0={start} data-t1={end} data-label="" data-w={skewLabelWidth(delta)} title="Moved by clock-skew correction: kind-aware, a SERVER that sticks out of its CLIENT is centred in it">
            adjusted by {formatSigned(delta)}
          </span>
        )}
      </div>
    </div>
  );
});
