/**
 * The service graph's result types: plain, structured-clone-friendly data (objects, arrays, typed
 * arrays) so a worker can compute it and post it to the page as is.
 *
 * Span references are span indices into the Dataset the graph was derived from. Durations are
 * nanoseconds.
 */

export type EdgeType = 'sync' | 'async';

/**
 * What a node is. `service`: an instrumented service (it has spans). The others are inferred from
 * attributes of the spans that talk to them: `database`, `messaging` (a broker, queue or topic),
 * `http` (an external HTTP endpoint), `entry` (where a root SERVER/CONSUMER's request came from:
 * "user", or the caller its peer attribute names) and `other`.
 */
export type NodeType = 'service' | 'entry' | 'database' | 'messaging' | 'http' | 'other';

export interface GraphOptions {
  /** Only this trace (index into `ds.traces`). Pairs with either side in the trace count. Default: all traces. */
  trace?: number;
  /** Draw each messaging destination as its own node between producer and consumer (as Zipkin does). */
  brokerNodes?: boolean;
  /** Draw unpaired CLIENT/PRODUCER spans (no callee, no peer attribute) as edges to one "(unpaired)" node. */
  drawUnpaired?: boolean;
}

/** A duration distribution. Percentiles are nearest-rank: the smallest value with at least p% of values at or below it. */
export interface DurationStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface GraphNode {
  /** Service name, or the inferred peer's name. Unique; nodes are sorted by id. */
  id: string;
  inferred: boolean;
  type: NodeType;
  /** The attribute that named it: "service.name" for services, e.g. "db.namespace" for an inferred node, null for "user". */
  namedBy: string | null;
  /** Requests served: SERVER and CONSUMER spans of the service, plus calls into it seen only from the client side. */
  requests: number;
  /** Of those, the ones with status ERROR (server span, or client span when there is no server span). */
  errors: number;
  /** p95 of those requests' durations (server side where known, else client side); null when none is timed. */
  p95Ns: number | null;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Indices of `from` and `to` in `nodes`. */
  source: number;
  target: number;
  type: EdgeType;
  /** Number of span pairs behind the edge. */
  calls: number;
  /** Pairs with status ERROR on either side. */
  errors: number;
  /** Caller-side (CLIENT/PRODUCER) durations; null when no pair has a measured caller span (entry edges, broker-to-consumer edges). */
  client: DurationStats | null;
  /** Callee-side (SERVER/CONSUMER) durations; null when no pair has a callee span (edges to inferred nodes). */
  server: DurationStats | null;
  /** Sync edges: client minus server duration per pair (network and queueing); null when no pair has both sides. */
  gap: DurationStats | null;
  /** Async edges: consumer start minus producer end per pair (queue lag, may be negative under clock skew); null otherwise. */
  lag: DurationStats | null;
  /** The edge's pairs are `pairCaller/pairCallee[pairStart .. pairStart + pairCount - 1]` of the graph. */
  pairStart: number;
  pairCount: number;
}

/** Stable diagnostic codes, in the order they are listed. */
export const DIAGNOSTIC_CODES = [
  'KIND_UNSPECIFIED',
  'ORPHAN_SPAN',
  'SERVER_WITH_LOCAL_PARENT',
  'UNMARKED_SERVICE_HOP',
  'ASYNC_AS_SYNC',
  'NESTED_CLIENT',
  'CLIENT_WITHOUT_REMOTE_CHILD',
  'PRODUCER_WITHOUT_CONSUMER',
  'CONSUMER_WITHOUT_PRODUCER',
  'CLOCK_SKEW',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/**
 * All findings of one code, as parallel columns (one entry per finding; no object per finding):
 * - `spans[k]`: the span the finding is about;
 * - `related[k]`: the other span involved (its parent, its CLIENT, its inner CLIENT), or -1;
 * - `value[k]`: CLOCK_SKEW: by how many ns the SERVER starts before / ends after its CLIENT (the larger);
 *   CLIENT_WITHOUT_REMOTE_CHILD and PRODUCER_WITHOUT_CONSUMER: index in `nodes` of the inferred node it
 *   was drawn to, or -1 when it was counted as unpaired; otherwise 0.
 */
export interface DiagnosticSet {
  code: DiagnosticCode;
  count: number;
  spans: Int32Array;
  related: Int32Array;
  value: Float64Array;
}

export interface ServiceGraph {
  /** The trace index the graph was restricted to, or null for all loaded traces. */
  trace: number | null;
  brokerNodes: boolean;
  nodes: GraphNode[];
  /** Sorted by from, to, type. */
  edges: GraphEdge[];
  /**
   * The evidence: span pairs grouped by edge (see GraphEdge.pairStart). `pairCaller` is the CLIENT or
   * PRODUCER span (-1 for entry edges), `pairCallee` the SERVER or CONSUMER (or link-joined) span (-1
   * for edges to inferred nodes). On a broker-to-consumer edge `pairCaller` is the producer whose
   * message was consumed (evidence and queue lag; its duration is counted on producer-to-broker).
   */
  pairCaller: Int32Array;
  pairCallee: Int32Array;
  /** CLIENT/PRODUCER spans with no callee span and no peer attribute: counted, not drawn by default. */
  unpaired: number;
  unpairedSpans: Int32Array;
  /** One set per code, in DIAGNOSTIC_CODES order (sets with no finding included, count 0). */
  diagnostics: DiagnosticSet[];
}
