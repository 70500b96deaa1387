/** The same nodes and edges as tables (for screen readers and for sorting by eye). */
import { formatDuration } from '../../core/lib/time.ts';
import { TYPE_LABEL, edgeStats, percent } from './model.ts';
import type { Scene } from './scene.ts';

const ROWS = 2000;

export function GraphTable({ scene, onSelectNode, onSelectEdge }: { scene: Scene; onSelectNode(node: number): void; onSelectEdge(edge: number): void }) {
  const { graph, visible, findings } = scene;
  const ms = (ns: number | null | undefined) => (ns === null || ns === undefined ? '—' : formatDuration(ns));
  return (
    <div className="sm-topo-tables" data-testid="topology-table">
      <table className="sm-topo-table">
        <caption>Nodes ({visible.nodes.length})</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Inferred from</th>
            <th scope="col">Requests</th>
            <th scope="col">Errors</th>
            <th scope="col">p95</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          {visible.nodes.slice(0, ROWS).map((v) => {
            const n = graph.nodes[v];
            return (
              <tr key={n.id}>
                <th scope="row">
                  <button type="button" className="sm-topo-linkbtn" onClick={() => onSelectNode(v)}>
                    {n.id}
                  </button>
                </th>
                <td>{TYPE_LABEL[n.type]}</td>
                <td>{n.inferred ? (n.namedBy ?? '—') : '—'}</td>
                <td className="sm-topo-num">{n.requests.toLocaleString('en-US')}</td>
                <td className="sm-topo-num">
                  {n.errors.toLocaleString('en-US')} ({percent(n.errors, n.requests)})
                </td>
                <td className="sm-topo-num">{ms(n.p95Ns)}</td>
                <td className="sm-topo-num">{findings.nodeTotal[v] || ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="sm-topo-table">
        <caption>Edges ({visible.edges.length})</caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Type</th>
            <th scope="col">Calls</th>
            <th scope="col">Errors</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
            <th scope="col">Gap p50</th>
            <th scope="col">Lag p50</th>
            <th scope="col">Findings</th>
            <th scope="col">
              <span className="sm-visually-hidden">Evidence</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {visible.edges.slice(0, ROWS).map((k) => {
            const e = graph.edges[k];
            const d = edgeStats(e);
            return (
              <tr key={`${e.from}\u0000${e.to}\u0000${e.type}`}>
                <td>{e.from}</td>
                <td>{e.to}</td>
                <td>{e.type}</td>
                <td className="sm-topo-num">{e.calls.toLocaleString('en-US')}</td>
                <td className="sm-topo-num">{e.errors.toLocaleString('en-US')}</td>
                <td className="sm-topo-num">{ms(d?.p50)}</td>
                <td className="sm-topo-num">{ms(d?.p95)}</td>
                <td className="sm-topo-num">{ms(d?.p99)}</td>
                <td className="sm-topo-num">{ms(e.gap?.p50)}</td>
                <td className="sm-topo-num">{ms(e.lag?.p50)}</td>
                <td className="sm-topo-num">{findings.edgeTotal[k] || ''}</td>
                <td>
                  <button type="button" className="sm-topo-linkbtn" onClick={() => onSelectEdge(k)} aria-label={`Span pairs of ${e.from} → ${e.to} (${e.type})`}>
                    Pairs
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {(visible.nodes.length > ROWS || visible.edges.length > ROWS) && <p className="sm-muted">Showing the first {ROWS} rows of each table.</p>}
    </div>
  );
}
