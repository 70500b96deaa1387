/**
 * Everything about one span: its kind and how to read its duration, status, exact timing, typed
 * attributes (filter, copy), events on a mini timeline, links both ways (navigable), flags, load
 * warnings, span-kind diagnostics, resource, scope and the raw record as OTLP/JSON.
 *
 * Trace data is untrusted: it is rendered as React text only, never as HTML and never as a link.
 */
import { byId } from '../shared/dom.ts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useInboundLinks, useResolvedSpans, useSpanDetails, useSpanDiagnostics, useViewer, useViewerStore, spanName, spanService } from '../../state/index.ts';
import type { DatasetView, SpanDetails } from '../../state/index.ts';
import { KindGlyph } from '../../ui/KindGlyph.tsx';
import { truncateText } from '../../ui/Truncate.tsx';
import { formatCount, plural } from '../../ui/format.ts';
import { formatDuration } from '../../core/lib/time.ts';
import { SpanKind } from '../../core/model/types.ts';
import type { SpanEvent } from '../../core/model/types.ts';
import { KIND_TEXT } from './kind-text.ts';
import { addNs, eventPosition, exactNs, flagTexts, formatOffset, formatUnixNsUtc } from './format.ts';
import { otlpSpanJson } from './otlp.ts';
import { AttributeTable } from './AttributeTable.tsx';
import { CopyButton, CopyProvider } from './copy.tsx';
import { LongText } from './LongText.tsx';
import './details.css';

/** Events listed before a "show all" button. */
const EVENTS_SHOWN = 200;

const UNKNOWN_SERVICE = '(unknown service)';

type Navigate = (span: number) => void;

export interface SpanDetailsPanelProps {
  /** The span to show (a span index of the viewer's current dataset), or null for none. */
  span: number | null;
}

/**
 * The details of `span`, as a labelled region ("Span details: <service> <name>"). Reads the nearest
 * viewer; linked, parent and related spans are buttons that select that span in the viewer.
 */
export function SpanDetailsPanel({ span }: SpanDetailsPanelProps) {
  const query = useSpanDetails(span);
  const store = useViewerStore();
  // While the next span loads, keep showing the last one (marked busy) instead of collapsing.
  const [shown, setShown] = useState<SpanDetails | null>(null);
  if (query.data && query.data !== shown) setShown(query.data);
  const focusTitle = useRef(false);
  const navigate = useCallback<Navigate>(
    (i) => {
      focusTitle.current = true;
      store.getState().selectSpan(i);
    },
    [store],
  );
  const takeFocus = useCallback(() => {
    const f = focusTitle.current;
    focusTitle.current = false;
    return f;
  }, []);

  if (span === null) {
    return (
      <section className="sm-details sm-details--empty" aria-label="Span details" data-testid="span-details">
        <h2 className="sm-details__title">Span details</h2>
        <p className="sm-muted">Select a span to see its details.</p>
      </section>
    );
  }
  if (query.isError) {
    return (
      <section className="sm-details sm-details--empty" aria-label="Span details" data-testid="span-details">
        <h2 className="sm-details__title">Span details</h2>
        <p className="sm-details__error" role="alert">
          Could not read this span: {query.error.message}
        </p>
      </section>
    );
  }
  const d = query.data ?? shown;
  if (!d) {
    return (
      <section className="sm-details sm-details--empty" aria-label="Span details" aria-busy="true" data-testid="span-details">
        <h2 className="sm-details__title">Span details</h2>
        <p className="sm-muted">Loading span details…</p>
      </section>
    );
  }
  return <Details key={d.span} d={d} busy={!query.data} navigate={navigate} takeFocus={takeFocus} />;
}

