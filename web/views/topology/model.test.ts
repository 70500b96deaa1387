import { describe, expect, it } from 'vitest';
import type { DatasetView } from '../../state/index.ts';
import type { GraphEdge, GraphNode, ServiceGraph } from '../../core/graph/index.ts';
import { DIAGNOSTIC_CODES } from '../../core/graph/index.ts';
import { layoutGraph } from '../../core/layout/graph-layout.ts';
import { edgeLabel, edgeName, errorBucket, findNode, findingIndex, fitText, graphSummary, nextInDirection, nodeDescription, pairRows, percent, placeLabels, safeFilePart, spanPath, strokeWidth, visibleSubgraph } from './model.ts';
import { buildScene } from './scene.ts';
import { nodeIcon, nodeShape, ringArc, translatePath } from './shapes.ts';

const stats = (ms: number) => ({ count: 1, p50: ms * 1e6, p95: ms * 1e6, p99: ms * 1e6, max: ms * 1e6 });

function node(id: string, extra: Partial<GraphNode> = {}): GraphNode {
  return { id, inferred: false, type: 'service', namedBy: 'service.name', requests: 10, errors: 0, p95Ns: 5e6, ...extra };
}

/**
 * user → frontend → route, frontend → mysql (db, inferred), frontend → kafka (async), plus an
 * isolated service. Spans: 0 frontend SERVER (root), 1 frontend CLIENT, 2 route SERVER (child of
 * 1), 3 frontend CLIENT to mysql, 4 frontend PRODUCER, 5 worker CONSUMER (trace 1).
 */
function fixture(): { graph: ServiceGraph; view: DatasetView } {
  const nodes: GraphNode[] = [
    node('frontend'),
    node('kafka', { inferred: true, type: 'messaging', namedBy: 'messaging.destination.name' }),
    node('lonely'),
    node('mysql', { inferred: true, type: 'database', namedBy: 'db.namespace' }),
    node('route', { errors: 1 }),
    node('user', { inferred: true, type: 'entry', namedBy: null }),
    node('worker'),
  ];
  const e = (from: number, to: number, type: 'sync' | 'async', calls: number, pairStart: number, pairCount: number, extra: Partial<GraphEdge> = {}): GraphEdge => ({
    from: nodes[from].id,
    to: nodes[to].id,
    source: from,
    target: to,
    type,
    calls,
    errors: 0,
    client: stats(2),
    server: null,
    gap: null,
    lag: null,
    pairStart,
    pairCount,
    ...extra,
  });
  const edges: GraphEdge[] = [
    e(0, 1, 'async', 1, 0, 1),
    e(0, 3, 'sync', 1, 1, 1),
    e(0, 4, 'sync', 1, 2, 1, { errors: 1, server: stats(1), gap: stats(1) }),
    e(1, 6, 'async', 1, 3, 1, { client: null, lag: stats(3) }),
    e(5, 0, 'sync', 1, 4, 1, { client: null }),
  ];
  const graph: ServiceGraph = {
    trace: null,
    brokerNodes: true,
    nodes,
    edges,
    pairCaller: Int32Array.from([4, 3, 1, 4, -1]),
    pairCallee: Int32Array.from([-1, -1, 2, 5, 0]),
    unpaired: 0,
    unpairedSpans: new Int32Array(0),
    diagnostics: DIAGNOSTIC_CODES.map((code) => ({ code, count: 0, spans: new Int32Array(0), related: new Int32Array(0), value: new Float64Array(0) })),
  };
  const view = {
    viewer: 'v',
    version: 1,
    spanCount: 6,
    names: ['GET /', 'HTTP GET', 'GET /route', 'SELECT', 'send', 'receive'],
    resourceService: ['frontend', 'route', 'worker'],
    traces: [
      { id: 't0', epochNs: 1_000_000_000n, durationNs: 100, spanCount: 5, errorCount: 1, rootCount: 1, rootSpan: 0, rootName: 'GET /', rootService: 'frontend', serviceCount: 2, orderStart: 0 },
      { id: 't1', epochNs: 1_000_000_500n, durationNs: 100, spanCount: 1, errorCount: 0, rootCount: 1, rootSpan: 5, rootName: 'receive', rootService: 'worker', serviceCount: 1, orderStart: 5 },
    ],
    columns: {
      trace: Int32Array.from([0, 0, 0, 0, 0, 1]),
      parent: Int32Array.from([-1, 0, 1, 0, 0, -1]),
      firstChild: new Int32Array(6),
      nextSibling: new Int32Array(6),
      depth: new Int32Array(6),
      kind: Uint8Array.from([2, 3, 2, 3, 4, 5]),
      status: Uint8Array.from([0, 0, 2, 0, 0, 0]),
      flags: new Uint8Array(6),
      resource: Int32Array.from([0, 0, 1, 0, 0, 2]),
      name: Int32Array.from([0, 1, 2, 3, 4, 5]),
      start: Float64Array.from([0, 10, 12, 40, 60, 0]),
      duration: Float64Array.from([100, 30, 25, 5, 10, 20]),
      order: Int32Array.from([0, 1, 2, 3, 4, 5]),
    },
  } as unknown as DatasetView;
  return { graph, view };
}

