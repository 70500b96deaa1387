/** The loaded dataset at a glance: counts, span kinds, services, errors and warnings. */
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { DatasetView } from '../../state/index.ts';
import { spansPerService } from '../../state/index.ts';
import { KIND_DISPLAY_ORDER, kindStyle } from '../../ui/kinds.ts';
import { KindGlyph } from '../../ui/KindGlyph.tsx';
import { Truncate } from '../../ui/Truncate.tsx';
import { formatCount, plural } from '../../ui/format.ts';
import { formatDuration } from '../../core/lib/time.ts';
import { KIND_NAMES } from '../../core/model/types.ts';
import { TraceList } from './TraceList.tsx';
import { AfterFirstPaint } from '../../ui/AfterFirstPaint.tsx';
import { formatEpoch } from './labels.ts';
import './summary.css';

/** How many warnings are listed; the rest are counted. */
export const WARNINGS_SHOWN = 100;

/** `children` (the waterfall) is placed right after the totals, before the breakdowns. */
export function SummaryPanel({ view, children }: { view: DatasetView; children?: ReactNode }) {
  const { summary } = view;
  return (
    <div className="sm-summary" data-testid="summary">
      <h1 className="sm-visually-hidden">Summary of the loaded traces</h1>
      <section className="sm-stats" aria-label="Totals">
        <Stat id="spans" label="Spans" value={summary.spans} />
        <Stat id="traces" label="Traces" value={summary.traces} />
        <Stat id="services" label="Services" value={summary.services.length} />
        <Stat id="files" label="Files" value={summary.files.length} />
        {!view.partial && <Stat id="warnings" label="Warnings" value={summary.warnings.length} tone={summary.warnings.length > 0 ? 'warn' : undefined} />}
        <Stat id="errors" label="Errors" value={summary.errors.length} tone={summary.errors.length > 0 ? 'error' : undefined} />
      </section>
      {view.partial && (
        <p className="sm-muted sm-summary__partial" data-testid="partial-note">
          Still loading: these are the {formatCount(summary.spans)} spans read so far; parents may still be on their way. Warnings, the critical path and the service graph follow when every span is in.
        </p>
      )}

      {summary.errors.length > 0 && <ErrorList errors={summary.errors} />}

      {children}

      <AfterFirstPaint>
        <Breakdowns view={view} />

        {view.traces.length === 1 ? <SingleTrace view={view} /> : view.traces.length > 1 ? <TraceList view={view} /> : null}

        {!view.partial && summary.warnings.length > 0 && <WarningList warnings={summary.warnings} />}
      </AfterFirstPaint>
    </div>
  );
}

/** Spans by kind and by service (the per-service count is a pass over all spans: after the first paint). */
function Breakdowns({ view }: { view: DatasetView }) {
  const services = useMemo(() => spansPerService(view), [view]);
  return (
    <div className="sm-summary__grid">
      <KindsPanel kinds={view.summary.kinds} total={view.summary.spans} />
      <ServicesPanel services={services} total={view.summary.spans} />
    </div>
  );
}

function Stat({ id, label, value, tone }: { id: string; label: string; value: number; tone?: 'warn' | 'error' }) {
  return (
    <div className={`sm-stat${tone ? ` sm-stat--${tone}` : ''}`} data-testid={`stat-${id}`}>
      <div className="sm-stat__value">{formatCount(value)}</div>
      <div className="sm-stat__label">{label}</div>
    </div>
  );
}