function Details({ d, busy, navigate, takeFocus }: { d: SpanDetails; busy: boolean; navigate: Navigate; takeFocus: () => boolean }) {
  const view = useViewer((s) => s.view);
  const service = d.resource.serviceName || UNKNOWN_SERVICE;
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After a click on a linked/parent/related span, move focus to the new span's title.
    if (!busy && takeFocus()) title.current?.focus();
  }, [busy, takeFocus]);
  const kindText = KIND_TEXT[d.kind] ?? KIND_TEXT.UNSPECIFIED;
  const id = `sm-details-${d.span}`;
  return (
    <section className="sm-details" aria-label={`Span details: ${truncateText(service, 80)} ${truncateText(d.name, 120)}`} aria-busy={busy || undefined} data-testid="span-details" data-span={d.span}>
      <header className="sm-details__head">
        <div className="sm-details__kindline">
          <KindGlyph kind={SpanKind[d.kind] ?? 0} />
          <span className="sm-details__kind">{d.kind}</span>
          {d.status !== 'UNSET' && <StatusBadge status={d.status} />}
        </div>
        <h2 className="sm-details__title" ref={title} tabIndex={-1}>
          <LongText text={d.name} label="the span name" empty="(no name)" />
        </h2>
        <p className="sm-details__service">
          <span className="sm-muted">service </span>
          <LongText text={d.resource.serviceName} label="the service name" empty={UNKNOWN_SERVICE} className="sm-details__service-name" />
        </p>
      </header>

      <CopyProvider>
        <Section id={`${id}-kind`} title="Kind">
          <p className="sm-details__kindtext" data-testid="kind-meaning">
            <strong>{d.kind}</strong>: {kindText.meaning}; {kindText.duration}.
          </p>
        </Section>

        <Section id={`${id}-status`} title="Status">
          <StatusText d={d} />
        </Section>

        <Section id={`${id}-timing`} title="Timing">
          <dl className="sm-details__facts">
            <Fact label="Start (Unix ns)">
              <span className="sm-mono" data-testid="start-unix-ns">
                {d.startUnixNs}
              </span>
              <CopyButton value={d.startUnixNs} what="the start in Unix nanoseconds" label="Copy start in Unix nanoseconds" />
            </Fact>
            <Fact label="Start (UTC)">
              <span className="sm-mono" data-testid="start-utc">
                {formatUnixNsUtc(d.startUnixNs)}
              </span>
            </Fact>
            <Fact label="In the trace">
              {formatOffset(d.startNs)} <span className="sm-muted">from the trace’s first span</span>
            </Fact>
            <Fact label="Duration">
              {formatDuration(d.durationNs)} <span className="sm-muted">({exactNs(d.durationNs)})</span>
            </Fact>
            <Fact label="End (Unix ns)">
              <span className="sm-mono">{addNs(d.startUnixNs, d.durationNs)}</span>
            </Fact>
            <Fact label="Depth">{d.depth === 0 ? '0 (a root)' : formatCount(d.depth)}</Fact>
            <Fact label="Children">{formatCount(d.childCount)}</Fact>
          </dl>
        </Section>

        <Section id={`${id}-ids`} title="Identity">
          <dl className="sm-details__facts">
            <Fact label="Trace id">
              <LongText className="sm-mono" text={d.traceId} label="the trace id" empty="(none)" />
              <CopyButton value={d.traceId} what="the trace id" label="Copy trace id" />
            </Fact>
            <Fact label="Span id">
              <LongText className="sm-mono" text={d.spanId} label="the span id" empty="(none)" />
              <CopyButton value={d.spanId} what="the span id" label="Copy span id" />
            </Fact>
            <Fact label="Parent">
              {d.parent >= 0 && view ? (
                <SpanButton view={view} span={d.parent} navigate={navigate} />
              ) : d.parentSpanId ? (
                <>
                  <LongText className="sm-mono" text={d.parentSpanId} label="the parent span id" /> <span className="sm-muted">(not loaded)</span>
                </>
              ) : (
                <span className="sm-muted">none: a root span</span>
              )}
            </Fact>
            {d.traceState && (
              <Fact label="Trace state">
                <LongText className="sm-mono" text={d.traceState} label="the trace state" />
              </Fact>
            )}
            <Fact label="File">
              <LongText text={d.file} label="the file name" empty="(unknown)" />
            </Fact>
          </dl>
        </Section>

        <ProblemsSection id={`${id}-problems`} d={d} view={view} navigate={navigate} />

        <Section id={`${id}-attrs`} title="Attributes" count={d.attributes.length}>
          <AttributeTable attributes={d.attributes} owner="span" filterable testId="span-attributes" />
        </Section>

        <Section id={`${id}-events`} title="Events" count={d.events.length}>
          <EventsSection d={d} />
        </Section>

        <LinksSection id={`${id}-links`} d={d} view={view} navigate={navigate} />

        <Section id={`${id}-resource`} title="Resource">
          <dl className="sm-details__facts">
            <Fact label="Service">
              <LongText text={d.resource.serviceName} label="the service name" empty={UNKNOWN_SERVICE} />
            </Fact>
          </dl>
          <AttributeTable attributes={d.resource.attributes} owner="resource" filterable={d.resource.attributes.length > 8} testId="resource-attributes" />
        </Section>

        <Section id={`${id}-scope`} title="Instrumentation scope">
          <dl className="sm-details__facts">
            <Fact label="Name">
              <LongText text={d.scope.name} label="the scope name" empty="(none)" />
            </Fact>
            <Fact label="Version">
              <LongText text={d.scope.version} label="the scope version" empty="(none)" />
            </Fact>
          </dl>
          {d.scope.attributes.length > 0 && <AttributeTable attributes={d.scope.attributes} owner="scope" compact testId="scope-attributes" />}
        </Section>

        <RawRecord id={`${id}-raw`} d={d} view={view} />
      </CopyProvider>
    </section>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Small parts                                                                                 */
/* ------------------------------------------------------------------------------------------ */

function Section({ id, title, count, actions, children }: { id: string; title: string; count?: number; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="sm-details__section" aria-labelledby={`${id}-h`} data-section={title}>
      <div className="sm-details__sechead">
        <h3 id={`${id}-h`} className="sm-details__h">
          {title}
          {count !== undefined && <span className="sm-details__count">{formatCount(count)}</span>}
        </h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="sm-details__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function StatusBadge({ status }: { status: SpanDetails['status'] }) {
  return <span className={`sm-details__status-badge sm-details__status-badge--${status.toLowerCase()}`}>{status}</span>;
}

function StatusText({ d }: { d: SpanDetails }) {
  const what = d.status === 'ERROR' ? 'the operation failed' : d.status === 'OK' ? 'explicitly marked as successful' : 'no status was set (this is not an error)';
  return (
    <div className="sm-details__statustext" data-testid="status">
      <p>
        <StatusBadge status={d.status} /> <span className="sm-muted">{what}</span>
      </p>
      {d.statusMessage !== '' && (
        <p className="sm-details__statusmsg">
          <span className="sm-muted">Message: </span>
          <LongText text={d.statusMessage} label="the status message" />
        </p>
      )}
    </div>
  );
}

/** A button that selects another span of the viewer; its text is the span's kind glyph, service and name. */
function SpanButton({ view, span, navigate, self = false }: { view: DatasetView; span: number; navigate: Navigate; self?: boolean }) {
  const name = spanName(view, span) || '(no name)';
  const service = spanService(view, span) || UNKNOWN_SERVICE;
  const kind = view.columns.kind[span] ?? 0;
  if (self)
    return (
      <span className="sm-details__spanref">
        <KindGlyph kind={kind} size="sm" /> this span
      </span>
    );
  return (
    <button type="button" className="sm-details__spanlink" onClick={() => navigate(span)} data-span={span}>
      <span className="sm-visually-hidden">Go to </span>
      <KindGlyph kind={kind} size="sm" />
      <span className="sm-details__spanlink-text">
        {truncateText(service, 40)} · {truncateText(name, 80)}
      </span>
    </button>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Problems: flags, load warnings, span-kind diagnostics                                       */
/* ------------------------------------------------------------------------------------------ */

function ProblemsSection({ id, d, view, navigate }: { id: string; d: SpanDetails; view: DatasetView | null; navigate: Navigate }) {
  const diagnostics = useSpanDiagnostics(d.span);
  const flags = flagTexts(d.flagNames, d.parentSpanId);
  const diags = diagnostics.data ?? [];
  const none = flags.length === 0 && d.warnings.length === 0 && diagnostics.isSuccess && diags.length === 0;
  const total = flags.length + d.warnings.length + diags.length;
  return (
    <Section id={id} title="Problems" count={total}>
      {none && <p className="sm-muted sm-details__none">None: no flags, no load warnings and no span-kind diagnostics.</p>}
      {flags.length > 0 && (
        <>
          <h4 className="sm-details__h4">Flags</h4>
          <ul className="sm-details__problems" data-testid="flags">
            {flags.map((f) => (
              <li key={f.name} data-flag={f.name}>
                <strong>{f.label}</strong>: {f.text}.
              </li>
            ))}
          </ul>
        </>
      )}
      {d.warnings.length > 0 && (
        <>
          <h4 className="sm-details__h4">Load warnings</h4>
          <ul className="sm-details__problems" data-testid="warnings">
            {d.warnings.map((w, k) => (
              <li key={k} data-code={w.code}>
                <code className="sm-details__code">{w.code}</code> <LongText text={w.message} label="the warning" />
                <div className="sm-muted sm-details__where">
                  at <LongText text={w.where} label="where" />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {diagnostics.isPending && <p className="sm-muted">Checking span kinds…</p>}
      {diagnostics.isError && <p className="sm-details__error">Could not check span kinds: {diagnostics.error.message}</p>}
      {diags.length > 0 && (
        <>
          <h4 className="sm-details__h4">Span-kind diagnostics</h4>
          <ul className="sm-details__problems" data-testid="diagnostics">
            {diags.map((g, k) => (
              <li key={k} data-code={g.code}>
                <strong>{g.title}</strong> <code className="sm-details__code">{g.code}</code>
                {g.role === 'related' && <span className="sm-muted"> (this span is the other span involved)</span>}
                <p className="sm-details__diag-msg">
                  <LongText text={g.message} label="the diagnostic" />
                </p>
                <p className="sm-muted sm-details__diag-why">Why it matters: {g.why}.</p>
                {g.other >= 0 && view && g.other < view.spanCount && (
                  <p className="sm-details__diag-other">
                    <span className="sm-muted">{g.role === 'related' ? 'About: ' : 'Other span: '}</span>
                    <SpanButton view={view} span={g.other} navigate={navigate} self={g.other === d.span} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Events                                                                                      */
/* ------------------------------------------------------------------------------------------ */

function EventsSection({ d }: { d: SpanDetails }) {
  const [active, setActive] = useState<number | null>(null);
  const [all, setAll] = useState(false);
  const timeline = useRef<HTMLDivElement>(null);
  const listId = `sm-events-${d.span}`;
  if (d.events.length === 0) return <p className="sm-muted sm-details__none">No events.</p>;
  // In time order (sources list them in any order); the raw record keeps the source's order.
  const sorted = d.events.map((e, k) => ({ e, k })).sort((a, b) => a.e.offsetNs - b.e.offsetNs || a.k - b.k);
  const events = (all ? sorted : sorted.slice(0, EVENTS_SHOWN)).map((x) => x.e);
  const outside = d.events.filter((e) => eventPosition(e.offsetNs, d.durationNs).outside !== null).length;
  const pick = (k: number) => {
    setActive(k);
    byId(timeline.current, `${listId}-${k}`)?.scrollIntoView({ block: 'nearest' });
  };
  return (
    <>
      <div ref={timeline} className="sm-evtl" role="img" aria-label={`Timeline: ${plural(d.events.length, 'event')} over the span’s ${formatDuration(d.durationNs)}${outside > 0 ? `, ${outside} outside the span` : ''}; listed below`} data-testid="event-timeline">
        <div className="sm-evtl__bar" />
        {events.map((e, k) => {
          const p = eventPosition(e.offsetNs, d.durationNs);
          return (
            <span
              key={k}
              className={`sm-evtl__mark${p.outside ? ' sm-evtl__mark--outside' : ''}${active === k ? ' sm-evtl__mark--active' : ''}`}
              style={{ left: `${p.pct}%` }}
              title={`${formatOffset(e.offsetNs)} ${truncateText(e.name, 80)}`}
              onClick={() => pick(k)}
            />
          );
        })}
      </div>
      <div className="sm-evtl__scale" aria-hidden="true">
        <span>0</span>
        <span>{formatDuration(d.durationNs)}</span>
      </div>
      <ol className="sm-events" id={listId} data-testid="events">
        {events.map((e, k) => (
          <EventItem key={k} id={`${listId}-${k}`} e={e} d={d} active={active === k} />
        ))}
      </ol>
      {d.events.length > EVENTS_SHOWN && (
        <button type="button" className="sm-btn sm-details__btn" onClick={() => setAll((a) => !a)} aria-expanded={all} aria-controls={listId}>
          {all ? `Show the first ${EVENTS_SHOWN} events` : `Show all ${formatCount(d.events.length)} events`}
        </button>
      )}
    </>
  );
}

function EventItem({ id, e, d, active }: { id: string; e: SpanEvent; d: SpanDetails; active: boolean }) {
  const p = eventPosition(e.offsetNs, d.durationNs);
  return (
    <li id={id} className={active ? 'sm-events__item sm-events__item--active' : 'sm-events__item'}>
      <div className="sm-events__head">
        <span className="sm-events__time sm-mono">{formatOffset(e.offsetNs)}</span>
        <span className="sm-events__name">
          <LongText text={e.name} label="the event name" empty="(no name)" />
        </span>
        {p.outside && <span className="sm-details__tag sm-details__tag--warn">{p.outside === 'before' ? 'before the span starts' : 'after the span ends'}</span>}
      </div>
      {e.attributes.length > 0 && <AttributeTable attributes={e.attributes} owner="event" compact />}
    </li>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Links                                                                                       */
/* ------------------------------------------------------------------------------------------ */

function LinksSection({ id, d, view, navigate }: { id: string; d: SpanDetails; view: DatasetView | null; navigate: Navigate }) {
  const refs = useMemo(() => d.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId })), [d.links]);
  const resolved = useResolvedSpans(refs);
  const inbound = useInboundLinks(d.span);
  const inTotal = inbound.data?.total ?? 0;
  return (
    <Section id={id} title="Links" count={d.links.length + inTotal}>
      <h4 className="sm-details__h4">
        This span links to <span className="sm-details__count">{formatCount(d.links.length)}</span>
      </h4>
      {d.links.length === 0 ? (
        <p className="sm-muted sm-details__none">No outgoing links.</p>
      ) : (
        <ul className="sm-links" data-testid="links-out">
          {d.links.map((l, k) => {
            const target = resolved.data?.[k] ?? -1;
            return (
              <li key={k} className="sm-links__item">
                <div className="sm-links__target">
                  {resolved.isPending ? (
                    <span className="sm-muted">Looking it up…</span>
                  ) : target >= 0 && view && target < view.spanCount ? (
                    <SpanButton view={view} span={target} navigate={navigate} self={target === d.span} />
                  ) : (
                    <span className="sm-muted">not loaded</span>
                  )}
                  {target >= 0 && view && target !== d.span && view.columns.trace[target] !== d.traceIndex && <span className="sm-details__tag">other trace</span>}
                </div>
                <LinkIds traceId={l.traceId} spanId={l.spanId} traceState={l.traceState} sameTrace={l.traceId.toLowerCase() === d.traceId.toLowerCase()} />
                {l.attributes.length > 0 && <AttributeTable attributes={l.attributes} owner="link" compact />}
              </li>
            );
          })}
        </ul>
      )}
      <h4 className="sm-details__h4">
        Linked from <span className="sm-details__count">{formatCount(inTotal)}</span>
      </h4>
      {inbound.isPending ? (
        <p className="sm-muted">Looking for spans that link here…</p>
      ) : inbound.isError ? (
        <p className="sm-details__error">Could not look up inbound links: {inbound.error.message}</p>
      ) : inTotal === 0 ? (
        <p className="sm-muted sm-details__none">No loaded span links to this span.</p>
      ) : (
        <>
          <ul className="sm-links" data-testid="links-in">
            {inbound.data.links.map((l, k) => (
              <li key={k} className="sm-links__item">
                <div className="sm-links__target">
                  {view && l.span < view.spanCount ? <SpanButton view={view} span={l.span} navigate={navigate} self={l.span === d.span} /> : <span className="sm-muted">span {l.span}</span>}
                  {view && l.span !== d.span && view.columns.trace[l.span] !== d.traceIndex && <span className="sm-details__tag">other trace</span>}
                </div>
                <LinkIds traceId={l.traceId} spanId={l.spanId} traceState={l.link.traceState} sameTrace={l.traceId.toLowerCase() === d.traceId.toLowerCase()} />
                {l.link.attributes.length > 0 && <AttributeTable attributes={l.link.attributes} owner="link" compact />}
              </li>
            ))}
          </ul>
          {inTotal > inbound.data.links.length && <p className="sm-muted">and {formatCount(inTotal - inbound.data.links.length)} more</p>}
        </>
      )}
    </Section>
  );
}

function LinkIds({ traceId, spanId, traceState, sameTrace }: { traceId: string; spanId: string; traceState: string; sameTrace: boolean }) {
  return (
    <dl className="sm-details__facts sm-details__facts--tight">
      <Fact label="Trace id">
        <LongText className="sm-mono" text={traceId} label="the linked trace id" empty="(none)" />
        {sameTrace && <span className="sm-muted"> (this trace)</span>}
      </Fact>
      <Fact label="Span id">
        <LongText className="sm-mono" text={spanId} label="the linked span id" empty="(none)" />
      </Fact>
      {traceState && (
        <Fact label="Trace state">
          <LongText className="sm-mono" text={traceState} label="the link's trace state" />
        </Fact>
      )}
    </dl>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Raw record                                                                                  */
/* ------------------------------------------------------------------------------------------ */

function RawRecord({ id, d, view }: { id: string; d: SpanDetails; view: DatasetView | null }) {
  const json = useMemo(() => otlpSpanJson(d), [d]);
  const [open, setOpen] = useState(false);
  const format = view?.files.find((f) => f.name === d.file)?.format ?? null;
  const converted = format !== null && format !== 'otlp' && format !== 'otlp-jsonl';
  return (
    <Section id={id} title="Raw record" actions={<CopyButton value={json} what="the raw record as OTLP/JSON" label="Copy raw record as OTLP/JSON">Copy JSON</CopyButton>}>
      <p className="sm-muted sm-details__note">
        This span as an OTLP/JSON span object{converted ? `, converted from ${format === 'jaeger' ? 'Jaeger' : 'Zipkin'} JSON` : ''}, rebuilt from what was loaded: ids, times (exact nanoseconds) and typed attributes are exact; dropped counts and trace flags are not kept.
      </p>
      <details className="sm-raw" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Show the record ({formatCount(json.length)} characters)</summary>
        {open && (
          <pre className="sm-raw__pre" tabIndex={0} aria-label="Raw record as OTLP/JSON" data-testid="raw-record">
            {json}
          </pre>
        )}
      </details>
    </Section>
  );
}
