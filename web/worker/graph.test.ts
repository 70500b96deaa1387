import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetBuilder } from '../core/model/builder.ts';
import { importText } from '../core/formats/index.ts';
import type { Dataset } from '../core/model/types.ts';
import { serviceName } from '../core/model/access.ts';
import { DIAGNOSTIC_CODES, deriveGraph } from '../core/graph/index.ts';
import { topologyBuffers, topologyGraph, topologyJson, topologyLayout } from './graph.ts';
import { createEngineClient } from './client.ts';
import { inProcessWorker } from './in-process.ts';
import { spanDiagnostics } from './span-diagnostics.ts';

const FIX = new URL('../test/fixtures/shared/', import.meta.url);
const HOTROD = 'otlp/jaeger-hotrod-apiv3.json';
const KAFKA = 'zipkin/lens-messaging-kafka.json';
const SMART = 'zipkin/lens-smartthings-mobile-web-install.json';

function load(rel: string): Dataset {
  const b = new DatasetBuilder();
  importText(b, rel, readFileSync(new URL(rel, FIX), 'utf8'));
  return b.finish();
}

describe('topology graph (worker)', () => {
  it('places each finding on its service node, and on the edge whose evidence holds its span', () => {
    const ds = load(SMART);
    const t = topologyGraph(ds, null, false);
    const g = t.graph;
    expect(t.findingNode).toHaveLength(DIAGNOSTIC_CODES.length);
    g.diagnostics.forEach((set, c) => {
      expect(t.findingNode[c]).toHaveLength(set.count);
      for (let k = 0; k < set.count; k++) {
        const node = t.findingNode[c][k];
        expect(node).toBeGreaterThanOrEqual(0);
        expect(g.nodes[node].id).toBe(serviceName(ds, set.spans[k]) || '(unknown service)');
        const e = t.findingEdge[c][k];
        if (e >= 0) {
          const edge = g.edges[e];
          const spans = [...g.pairCaller.subarray(edge.pairStart, edge.pairStart + edge.pairCount), ...g.pairCallee.subarray(edge.pairStart, edge.pairStart + edge.pairCount)];
          expect(spans).toContain(set.spans[k]);
        }
      }
    });
    // CLIENT_WITHOUT_REMOTE_CHILD findings drawn to a node sit on an edge; clock skew sits on its pair's edge
    const c = DIAGNOSTIC_CODES.indexOf('CLOCK_SKEW');
    expect(g.diagnostics[c].count).toBeGreaterThan(0);
    expect([...t.findingEdge[c]].every((e) => e >= 0)).toBe(true);
    const u = DIAGNOSTIC_CODES.indexOf('UNMARKED_SERVICE_HOP');
    expect([...t.findingEdge[u]].every((e) => e === -1)).toBe(true);
    // matches the core's derivation
    expect(g.edges.length).toBe(deriveGraph(ds).edges.length);
    expect(new Set(topologyBuffers(t)).size).toBe(topologyBuffers(t).length);
  });

  it('derives each graph of a dataset once, shared with the diagnostics, and a transferred reply leaves the cached graph whole', () => {
    const ds = load(SMART);
    const a = topologyGraph(ds, null, false);
    const pairs = a.graph.pairCaller.length;
    expect(pairs).toBeGreaterThan(0);
    // what postMessage does with the transfer list: the transferred buffers are emptied here
    structuredClone(a, { transfer: topologyBuffers(a) });
    const b = topologyGraph(ds, null, false);
    expect(b.graph).toBe(a.graph);
    expect(b.graph.pairCaller.length).toBe(pairs);
    expect(b.graph.diagnostics.every((d) => d.spans.length >= d.count)).toBe(true);
    expect(topologyGraph(ds, 0, false).graph).not.toBe(a.graph);
    expect(spanDiagnostics(ds, a.graph.diagnostics.find((d) => d.count > 0)?.spans[0] ?? 0).length).toBeGreaterThan(0);
  });

  it('restricts to one trace, rejects a missing one, and exports JSON', () => {
    const ds = load(KAFKA);
    const t = topologyGraph(ds, 0, true);
    expect(t.graph.trace).toBe(0);
    expect(t.graph.brokerNodes).toBe(true);
    expect(() => topologyGraph(ds, 5, false)).toThrow(RangeError);
    const json = JSON.parse(topologyJson(ds, null, false)) as { nodes: { id: string }[]; edges: unknown[] };
    expect(json.nodes.map((n) => n.id)).toContain('kafka');
    expect(json.edges.length).toBeGreaterThan(0);
  });

  it('validates layout input', () => {
    expect(() => topologyLayout({ nodes: [{ id: 'a', width: 10, height: 10 }], source: [0], target: [3] }, {})).toThrow(RangeError);
    const { layout, transfer } = topologyLayout({ nodes: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], source: [0], target: [1] }, {});
    expect(layout.x[0]).toBeLessThan(layout.x[1]);
    expect(transfer.length).toBe(7);
  });
});

describe('graph and layout through the client', () => {
  it('answers graph, graphJson and layout', async () => {
    const client = createEngineClient({ createWorker: () => inProcessWorker() });
    await expect(client.graph(null, false)).rejects.toThrow('nothing is loaded');
    await client.load([new File([readFileSync(new URL(HOTROD, FIX))], 'hotrod.json')]);
    const t = await client.graph(0, false);
    expect(t.graph.nodes.map((n) => n.id)).toEqual(['customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route', 'user']);
    expect(t.graph.pairCaller).toBeInstanceOf(Int32Array);
    const text = await client.graphJson(null, false);
    expect(JSON.parse(text).nodes).toHaveLength(7);
    const g = t.graph;
    const layout = await client.layout(
      { nodes: g.nodes.map((n) => ({ id: n.id, width: 120, height: 40 })), source: Int32Array.from(g.edges, (e) => e.source), target: Int32Array.from(g.edges, (e) => e.target) },
      { algorithm: 'layered' },
    );
    const user = g.nodes.findIndex((n) => n.id === 'user');
    const frontend = g.nodes.findIndex((n) => n.id === 'frontend');
    expect(layout.x[user]).toBeLessThan(layout.x[frontend]);
    const force = await client.layout({ nodes: [{ id: 'x', width: 50, height: 20 }], source: [], target: [] }, { algorithm: 'force' });
    expect(force.algorithm).toBe('force');
    client.dispose();
  });
});