function KindsPanel({ kinds, total }: { kinds: Record<string, number>; total: number }) {
  return (
    <section className="sm-panel" aria-labelledby="sm-kinds-h">
      <h2 id="sm-kinds-h" className="sm-panel__title">
        Span kinds
      </h2>
      <ul className="sm-kinds" data-testid="kinds">
        {KIND_DISPLAY_ORDER.map((k) => {
          const style = kindStyle(k);
          const name = KIND_NAMES[k];
          const n = kinds[name] ?? 0;
          return (
            <li key={k} className={n === 0 ? 'sm-kinds__row sm-kinds__row--zero' : 'sm-kinds__row'} data-kind={name} data-count={n}>
              <KindGlyph kind={k} />
              <span className="sm-kinds__name">{name}</span>
              <span className="sm-kinds__bar" aria-hidden="true">
                <span style={{ width: total > 0 ? `${(n / total) * 100}%` : 0, background: style.color }} />
              </span>
              <span className="sm-kinds__count">{formatCount(n)}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ServicesPanel({ services, total }: { services: { service: string; spans: number }[]; total: number }) {
  const shown = services.slice(0, 200);
  return (
    <section className="sm-panel" aria-labelledby="sm-services-h">
      <h2 id="sm-services-h" className="sm-panel__title">
        Services <span className="sm-panel__count">{services.filter((s) => s.service !== '').length}</span>
      </h2>
      {/* The list scrolls past ~10 services: focusable so keyboard users can scroll it. */}
      <ul className="sm-services" data-testid="services" tabIndex={0} aria-labelledby="sm-services-h">
        {shown.map((s) => (
          <li key={s.service} className="sm-services__row" data-service={s.service}>
            <Truncate className="sm-services__name" text={s.service} max={48} empty="(unknown service)" />
            <span className="sm-services__bar" aria-hidden="true">
              <span style={{ width: total > 0 ? `${(s.spans / total) * 100}%` : 0 }} />
            </span>
            <span className="sm-services__count">{plural(s.spans, 'span')}</span>
          </li>
        ))}
      </ul>
      {services.length > shown.length && <p className="sm-muted sm-panel__more">and {formatCount(services.length - shown.length)} more</p>}
    </section>
  );
}

function SingleTrace({ view }: { view: DatasetView }) {
  const t = view.traces[0];
  return (
    <section className="sm-panel" aria-labelledby="sm-trace-h" data-testid="single-trace">
      <h2 id="sm-trace-h" className="sm-panel__title">
        Trace
      </h2>
      <dl className="sm-facts">
        <div>
          <dt>ID</dt>
          <dd className="sm-mono">
            <Truncate text={t.id} max={64} />
          </dd>
        </div>
        <div>
          <dt>Root</dt>
          <dd>
            <Truncate text={t.rootService} max={40} empty="(unknown service)" />
            <span className="sm-muted"> · </span>
            <Truncate text={t.rootName} max={80} empty="(no name)" />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(t.durationNs)}</dd>
        </div>
        <div>
          <dt>Started (UTC)</dt>
          <dd>{formatEpoch(t.epochNs)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>
            {formatCount(t.spanCount)}
            {t.errorCount > 0 && <span className="sm-error-text"> · {plural(t.errorCount, 'error')}</span>}
            {t.rootCount > 1 && <span className="sm-muted"> · {formatCount(t.rootCount)} roots</span>}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function ErrorList({ errors }: { errors: readonly { file: string; message: string }[] }) {
  return (
    <section className="sm-panel sm-panel--error" aria-labelledby="sm-errors-h" data-testid="errors" role="alert">
      <h2 id="sm-errors-h" className="sm-panel__title">
        {errors.length === 1 ? 'A file could not be loaded' : `${formatCount(errors.length)} problems loading files`}
      </h2>
      <ul className="sm-errors">
        {errors.map((e, k) => (
          <li key={k}>
            <strong>
              <Truncate text={e.file} max={80} />
            </strong>
            <span className="sm-muted">: </span>
            <Truncate text={e.message} max={400} />
          </li>
        ))}
      </ul>
      <p className="sm-muted sm-panel__more">Anything loaded before is still here.</p>
    </section>
  );
}

function WarningList({ warnings }: { warnings: readonly { code: string; message: string; where: string }[] }) {
  const shown = warnings.slice(0, WARNINGS_SHOWN);
  return (
    <section className="sm-panel" aria-labelledby="sm-warnings-h" data-testid="warnings">
      <details open={warnings.length <= 12}>
        <summary className="sm-panel__title sm-panel__title--toggle">
          <span id="sm-warnings-h">Warnings</span> <span className="sm-panel__count sm-panel__count--warn">{formatCount(warnings.length)}</span>
          {warnings.length > shown.length && <span className="sm-muted sm-panel__note"> showing the first {shown.length}</span>}
        </summary>
        <div className="sm-table-wrap">
          <table className="sm-table">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Where</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((w, k) => (
                <tr key={k}>
                  <td className="sm-mono sm-nowrap">{w.code}</td>
                  <td className="sm-table__where">
                    <Truncate text={w.where} max={70} />
                  </td>
                  <td>
                    <Truncate text={w.message} max={240} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
