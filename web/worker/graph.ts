/**
 * The topology view's worker calls: the service graph of one trace or of all loaded traces, with
 * each span-kind finding placed on the node and edge it concerns; the graph as JSON for export;
 * and the graph layout (core/layout), so none of it runs on the page's main thread.
 */
import type { Dataset } from '../core/model/types.ts';
import { serviceName } from '../core/model/access.ts';
import { UNKNOWN_SERVICE, graphToJson } from '../core/graph/index.ts';
import { layoutBuffers, layoutGraph } from '../core/layout/graph-layout.ts';
import type { GraphLayout, GraphLayoutInput, GraphLayoutOptions } from '../core/layout/graph-layout.ts';
import type { TopologyGraph } from './protocol.ts';
import { serviceGraph } from './graph-cache.ts';

function checkTrace(ds: Dataset, trace: number | null): void {
  if (trace !== null && (!Number.isInteger(trace) || trace < 0 || trace >= ds.traces.length)) throw new RangeError(`no trace ${trace}`);
}

/**
 * Codes whose finding is not about a drawn call (the hop is missing from the graph, or the span is
 * never paired): they go on the node only.
 */
const NODE_ONLY = new Set(['UNMARKED_SERVICE_HOP', 'KIND_UNSPECIFIED', 'ORPHAN_SPAN']);

/** The graph plus, per finding, its node (the service of the span it is about) and its edge (the edge whose evidence holds that span). */
export function topologyGraph(ds: Dataset, trace: number | null, brokerNodes: boolean): TopologyGraph {
  checkTrace(ds, trace);
  const graph = serviceGraph(ds, trace, brokerNodes);
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((n, k) => nodeIndex.set(n.id, k));
  // span -> first edge whose pairs hold it, only for spans that findings name
  const wanted = new Map<number, number>();
  for (const set of graph.diagnostics) {
    if (NODE_ONLY.has(set.code)) continue;
    for (let k = 0; k < set.count; k++) wanted.set(set.spans[k], -1);
  }
  if (wanted.size > 0) {
    graph.edges.forEach((e, ei) => {
      for (let p = e.pairStart; p < e.pairStart + e.pairCount; p++) {
        for (const s of [graph.pairCaller[p], graph.pairCallee[p]]) {
          if (s >= 0 && wanted.get(s) === -1) wanted.set(s, ei);
        }
      }
    });
  }
  const serviceNode = new Map<number, number>(); // resource -> node
  const findingNode: Int32Array[] = [];
  const findingEdge: Int32Array[] = [];
  for (const set of graph.diagnostics) {
    const nodes = new Int32Array(set.count);
    const edges = new Int32Array(set.count);
    for (let k = 0; k < set.count; k++) {
      const s = set.spans[k];
      const r = ds.resource[s];
      let node = serviceNode.get(r);
      if (node === undefined) {
        node = nodeIndex.get(serviceName(ds, s) || UNKNOWN_SERVICE) ?? -1;
        serviceNode.set(r, node);
      }
      nodes[k] = node;
      edges[k] = NODE_ONLY.has(set.code) ? -1 : (wanted.get(s) ?? -1);
    }
    findingNode.push(nodes);
    findingEdge.push(edges);
  }
  return { graph, findingNode, findingEdge };
}

/**
 * The buffers of a topology graph that postMessage may transfer: the finding placements, made per
 * call. The graph's own arrays stay in the worker's cache (graph-cache.ts), so they are copied.
 */
export function topologyBuffers(t: TopologyGraph): ArrayBuffer[] {
  const out: ArrayBufferLike[] = [];
  for (const a of t.findingNode) out.push(a.buffer);
  for (const a of t.findingEdge) out.push(a.buffer);
  // distinct buffers only (a subarray shares its parent's)
  return [...new Set(out)] as ArrayBuffer[];
}

/** The graph in the stable JSON shape of `spanmap graph --json` (web/core/graph/README.md), as text. */
export function topologyJson(ds: Dataset, trace: number | null, brokerNodes: boolean): string {
  checkTrace(ds, trace);
  return JSON.stringify(graphToJson(ds, serviceGraph(ds, trace, brokerNodes)), null, 2);
}

/** The layout of a graph; `now` is the worker's clock. */
export function topologyLayout(input: GraphLayoutInput, options: Omit<GraphLayoutOptions, 'now'>): { layout: GraphLayout; transfer: ArrayBuffer[] } {
  if (!input || !Array.isArray(input.nodes)) throw new TypeError('layout: nodes missing');
  const n = input.nodes.length;
  const m = input.source.length;
  if (input.target.length !== m) throw new RangeError('layout: source and target differ in length');
  for (let k = 0; k < m; k++) {
    const u = input.source[k];
    const v = input.target[k];
    if (!(u >= 0 && u < n && v >= 0 && v < n)) throw new RangeError(`layout: edge ${k} names no node`);
  }
  const layout = layoutGraph(input, { ...options, now: () => performance.now() });
  return { layout, transfer: layoutBuffers(layout) };
}
