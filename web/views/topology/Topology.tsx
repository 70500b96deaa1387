/**
 * The topology view: the service graph the core derives (core/graph), for the selected trace or
 * for all loaded traces, laid out on the worker (layered left to right by call direction, or
 * force), drawn with D3 (SVG; edges on a canvas when the graph is large).
 *
 * Linked with the rest of the viewer through the viewer store: clicking an edge lists the span
 * pairs behind it and picking one selects that span (the waterfall follows the store); clicking a
 * service sets the store's highlighted service (the hosted app filters the waterfall to it); the
 * selected span's path (the pairs of it and its ancestors) is highlighted in the graph.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { hasData, useGraphLayout, useServiceGraph, useViewer, useViewerStore } from '../../state/index.ts';
import type { DatasetView, LayoutRequest, TopologyGraph } from '../../state/index.ts';
import { UNKNOWN_SERVICE, graphToDot, graphToMermaid } from '../../core/graph/index.ts';
import type { LayoutAlgorithm } from '../../core/layout/graph-layout.ts';
import { serviceColors as makeServiceColors } from '../shared/colors.ts';
import { findNode, graphSummary, safeFilePart, spanPath, visibleSubgraph } from './model.ts';
import { buildScene } from './scene.ts';
import type { Scene } from './scene.ts';
import { GraphView } from './GraphView.tsx';
import type { GraphApi, GraphSelection } from './GraphView.tsx';
import { GraphTable } from './GraphTable.tsx';
import { EdgePanel, Legend, NodePanel } from './Info.tsx';
import { download, svgToPng } from './exporters.ts';
import './topology.css';

type Scope = 'trace' | 'all';
type SelKey = { kind: 'node'; id: string } | { kind: 'edge'; from: string; to: string; type: string } | null;
type ExportFormat = 'svg' | 'png' | 'dot' | 'mermaid' | 'json';
/** What a layout was computed for: the scene, and the view it belongs to (a new one is fitted to the screen). */
interface Drawn {
  scene: Scene;
  fitKey: string;
}

export interface TopologyProps {
  /** Height of the graph area (CSS length). Default 560px. */
  height?: string;
}

/** The service graph of the loaded data (nothing before the first load). */
export function Topology({ height }: TopologyProps) {
  const view = useViewer((s) => s.view);
  if (!hasData(view)) return null;
  return <TopologyView view={view} height={height ?? '560px'} />;
}