describe('topology model', () => {
  it('hides inferred nodes and focuses N hops out (either direction)', () => {
    const { graph } = fixture();
    const all = visibleSubgraph(graph, { hideInferred: false, focus: null, hops: 1 });
    expect(all.nodes).toHaveLength(7);
    expect(all.edges).toHaveLength(5);
    const noInferred = visibleSubgraph(graph, { hideInferred: true, focus: null, hops: 1 });
    expect(noInferred.nodes.map((v) => graph.nodes[v].id)).toEqual(['frontend', 'lonely', 'route', 'worker']);
    expect(noInferred.edges).toEqual([2]);
    const route1 = visibleSubgraph(graph, { hideInferred: false, focus: 4, hops: 1 });
    expect(route1.nodes.map((v) => graph.nodes[v].id)).toEqual(['frontend', 'route']);
    const route2 = visibleSubgraph(graph, { hideInferred: false, focus: 4, hops: 2 });
    expect(route2.nodes.map((v) => graph.nodes[v].id)).toEqual(['frontend', 'kafka', 'mysql', 'route', 'user']);
    expect(route2.slot[6]).toBe(-1);
    expect(graphSummary(graph, all)).toBe('Service graph: 4 services, 3 inferred, 5 edges');
  });

  it('names edges and nodes for assistive technology', () => {
    const { graph } = fixture();
    expect(edgeName(graph.edges[2])).toBe('frontend → route, sync, 1 call, 1 error');
    expect(edgeName(graph.edges[0], 2)).toBe('frontend → kafka, async, 1 message, 2 findings');
    expect(nodeDescription(graph.nodes[3])).toBe('database, inferred from db.namespace, 10 requests, p95 5.00 ms');
    expect(nodeDescription(graph.nodes[4])).toContain('1 error (10%)');
    expect(edgeLabel(graph.edges[2])).toBe('1 · p95 2.00 ms');
  });

  it('styles by error rate and calls', () => {
    expect(errorBucket(0, 10)).toBe('ok');
    expect(errorBucket(1, 100)).toBe('low');
    expect(errorBucket(5, 100)).toBe('high');
    expect(strokeWidth(1, 100)).toBeCloseTo(1.25);
    expect(strokeWidth(100, 100)).toBeCloseTo(7);
    expect(strokeWidth(10, 100)).toBeGreaterThan(strokeWidth(5, 100));
    expect(percent(1, 3)).toBe('33%');
    expect(percent(1, 2000)).toBe('<0.1%');
  });

  it("finds the selected span's path: its own pair and its ancestors' pairs", () => {
    const { graph, view } = fixture();
    // route's SERVER span (2): frontend → route (pair 1 → 2) and user → frontend (its ancestor 0)
    const p = spanPath(view, graph, 2);
    expect([...p.edges].sort()).toEqual([2, 4]);
    expect([...p.nodes].sort()).toEqual(['frontend', 'route', 'user']);
    // the consumer in another trace: the async edge kafka → worker
    expect([...spanPath(view, graph, 5).edges]).toEqual([3]);
  });

  it('lists the evidence pairs with durations, gap or cross-trace lag, and errors', () => {
    const { graph, view } = fixture();
    const [sync] = pairRows(view, graph, 2, 10);
    expect(sync).toEqual({ caller: 1, callee: 2, clientNs: 30, serverNs: 25, gapNs: 5, error: true });
    const [async] = pairRows(view, graph, 3, 10);
    // consumer starts at 500 + 0, producer ends at 60 + 10
    expect(async.gapNs).toBe(430);
    const [entry] = pairRows(view, graph, 4, 10);
    expect(entry.caller).toBe(-1);
    expect(entry.clientNs).toBeNull();
  });

  it('finds a service by exact name, prefix, then substring', () => {
    const { graph } = fixture();
    const all = graph.nodes.map((_, k) => k);
    expect(findNode(graph, all, 'ROUTE')).toBe(4);
    expect(findNode(graph, all, 'wor')).toBe(6);
    expect(findNode(graph, all, 'ysq')).toBe(3);
    expect(findNode(graph, all, 'zzz')).toBe(-1);
    expect(findNode(graph, [0, 1], 'route')).toBe(-1);
  });

  it('cuts labels to fit, and makes safe file names', () => {
    const measure = (s: string) => s.length * 10;
    expect(fitText('checkout', 100, measure)).toBe('checkout');
    expect(fitText('checkout-service-v2', 100, measure)).toBe('checkout-…');
    expect(safeFilePart('../a b<script>')).toBe('.._a_b_script_');
  });

  it('moves keyboard focus to the nearest node in the arrow direction', () => {
    const xs = [0, 100, 100, 200];
    const ys = [0, -30, 50, 0];
    expect(nextInDirection(xs, ys, 4, 0, 'right')).toBe(1);
    expect(nextInDirection(xs, ys, 4, 1, 'down')).toBe(2);
    expect(nextInDirection(xs, ys, 4, 3, 'left')).toBe(1);
    expect(nextInDirection(xs, ys, 4, 0, 'left')).toBe(-1);
  });

  it('builds a scene, places labels off the nodes and apart from each other', () => {
    const { graph } = fixture();
    const tg = { graph, findingNode: graph.diagnostics.map(() => new Int32Array(0)), findingEdge: graph.diagnostics.map(() => new Int32Array(0)) };
    const visible = visibleSubgraph(graph, { hideInferred: false, focus: null, hops: 1 });
    const scene = buildScene(1, null, tg, visible, { name: (s) => s.length * 8, small: (s) => s.length * 6 });
    expect(scene.w.every((w) => w >= 120)).toBe(true);
    expect(scene.metas[visible.slot[4]]).toBe('10 req · 10% err');
    const layout = layoutGraph({
      nodes: visible.nodes.map((v, i) => ({ id: graph.nodes[v].id, width: scene.w[i], height: scene.h[i] })),
      source: Int32Array.from(visible.edges, (k) => visible.slot[graph.edges[k].source]),
      target: Int32Array.from(visible.edges, (k) => visible.slot[graph.edges[k].target]),
    });
    const pos = placeLabels(layout, { x: layout.x, y: layout.y, w: scene.w, h: scene.h }, scene.labelW, scene.labelSide, scene.labelOrder);
    const boxes = scene.labelW.length;
    for (let a = 0; a < boxes; a++) {
      for (let v = 0; v < layout.x.length; v++) {
        const overlapX = Math.abs(pos[2 * a] - layout.x[v]) < scene.labelW[a] / 2 + scene.w[v] / 2;
        const overlapY = pos[2 * a + 1] - 10 < layout.y[v] + scene.h[v] / 2 && pos[2 * a + 1] + 3 > layout.y[v] - scene.h[v] / 2;
        expect(overlapX && overlapY, `label ${a} on node ${v}`).toBe(false);
      }
    }
    expect(findingIndex(tg).nodeTotal.every((c) => c === 0)).toBe(true);
  });

  it('draws a distinct outline per node type, and the error ring', () => {
    const names = (['service', 'entry', 'database', 'messaging', 'http', 'other'] as const).map((t) => nodeShape(t, 140, 48).name);
    expect(new Set(names).size).toBe(6);
    expect(nodeShape('database', 140, 48).detail).not.toBe('');
    expect(ringArc(14, 0)).toBe('');
    expect(ringArc(14, 0.25)).toBe('M0,-14A14,14 0 0 1 14,0');
    expect(ringArc(14, 1)).toContain('A14,14 0 1 1 0,14');
  });

  it('moves path data to a node position (arcs keep their radii and flags)', () => {
    expect(translatePath('M-7,-7H7V-1H-7Z', 100, 50)).toBe('M93,43H107V49H93Z');
    expect(translatePath('M0,-14A14,14 0 0 1 14,0', 10.5, 0.25)).toBe('M10.5,-13.75A14,14 0 0 1 24.5,0.25');
    expect(translatePath('M0,0L1,2Q3,4 5,6C1,1 2,2 3,3', 1, 1)).toBe('M1,1L2,3Q4,5 6,7C2,2 3,3 4,4');
    for (const t of ['service', 'entry', 'database', 'messaging', 'http', 'other'] as const) {
      for (const d of [nodeShape(t, 140, 48).outline, nodeShape(t, 140, 48).detail, nodeIcon(t)]) expect(translatePath(d, 0, 0).replace(/\s+/g, ' ')).toBe(d.replace(/[\s,]+/g, (m) => (m.includes(',') ? ',' : ' ')));
    }
  });
});
