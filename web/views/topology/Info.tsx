/**
 * What the topology says about one node or edge: the tooltips, and the side panel with all edge
 * statistics, findings, and the span pairs behind an edge (picking one selects that span in the
 * waterfall). Trace text is rendered as text only.
 */
import type { ReactNode } from 'react';
import type { DatasetView } from '../../state/index.ts';
import { spanName } from '../../state/index.ts';
import type { GraphEdge, GraphNode } from '../../core/graph/index.ts';
import { DIAGNOSTIC_CODES } from '../../core/graph/index.ts';
import { formatDuration } from '../../core/lib/time.ts';
import { TYPE_LABEL, callsWord, findingLines, findingSpans, pairRows, percent, plural, serviceOfSpan, statsText } from './model.ts';
import type { Scene } from './scene.ts';

/* ------------------------------------------------------------------------------------------ */
/* Tooltips                                                                                    */
/* ------------------------------------------------------------------------------------------ */

function Findings({ findings }: { findings: Map<number, number> | undefined }) {
  const lines = findingLines(findings);
  if (lines.length === 0) return null;
  return (
    <ul className="sm-topo-tip__findings">
      {lines.map((l) => (
        <li key={l.code}>
          <span aria-hidden="true">⚠ </span>
          {l.title} <span className="sm-mono">{l.code}</span> ×{l.count}
        </li>
      ))}
    </ul>
  );
}

export function NodeTip({ node, findings }: { node: GraphNode; findings: Map<number, number> | undefined }) {
  return (
    <div>
      <div className="sm-topo-tip__title">{node.id}</div>
      <div className="sm-topo-tip__sub">
        {TYPE_LABEL[node.type]}
        {node.inferred ? ` · inferred, named by ${node.namedBy ?? 'the root span (no attribute)'}` : node.namedBy ? ` · named by ${node.namedBy}` : ''}
      </div>
      <dl className="sm-topo-tip__dl">
        <dt>Requests</dt>
        <dd>{node.requests.toLocaleString('en-US')}</dd>
        <dt>Errors</dt>
        <dd>
          {node.errors.toLocaleString('en-US')} ({percent(node.errors, node.requests)})
        </dd>
        <dt>p95</dt>
        <dd>{node.p95Ns === null ? '—' : formatDuration(node.p95Ns)}</dd>
      </dl>
      <Findings findings={findings} />
    </div>
  );
}

export function EdgeTip({ edge, findings }: { edge: GraphEdge; findings: Map<number, number> | undefined }) {
  return (
    <div>
      <div className="sm-topo-tip__title">
        {edge.from} → {edge.to}
      </div>
      <div className="sm-topo-tip__sub">
        {edge.type === 'async' ? 'async (messages)' : 'sync (calls)'} · {callsWord(edge)} · {plural(edge.errors, 'error')} ({percent(edge.errors, edge.calls)})
      </div>
      <EdgeStatsList edge={edge} />
      <Findings findings={findings} />
    </div>
  );
}