/** Previous node positions per layout algorithm, by node id: the next layout starts from them. */
class PositionMemory {
  readonly byAlgorithm: Record<LayoutAlgorithm, Record<string, { x: number; y: number }>> = { layered: {}, force: {} };
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function objectId(o: object | undefined): number {
  if (!o) return 0;
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

function TopologyView({ view, height }: { view: DatasetView; height: string }) {
  const store = useViewerStore();
  const trace = useViewer((s) => s.selectedTrace);
  const selectedSpan = useViewer((s) => s.selectedSpan);
  const highlighted = useViewer((s) => s.highlightedService);
  const uid = useId().replace(/[^\w-]/g, '');
  const [scope, setScope] = useState<Scope>('trace');
  const [algorithm, setAlgorithm] = useState<LayoutAlgorithm>('layered');
  const [labels, setLabels] = useState(true);
  const [brokers, setBrokers] = useState(false);
  const [hideInferred, setHideInferred] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [hops, setHops] = useState(1);
  const [table, setTable] = useState(false);
  const [sel, setSel] = useState<SelKey>(null);
  const [findText, setFindText] = useState('');
  const [found, setFound] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [memory] = useState(() => new PositionMemory());
  const api = useRef<GraphApi>(null);

  const graphTrace = scope === 'trace' ? trace : null;
  const enabled = scope === 'all' || trace !== null;
  const graphQuery = useServiceGraph(graphTrace, brokers, enabled);
  const tg: TopologyGraph | undefined = enabled ? graphQuery.data : undefined;
  const version = graphQuery.isPlaceholderData ? -1 : view.version;

  const focusIdx = useMemo(() => (tg && focusId !== null ? tg.graph.nodes.findIndex((n) => n.id === focusId) : -1), [tg, focusId]);
  const visible = useMemo(() => (tg ? visibleSubgraph(tg.graph, { hideInferred, focus: focusIdx >= 0 ? focusIdx : null, hops }) : null), [tg, hideInferred, focusIdx, hops]);
  const scene = useMemo(() => (tg && visible ? buildScene(version, tg.graph.trace, tg, visible) : null), [tg, visible, version]);

  const fitKey = `${graphTrace}|${brokers}|${algorithm}|${hideInferred}|${focusId}|${hops}`;
  const request = useMemo((): LayoutRequest<Drawn> | null => {
    if (!scene || scene.visible.nodes.length === 0) return null;
    const { graph, visible: vis } = scene;
    const nodes = vis.nodes.map((v, i) => ({ id: graph.nodes[v].id, width: scene.w[i], height: scene.h[i] }));
    const source = Int32Array.from(vis.edges, (k) => vis.slot[graph.edges[k].source]);
    const target = Int32Array.from(vis.edges, (k) => vis.slot[graph.edges[k].target]);
    const key = [objectId(tg), algorithm, hideInferred, focusIdx, hops].join('|');
    return { key, input: { nodes, source, target, previous: { ...memory.byAlgorithm[algorithm] } }, options: { algorithm, budgetMs: 900 }, scene: { scene, fitKey } };
  }, [scene, tg, algorithm, hideInferred, focusIdx, hops, memory, fitKey]);
  const layoutQuery = useGraphLayout(request);
  const laidOut = request ? layoutQuery.data : undefined;
  const shown = laidOut?.scene.scene ?? null;

  // remember positions for the next layout (stability when data is added)
  useEffect(() => {
    if (!laidOut) return;
    const { layout } = laidOut;
    const sc = laidOut.scene.scene;
    const mem = memory.byAlgorithm[layout.algorithm];
    sc.visible.nodes.forEach((v, i) => {
      mem[sc.graph.nodes[v].id] = { x: layout.x[i], y: layout.y[i] };
    });
  }, [laidOut, memory]);

  // ---- selection, resolved against the drawn scene
  const selection = useMemo((): GraphSelection => {
    if (!shown || !sel) return null;
    if (sel.kind === 'node') {
      const v = shown.graph.nodes.findIndex((n) => n.id === sel.id);
      return v >= 0 && shown.visible.slot[v] >= 0 ? { kind: 'node', node: v } : null;
    }
    const k = shown.graph.edges.findIndex((e) => e.from === sel.from && e.to === sel.to && e.type === sel.type);
    return k >= 0 ? { kind: 'edge', edge: k } : null;
  }, [shown, sel]);

  const path = useMemo(() => {
    if (!shown || selectedSpan === null || shown.version !== view.version || selectedSpan >= view.spanCount) return null;
    if (shown.trace !== null && view.columns.trace[selectedSpan] !== shown.trace) return null;
    return spanPath(view, shown.graph, selectedSpan);
  }, [shown, selectedSpan, view]);

  const foundIdx = useMemo(() => (shown && found !== null ? shown.graph.nodes.findIndex((n) => n.id === found) : -1), [shown, found]);
  const serviceColors = useMemo(() => makeServiceColors(view.resourceService), [view]);
  const summary = shown ? graphSummary(shown.graph, shown.visible) : 'Service graph';

  const onSelectNode = useCallback(
    (v: number | null) => {
      const st = store.getState();
      if (v === null || !shown) {
        setSel(null);
        if (st.highlightedService !== null) st.highlightService(null);
        return;
      }
      const n = shown.graph.nodes[v];
      if (sel?.kind === 'node' && sel.id === n.id) {
        setSel(null);
        st.highlightService(null);
        return;
      }
      setSel({ kind: 'node', id: n.id });
      st.highlightService(n.inferred ? null : n.id === UNKNOWN_SERVICE ? '' : n.id);
    },
    [store, shown, sel],
  );
  const onSelectEdge = useCallback(
    (k: number | null) => {
      const st = store.getState();
      if (k === null || !shown) {
        setSel(null);
        return;
      }
      const e = shown.graph.edges[k];
      setSel({ kind: 'edge', from: e.from, to: e.to, type: e.type });
      if (st.highlightedService !== null) st.highlightService(null);
    },
    [store, shown],
  );
  const onPick = useCallback((span: number) => store.getState().selectSpan(span), [store]);

  const onFind = () => {
    if (!shown) return;
    const text = findText.trim();
    const k = findNode(shown.graph, shown.visible.nodes, text);
    if (k >= 0) {
      setFound(shown.graph.nodes[k].id);
      setStatus(`Found ${shown.graph.nodes[k].id}.`);
      if (table) setTable(false);
      // after the graph is back on screen
      requestAnimationFrame(() => api.current?.centerOn(k));
      return;
    }
    const hidden = findNode(
      shown.graph,
      shown.graph.nodes.map((_, i) => i),
      text,
    );
    setFound(null);
    setStatus(hidden >= 0 ? `${shown.graph.nodes[hidden].id} is hidden by the current focus or filter.` : `No service matches “${text}”.`);
  };

  const fileBase = `spanmap-graph-${graphTrace !== null && view.traces[graphTrace] ? `trace-${safeFilePart(view.traces[graphTrace].id.slice(0, 16))}` : 'all-traces'}`;
  const onExport = async (format: ExportFormat) => {
    if (!shown) return;
    try {
      if (format === 'svg' || format === 'png') {
        const out = api.current?.exportSvg();
        if (!out) throw new Error('switch off the table view to export a picture');
        if (format === 'svg') download(new Blob([out.text], { type: 'image/svg+xml' }), `${fileBase}.svg`);
        else download(await svgToPng(out.text, out.width, out.height), `${fileBase}.png`);
      } else if (format === 'dot') download(new Blob([graphToDot(shown.graph)], { type: 'text/vnd.graphviz' }), `${fileBase}.dot`);
      else if (format === 'mermaid') download(new Blob([graphToMermaid(shown.graph)], { type: 'text/plain' }), `${fileBase}.mmd`);
      else download(new Blob([await store.client.graphJson(shown.trace, shown.graph.brokerNodes)], { type: 'application/json' }), `${fileBase}.json`);
      setStatus(`Exported ${format.toUpperCase()}.`);
    } catch (e) {
      setStatus(`Export failed: ${(e as Error).message}`);
    }
  };

  const headingId = `${uid}-h`;
  const panelHeadingId = `${uid}-panel-h`;
  const nodeOptions = tg ? tg.graph.nodes : [];
  const selNodeIdx = selection?.kind === 'node' ? selection.node : null;

  return (
    <section className="sm-topo" aria-labelledby={headingId} data-testid="topology">
      <div className="sm-topo__head">
        <h2 id={headingId} className="sm-topo__title">
          Service graph
        </h2>
        <div className="sm-topo-seg" role="group" aria-label="Graph scope">
          <button type="button" aria-pressed={scope === 'trace'} onClick={() => setScope('trace')} disabled={trace === null}>
            This trace
          </button>
          <button type="button" aria-pressed={scope === 'all'} onClick={() => setScope('all')}>
            All traces
          </button>
        </div>
        <label className="sm-topo-field">
          Layout{' '}
          <select value={algorithm} onChange={(e) => setAlgorithm(e.currentTarget.value as LayoutAlgorithm)}>
            <option value="layered">Layered</option>
            <option value="force">Force</option>
          </select>
        </label>
        <label className="sm-topo-check">
          <input type="checkbox" checked={labels} onChange={(e) => setLabels(e.currentTarget.checked)} /> Labels
        </label>
        <label className="sm-topo-check">
          <input type="checkbox" checked={hideInferred} onChange={(e) => setHideInferred(e.currentTarget.checked)} /> Hide inferred
        </label>
        <label className="sm-topo-check" title="Draw each messaging destination as a node between producer and consumer">
          <input type="checkbox" checked={brokers} onChange={(e) => setBrokers(e.currentTarget.checked)} /> Brokers as nodes
        </label>
        <button type="button" className="sm-topo-btn" aria-pressed={table} onClick={() => setTable((t) => !t)}>
          Table
        </button>
      </div>
      <div className="sm-topo__bar">
        <label className="sm-topo-field">
          Focus{' '}
          <select value={focusId ?? ''} onChange={(e) => setFocusId(e.currentTarget.value === '' ? null : e.currentTarget.value)} aria-label="Focus on a service">
            <option value="">Whole graph</option>
            {nodeOptions.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
        </label>
        <label className="sm-topo-field">
          Hops{' '}
          <input type="number" min={1} max={6} value={hops} onChange={(e) => setHops(Math.max(1, Math.min(6, Number(e.currentTarget.value) || 1)))} className="sm-topo-hops" />
        </label>
        <form
          className="sm-topo-find"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            onFind();
          }}
        >
          <input type="search" value={findText} onChange={(e) => setFindText(e.currentTarget.value)} placeholder="Find a service" aria-label="Find a service" list={`${uid}-names`} />
          <datalist id={`${uid}-names`}>
            {nodeOptions.slice(0, 500).map((n) => (
              <option key={n.id} value={n.id} />
            ))}
          </datalist>
          <button type="submit" className="sm-topo-btn">
            Find
          </button>
        </form>
        <div className="sm-topo-seg" role="group" aria-label="Zoom">
          <button type="button" onClick={() => api.current?.zoomBy(1.25)} aria-label="Zoom in" disabled={table}>
            +
          </button>
          <button type="button" onClick={() => api.current?.zoomBy(0.8)} aria-label="Zoom out" disabled={table}>
            −
          </button>
          <button type="button" onClick={() => api.current?.fit()} disabled={table}>
            Fit
          </button>
        </div>
        <div className="sm-topo-seg" role="group" aria-label="Export">
          {(['svg', 'png', 'dot', 'mermaid', 'json'] as const).map((f) => (
            <button key={f} type="button" onClick={() => void onExport(f)} disabled={!shown || (table && (f === 'svg' || f === 'png'))} aria-label={`Export ${f === 'mermaid' ? 'Mermaid' : f.toUpperCase()}`}>
              {f === 'mermaid' ? 'Mermaid' : f.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      <p className="sm-topo__status" role="status" aria-live="polite">
        {status}
      </p>
      <div className="sm-topo__body" style={{ height }}>
        <div className="sm-topo__main">
          {!enabled && <p className="sm-topo__empty">Select a trace, or show all traces.</p>}
          {enabled && view.partial && !tg && <p className="sm-topo__empty">The service graph follows when every span is loaded.</p>}
          {enabled && graphQuery.isError && <p className="sm-topo__empty">The service graph could not be derived: {graphQuery.error.message}</p>}
          {enabled && tg && tg.graph.nodes.length === 0 && <p className="sm-topo__empty">No calls between services: no CLIENT/SERVER or PRODUCER/CONSUMER spans pair up, and nothing names a peer.</p>}
          {layoutQuery.isError && <p className="sm-topo__empty">The layout failed: {layoutQuery.error.message}</p>}
          {enabled && scene && scene.graph.nodes.length > 0 && scene.visible.nodes.length === 0 && <p className="sm-topo__empty">Nothing to show: every node is hidden by “Hide inferred”.</p>}
          {shown && laidOut && !table && (
            <GraphView
              scene={shown}
              layout={laidOut.layout}
              labels={labels}
              selection={selection}
              path={path}
              found={foundIdx >= 0 ? foundIdx : null}
              serviceColors={serviceColors}
              summary={summary}
              fitKey={laidOut.scene.fitKey}
              onSelectNode={onSelectNode}
              onSelectEdge={onSelectEdge}
              apiRef={api}
            />
          )}
          {shown && table && <GraphTable scene={shown} onSelectNode={onSelectNode} onSelectEdge={onSelectEdge} />}
          {(graphQuery.isFetching || layoutQuery.isFetching) && (
            <p className="sm-topo__busy" role="status">
              Laying out…
            </p>
          )}
        </div>
        <aside className="sm-topo__panel" aria-labelledby={selection ? panelHeadingId : undefined} aria-label={selection ? undefined : 'Graph legend'}>
          {shown && selection?.kind === 'edge' && <EdgePanel scene={shown} edge={selection.edge} view={view} onPick={onPick} onClose={() => onSelectEdge(null)} headingId={panelHeadingId} />}
          {shown && selection?.kind === 'node' && (
            <NodePanel
              scene={shown}
              node={selection.node}
              view={view}
              onPick={onPick}
              onClose={() => onSelectNode(null)}
              onFocus={() => setFocusId(shown.graph.nodes[selection.node].id)}
              filtering={highlighted !== null && selNodeIdx !== null && !shown.graph.nodes[selNodeIdx].inferred}
              headingId={panelHeadingId}
            />
          )}
          {!selection && <Legend />}
        </aside>
      </div>
      {shown && laidOut && (
        <p className="sm-topo__foot sm-muted" data-testid="layout-stats" data-ms={laidOut.layout.stats.ms.toFixed(1)}>
          {summary.replace('Service graph: ', '')} · {laidOut.layout.algorithm} layout in {Math.round(laidOut.layout.stats.ms)} ms
          {laidOut.layout.algorithm === 'layered' ? ` · ${laidOut.layout.stats.crossings} crossings` : ''}
          {shown.graph.unpaired > 0 ? ` · ${shown.graph.unpaired} unpaired client/producer spans not drawn` : ''}
        </p>
      )}
    </section>
  );
}
