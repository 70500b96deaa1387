/**
 * Service graph: topology and span-kind lint derived from span kinds, in the pure core.
 *
 * ENTRY POINT (one call does both; for the worker, the CLI and the bench runner):
 *
 *   deriveGraph(ds: Dataset, options?: GraphOptions): ServiceGraph
 *     options.trace        only this trace (index into ds.traces); default all loaded traces
 *     options.brokerNodes  draw messaging destinations as nodes between producer and consumer
 *     options.drawUnpaired draw unpaired CLIENT/PRODUCER spans to one "(unpaired)" node
 *   diagnose(ds, options?) the DiagnosticSet[] part alone (same work: the lint falls out of the pairing)
 *
 * The result is plain serializable data (see types.ts): nodes, edges with stats, evidence pairs as
 * Int32Arrays of span indices, diagnostics as Int32Array/Float64Array columns per code. Cost: linear
 * in spans (plus one sort per edge and per node for percentiles); no recursion; no object or string
 * per span on the hot paths. Renderers: export.ts (JSON, DOT, Mermaid); readable diagnostics:
 * diagnostics.ts.
 *
 * RULES (compatible with the OpenTelemetry Collector servicegraph connector and Grafana Tempo's
 * service-graphs processor; their rules: shared/design/servicegraph-rules.md; JSON shape: README.md):
 * - Sync edge caller -> callee: a SERVER span whose parent is a CLIENT span (same trace). Self calls
 *   are edges. A Zipkin shared client/server record is paired the same way (the importer makes the
 *   shared SERVER the child of its CLIENT). Each SERVER child of a CLIENT is a call (like Zipkin; the
 *   collector pairs only the first).
 * - Async edge producer -> consumer: a CONSUMER span whose parent is a PRODUCER span, and any
 *   non-PRODUCER span with a span link to a loaded PRODUCER span, in this or another trace (the
 *   backends ignore links; Spanmap does not). Mixed kinds pair like the collector: CLIENT -> CONSUMER
 *   is async, PRODUCER -> SERVER is sync, both flagged ASYNC_AS_SYNC.
 * - Inferred node: a CLIENT/PRODUCER with no SERVER/CONSUMER child (and, for a PRODUCER, no linking
 *   consumer) calls a node named by the first non-empty of: peer.service, server.service.name,
 *   service.peer.name, server.address (net.peer.name) with its port only where one address is seen
 *   with several ports, network.peer.address:port (net.sock.peer.addr:port), db.namespace, db.name,
 *   db.system.name, db.system, messaging.destination.name, messaging.destination, host of url.full /
 *   http.url. Its type: database (db.*), messaging (messaging.* or PRODUCER), http (url/http method),
 *   else other. A name equal to a loaded service's name is that service's node (peer.service is meant
 *   to be the callee's service.name). Nothing named: counted in `unpaired`, never an "unknown" node.
 *   An outer CLIENT of a NESTED_CLIENT pair with nothing naming its peer is left to its inner CLIENT.
 * - Entry node: a root SERVER/CONSUMER (no parent id, or an all-zero one) is called by the node its
 *   own peer.service / client.service.name / service.peer.name (CONSUMER: also its destination) names,
 *   else by "user" (Tempo's rule; the collector always says "user"). A SERVER whose parent id is not
 *   loaded gets no edge (ORPHAN_SPAN), as in both peers.
 * - Per edge: calls, errors (status ERROR on either side), caller and callee duration distributions,
 *   client-minus-server gap (sync), consumer-start-minus-producer-end lag (async), and the pairs.
 *   Per node: requests served, errors, p95, inferred or not. Spans of a resource without
 *   service.name are drawn as "(unknown service)" (the peers drop them).
 */
import type { Dataset } from '../model/types.ts';
import { deriveGraph } from './derive.ts';
import type { DiagnosticSet, GraphOptions } from './types.ts';

export { deriveGraph, edgePairs, UNKNOWN_SERVICE, USER_NODE, UNPAIRED_NODE } from './derive.ts';
export { DIAGNOSTIC_INFO, diagnosticEntries, diagnosticMessage, diagnosticCounts } from './diagnostics.ts';
export type { DiagnosticEntry } from './diagnostics.ts';
export { graphToJson, graphToDot, graphToMermaid, edgeDurations } from './export.ts';
export type { GraphJson, GraphJsonEdge, GraphJsonNode } from './export.ts';
export { DIAGNOSTIC_CODES } from './types.ts';
export type { DiagnosticCode, DiagnosticSet, DurationStats, EdgeType, GraphEdge, GraphNode, GraphOptions, NodeType, ServiceGraph } from './types.ts';

/** The diagnostics alone (computed by the same single derivation). */
export function diagnose(ds: Dataset, options: GraphOptions = {}): DiagnosticSet[] {
  return deriveGraph(ds, options).diagnostics;
}