function EdgeStatsList({ edge }: { edge: GraphEdge }) {
  return (
    <dl className="sm-topo-tip__dl">
      <dt>Client</dt>
      <dd>{statsText(edge.client)}</dd>
      <dt>Server</dt>
      <dd>{statsText(edge.server)}</dd>
      {edge.type === 'sync' ? (
        <>
          <dt>Network gap</dt>
          <dd>{statsText(edge.gap)}</dd>
        </>
      ) : (
        <>
          <dt>Queue lag</dt>
          <dd>{statsText(edge.lag)}</dd>
        </>
      )}
    </dl>
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Side panel                                                                                  */
/* ------------------------------------------------------------------------------------------ */

const PAIRS_SHOWN = 200;
const FINDINGS_SHOWN = 5;

function spanLabel(view: DatasetView, span: number): string {
  return `${serviceOfSpan(view, span)} · ${spanName(view, span) || '(no name)'}`;
}

function SpanButton({ view, span, onPick, role, withService = true }: { view: DatasetView; span: number; onPick(span: number): void; role: string; withService?: boolean }) {
  if (span < 0 || span >= view.spanCount) return <span className="sm-muted">—</span>;
  const label = withService ? spanLabel(view, span) : spanName(view, span) || '(no name)';
  return (
    <button type="button" className="sm-topo-spanbtn" onClick={() => onPick(span)} data-span={span} title={`${spanLabel(view, span)}: select this ${role} span in the waterfall`}>
      {label}
    </button>
  );
}

function FindingList({ scene, view, index, edge, onPick }: { scene: Scene; view: DatasetView | null; index: number; edge: boolean; onPick(span: number): void }) {
  const counts = edge ? scene.findings.edge[index] : scene.findings.node[index];
  const lines = findingLines(counts);
  if (lines.length === 0) return null;
  return (
    <section className="sm-topo-panel__section" aria-label="Span-kind findings">
      <h4 className="sm-topo-panel__h">
        Findings <span className="sm-topo-count">{lines.reduce((s, l) => s + l.count, 0)}</span>
      </h4>
      <ul className="sm-topo-findings">
        {lines.map((l) => (
          <li key={l.code} data-code={l.code}>
            <details>
              <summary>
                <span className="sm-topo-findings__badge">⚠ {l.count}</span> {l.title} <span className="sm-mono sm-muted">{l.code}</span>
              </summary>
              <p className="sm-muted">{l.why}</p>
              {view && view.version === scene.version && (
                <ul className="sm-topo-findings__spans">
                  {findingSpans(scene.tg, DIAGNOSTIC_CODES.indexOf(l.code), index, edge, FINDINGS_SHOWN).map((f) => (
                    <li key={`${f.span}:${f.related}`}>
                      <SpanButton view={view} span={f.span} onPick={onPick} role="" />
                    </li>
                  ))}
                  {l.count > FINDINGS_SHOWN && <li className="sm-muted">and {l.count - FINDINGS_SHOWN} more</li>}
                </ul>
              )}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function dur(ns: number | null): string {
  return ns === null ? '—' : formatDuration(ns);
}

export function EdgePanel({ scene, edge, view, onPick, onClose, headingId }: { scene: Scene; edge: number; view: DatasetView | null; onPick(span: number): void; onClose(): void; headingId: string }) {
  const e = scene.graph.edges[edge];
  const rows = view && view.version === scene.version ? pairRows(view, scene.graph, edge, PAIRS_SHOWN) : [];
  const gapHead = e.type === 'sync' ? 'Gap' : 'Lag';
  return (
    <div className="sm-topo-panel__body" data-testid="edge-panel">
      <PanelHead id={headingId} onClose={onClose}>
        {e.from} → {e.to}
      </PanelHead>
      <p className="sm-topo-panel__sub">
        <span className={`sm-topo-pill sm-topo-pill--${e.type}`}>{e.type}</span> {callsWord(e)} · {plural(e.errors, 'error')} ({percent(e.errors, e.calls)})
      </p>
      <table className="sm-topo-stats">
        <caption className="sm-visually-hidden">Durations of the calls on this edge</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="sm-visually-hidden">Measure</span>
            </th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">max</th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              ['Client', e.client],
              ['Server', e.server],
              [e.type === 'sync' ? 'Network gap' : 'Queue lag', e.type === 'sync' ? e.gap : e.lag],
            ] as const
          ).map(([label, d]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{d ? formatDuration(d.p50) : '—'}</td>
              <td>{d ? formatDuration(d.p95) : '—'}</td>
              <td>{d ? formatDuration(d.p99) : '—'}</td>
              <td>{d ? formatDuration(d.max) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FindingList scene={scene} view={view} index={edge} edge onPick={onPick} />
      <section className="sm-topo-panel__section" aria-label="Evidence">
        <h4 className="sm-topo-panel__h">
          Span pairs <span className="sm-topo-count">{e.pairCount.toLocaleString('en-US')}</span>
        </h4>
        <p className="sm-muted sm-topo-panel__hint">Pick a span to select it in the waterfall.</p>
        <div className="sm-topo-pairs-wrap">
          <table className="sm-topo-pairs" data-testid="edge-pairs">
            <thead>
              <tr>
                <th scope="col">{e.type === 'sync' ? 'Client span' : 'Producer span'}</th>
                <th scope="col">{e.type === 'sync' ? 'Server span' : 'Consumer span'}</th>
                <th scope="col" className="sm-topo-num">
                  Client
                </th>
                <th scope="col" className="sm-topo-num">
                  Server
                </th>
                <th scope="col" className="sm-topo-num">
                  {gapHead}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, k) => (
                <tr key={k} className={r.error ? 'is-error' : undefined} data-error={r.error ? 'true' : undefined}>
                  <td>
                    <SpanButton view={view as DatasetView} span={r.caller} onPick={onPick} role={e.type === 'sync' ? 'client' : 'producer'} withService={false} />
                    {r.error && <span className="sm-topo-err"> error</span>}
                  </td>
                  <td>
                    <SpanButton view={view as DatasetView} span={r.callee} onPick={onPick} role={e.type === 'sync' ? 'server' : 'consumer'} withService={false} />
                  </td>
                  <td className="sm-topo-num">{dur(r.clientNs)}</td>
                  <td className="sm-topo-num">{dur(r.serverNs)}</td>
                  <td className="sm-topo-num">{dur(r.gapNs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {e.pairCount > rows.length && rows.length > 0 && <p className="sm-muted">Showing the first {rows.length} of {e.pairCount.toLocaleString('en-US')} pairs.</p>}
      </section>
    </div>
  );
}

export function NodePanel({ scene, node, view, onPick, onClose, onFocus, filtering, headingId }: { scene: Scene; node: number; view: DatasetView | null; onPick(span: number): void; onClose(): void; onFocus(): void; filtering: boolean; headingId: string }) {
  const n = scene.graph.nodes[node];
  const incoming = scene.graph.edges.filter((e) => e.target === node).length;
  const outgoing = scene.graph.edges.filter((e) => e.source === node).length;
  return (
    <div className="sm-topo-panel__body" data-testid="node-panel">
      <PanelHead id={headingId} onClose={onClose}>
        {n.id}
      </PanelHead>
      <p className="sm-topo-panel__sub">
        {TYPE_LABEL[n.type]}
        {n.inferred ? ` · inferred, named by ${n.namedBy ?? 'the root span'}` : ''}
      </p>
      <dl className="sm-topo-facts">
        <dt>Requests</dt>
        <dd>{n.requests.toLocaleString('en-US')}</dd>
        <dt>Errors</dt>
        <dd>
          {n.errors.toLocaleString('en-US')} ({percent(n.errors, n.requests)})
        </dd>
        <dt>p95</dt>
        <dd>{n.p95Ns === null ? '—' : formatDuration(n.p95Ns)}</dd>
        <dt>Edges</dt>
        <dd>
          {incoming} in, {outgoing} out
        </dd>
      </dl>
      {filtering && <p className="sm-topo-panel__note">The waterfall shows this service’s spans only. Select the node again (or Clear) to show all.</p>}
      <div className="sm-topo-panel__actions">
        <button type="button" className="sm-topo-btn" onClick={onFocus}>
          Focus on its neighbourhood
        </button>
      </div>
      <FindingList scene={scene} view={view} index={node} edge={false} onPick={onPick} />
    </div>
  );
}

function PanelHead({ id, children, onClose }: { id: string; children: ReactNode; onClose(): void }) {
  return (
    <div className="sm-topo-panel__head">
      <h3 id={id} className="sm-topo-panel__title">
        {children}
      </h3>
      <button type="button" className="sm-topo-btn sm-topo-btn--icon" onClick={onClose} aria-label="Clear selection">
        ×
      </button>
    </div>
  );
}

export function Legend() {
  return (
    <div className="sm-topo-panel__body sm-topo-legend" data-testid="topology-legend">
      <h3 className="sm-topo-panel__title">How to read the graph</h3>
      <ul>
        <li>
          <svg width="40" height="14" aria-hidden="true">
            <path d="M2,7H30" stroke="#7b8794" strokeWidth="2" />
            <path d="M28,2L38,7L28,12Z" fill="#7b8794" />
          </svg>
          sync call (CLIENT → SERVER); width: calls
        </li>
        <li>
          <svg width="40" height="14" aria-hidden="true">
            <path d="M2,7H30" stroke="#7b8794" strokeWidth="2" strokeDasharray="6 4" />
            <path d="M28,2L38,7L28,12Z" fill="#7b8794" />
          </svg>
          async message (PRODUCER → CONSUMER)
        </li>
        <li>
          <span className="sm-topo-swatch" style={{ background: '#c77700' }} /> <span className="sm-topo-swatch" style={{ background: '#c8261b' }} /> errors under 5 %, 5 % or more
        </li>
        <li>Red arc around a node’s icon: its error rate. ⚠ badge: span-kind findings.</li>
        <li>Dashed outline: inferred from attributes (cylinder: database, pipe: broker or topic, cloud: external HTTP, stadium: entry point).</li>
      </ul>
      <p className="sm-muted">Select an edge to see the span pairs behind it; select a service to show only its spans in the waterfall.</p>
    </div>
  );
}
