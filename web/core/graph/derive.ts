/**
 * Service-graph derivation and span-kind lint in one linear pass family over the columns.
 *
 * Passes (each O(spans in scope), no recursion, no object or string per span on the hot paths):
 *  1. span links: a non-PRODUCER span linking to a loaded PRODUCER span (any trace) is its consumer;
 *  2. parent/child: SERVER or CONSUMER child of a CLIENT or PRODUCER parent is a pair; local lint;
 *  3. CLIENT/PRODUCER spans left without a callee: inferred node from peer attributes, or unpaired;
 *  4. root SERVER/CONSUMER spans: an entry edge from "user" (or from their own peer attribute);
 *  5. grouping pairs by edge, then per-edge and per-node distributions (one sort per edge/node).
 */
import type { Dataset } from '../model/types.ts';
import { idleBuilder, keepHiddenClass } from '../model/builder.ts';
import { SpanFlag, SpanKind, StatusCode } from '../model/types.ts';
import { FloatList, IntList } from './lists.ts';
import { PeerReader, PortUse } from './peer.ts';
import { summarize } from './stats.ts';
import type { DiagnosticCode, DiagnosticSet, DurationStats, GraphEdge, GraphNode, GraphOptions, NodeType, ServiceGraph } from './types.ts';
import { DIAGNOSTIC_CODES } from './types.ts';

/** Node id of spans whose resource has no service.name. */
export const UNKNOWN_SERVICE = '(unknown service)';
/** Node id of the entry node of root SERVER/CONSUMER spans that do not name their caller. */
export const USER_NODE = 'user';
/** Node id used for unpaired CLIENT/PRODUCER spans when `drawUnpaired` is set. */
export const UNPAIRED_NODE = '(unpaired)';

const SERVER = SpanKind.SERVER;
const CLIENT = SpanKind.CLIENT;
const PRODUCER = SpanKind.PRODUCER;
const CONSUMER = SpanKind.CONSUMER;
const UNTIMED = SpanFlag.NO_TIMESTAMP | SpanFlag.NO_DURATION;

// Per-span marks.
const HAS_CALLEE = 1; // CLIENT/PRODUCER with a SERVER/CONSUMER child or a span linking to it
const HAS_PRODUCER = 2; // links to a loaded PRODUCER
const TO_BROKER = 4; // PRODUCER already drawn to its broker node
const NESTED_OUTER = 8; // CLIENT with a CLIENT child in the same service

// Per-pair flags.
const PAIR_ASYNC = 1;
/** Broker-to-consumer pair: the caller span is the producer, kept for evidence and lag, not measured here. */
const PAIR_DELIVER = 2;

const TYPE_RANK: Readonly<Record<NodeType, number>> = { other: 0, entry: 1, http: 2, messaging: 3, database: 4, service: 5 };

const CODE_INDEX = new Map<DiagnosticCode, number>(DIAGNOSTIC_CODES.map((c, k) => [c, k]));
const D_KIND_UNSPECIFIED = CODE_INDEX.get('KIND_UNSPECIFIED') as number;
const D_ORPHAN = CODE_INDEX.get('ORPHAN_SPAN') as number;
const D_LOCAL_PARENT = CODE_INDEX.get('SERVER_WITH_LOCAL_PARENT') as number;
const D_UNMARKED_HOP = CODE_INDEX.get('UNMARKED_SERVICE_HOP') as number;
const D_ASYNC_AS_SYNC = CODE_INDEX.get('ASYNC_AS_SYNC') as number;
const D_NESTED = CODE_INDEX.get('NESTED_CLIENT') as number;
const D_CLIENT_NO_CHILD = CODE_INDEX.get('CLIENT_WITHOUT_REMOTE_CHILD') as number;
const D_PRODUCER_NO_CONSUMER = CODE_INDEX.get('PRODUCER_WITHOUT_CONSUMER') as number;
const D_CONSUMER_NO_PRODUCER = CODE_INDEX.get('CONSUMER_WITHOUT_PRODUCER') as number;
const D_CLOCK_SKEW = CODE_INDEX.get('CLOCK_SKEW') as number;

class NodeTable {
  readonly ids: string[] = [];
  readonly types: NodeType[] = [];
  readonly namedBy: (string | null)[] = [];
  private readonly index = new Map<string, number>();

  /** The node with this id, created or upgraded (a service beats any inferred type; database beats messaging, ...). */
  get(id: string, type: NodeType, namedBy: string | null): number {
    let k = this.index.get(id);
    if (k === undefined) {
      k = this.ids.length;
      this.ids.push(id);
      this.types.push(type);
      this.namedBy.push(namedBy);
      this.index.set(id, k);
    } else if (TYPE_RANK[type] > TYPE_RANK[this.types[k]]) {
      this.types[k] = type;
      this.namedBy[k] = namedBy;
    }
    return k;
  }
}

class DiagnosticCollector {
  readonly spans: IntList[] = DIAGNOSTIC_CODES.map(() => new IntList(16));
  readonly related: IntList[] = DIAGNOSTIC_CODES.map(() => new IntList(16));
  readonly value: FloatList[] = DIAGNOSTIC_CODES.map(() => new FloatList(16));
  add(code: number, span: number, related: number, value: number): void {
    this.spans[code].push(span);
    this.related[code].push(related);
    this.value[code].push(value);
  }
}

// Idle instances keep the hidden classes of the per-derivation objects, and the optimized code
// built on them, alive between derivations (see keepHiddenClass in model/builder.ts): without them
// every full GC after a derivation threw that code away, and repeated derivations got slower.
keepHiddenClass(new NodeTable());
keepHiddenClass(new DiagnosticCollector());
keepHiddenClass(new IntList(4));
keepHiddenClass(new FloatList(4));
keepHiddenClass(new PeerReader(idleBuilder().finish()));

/**
 * Derives the service graph and the span-kind diagnostics of `ds` (all traces, or `options.trace`).
 * Never throws for any Dataset the builder produces. See index.ts for the rules.
 */
export function deriveGraph(ds: Dataset, options: GraphOptions = {}): ServiceGraph {
  const n = ds.spanCount;
  const traceFilter = options.trace !== undefined && options.trace >= 0 && options.trace < ds.traces.length ? options.trace : null;
  const brokerNodes = options.brokerNodes === true;
  const { kind, parent, flags, status, start, duration } = ds;
  const traceCol = ds.trace;
  const scope = traceFilter === null ? null : ds.traces[traceFilter].order;
  const scopeCount = scope === null ? n : scope.length;
  const inScope = (i: number): boolean => traceFilter === null || traceCol[i] === traceFilter;

  const nodes = new NodeTable();
  const diags = new DiagnosticCollector();
  const reader = new PeerReader(ds);
  const mark = new Uint8Array(n);

  // Service node of each resource (resources sharing a service.name share the node); last slot: bad index.
  const resourceCount = ds.resources.length;
  const resNode = new Int32Array(resourceCount + 1).fill(-1);
  const svc = (i: number): number => {
    let r = ds.resource[i];
    if (!(r >= 0 && r < resourceCount)) r = resourceCount;
    let k = resNode[r];
    if (k < 0) k = resNode[r] = nodes.get(ds.resources[r]?.serviceName || UNKNOWN_SERVICE, 'service', 'service.name');
    return k;
  };

  // Edges keyed by (from, to, async) as one number; pairs as parallel lists.
  const edgeIndex = new Map<number, number>();
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeAsync: number[] = [];
  const pairCaller = new IntList(1024);
  const pairCallee = new IntList(1024);
  const pairEdge = new IntList(1024);
  const pairFlags = new IntList(1024);
  const record = (caller: number, callee: number, from: number, to: number, pairFlag: number): void => {
    const asyncBit = pairFlag & PAIR_ASYNC;
    const key = (from * 33554432 + to) * 2 + asyncBit;
    let e = edgeIndex.get(key);
    if (e === undefined) {
      e = edgeFrom.length;
      edgeFrom.push(from);
      edgeTo.push(to);
      edgeAsync.push(asyncBit);
      edgeIndex.set(key, e);
    }
    pairCaller.push(caller);
    pairCallee.push(callee);
    pairEdge.push(e);
    pairFlags.push(pairFlag);
  };

  /** Broker node of a producer/consumer pair (producer's attributes first), or -1. */
  const brokerOf = (p: number, c: number): number => {
    reader.load(p);
    if (!reader.broker()) {
      if (c < 0) return -1;
      reader.load(c);
      if (!reader.broker()) return -1;
    }
    return nodes.get(reader.name, 'messaging', reader.namedBy);
  };

  /** A message from PRODUCER p consumed by span c (child or link). */
  const recordMessage = (p: number, c: number): void => {
    if (brokerNodes && kind[p] === PRODUCER) {
      const b = brokerOf(p, c);
      if (b >= 0) {
        if (inScope(p) && (mark[p] & TO_BROKER) === 0) {
          mark[p] |= TO_BROKER;
          record(p, -1, svc(p), b, PAIR_ASYNC);
        }
        record(p, c, b, svc(c), PAIR_ASYNC | PAIR_DELIVER);
        return;
      }
    }
    record(p, c, svc(p), svc(c), PAIR_ASYNC);
  };

  // ---- 1. Span links to PRODUCER spans, in any loaded trace.
  if (ds.links.size > 0) {
    const traceById = new Map<string, number>();
    ds.traces.forEach((t, k) => traceById.set(t.id, k));
    // PRODUCER spans by span id (one map; the rare same id in several traces is chained, first first).
    const producerList = new IntList(256);
    for (let i = 0; i < n; i++) if (kind[i] === PRODUCER) producerList.push(i);
    const producerAt = producerList.toArray();
    const nextSameId = new Int32Array(producerAt.length).fill(-1);
    const firstById = new Map<string, number>();
    const lastById = new Map<string, number>();
    for (let k = 0; k < producerAt.length; k++) {
      const id = ds.spanId[producerAt[k]];
      const last = lastById.get(id);
      if (last === undefined) firstById.set(id, k);
      else nextSameId[last] = k;
      lastById.set(id, k);
    }
    const producerOf = (traceIndex: number, spanId: string): number => {
      let k = firstById.get(spanId);
      if (k === undefined) k = firstById.get(spanId.toLowerCase());
      for (; k !== undefined && k >= 0; k = nextSameId[k]) if (traceCol[producerAt[k]] === traceIndex) return producerAt[k];
      return -1;
    };
    const seen: number[] = [];
    if (producerAt.length > 0) {
      for (const [i, ls] of ds.links) {
        if (!(i >= 0 && i < n) || kind[i] === PRODUCER) continue;
        seen.length = 0;
        for (const l of ls) {
          const t = traceById.get(l.traceId) ?? traceById.get(l.traceId.toLowerCase());
          if (t === undefined) continue;
          const q = producerOf(t, l.spanId);
          if (q < 0 || q === i || seen.includes(q)) continue;
          seen.push(q);
          // A CONSUMER/SERVER child of this very producer is paired as parent and child below.
          if (q === parent[i] && (kind[i] === CONSUMER || kind[i] === SERVER)) continue;
          mark[q] |= HAS_CALLEE;
          mark[i] |= HAS_PRODUCER;
          if (inScope(i) || inScope(q)) recordMessage(q, i);
        }
      }
    }
  }

  // ---- 2. Parent/child pairs and per-span lint.
  const served = new IntList(1024);
  const callers = new IntList(1024);
  const entries = new IntList(64);
  for (let k = 0; k < scopeCount; k++) {
    const i = scope === null ? k : scope[k];
    const kd = kind[i];
    const p = parent[i];
    const s = svc(i);
    if (kd === SpanKind.UNSPECIFIED) diags.add(D_KIND_UNSPECIFIED, i, -1, 0);
    let root = p < 0;
    if (p < 0 && (flags[i] & SpanFlag.ORPHAN) !== 0 && !zeroParentId(ds.missingParentId.get(i))) {
      root = false;
      diags.add(D_ORPHAN, i, -1, 0);
    }
    if (kd === SERVER || kd === CONSUMER) {
      served.push(i);
      if (p >= 0) {
        const pk = kind[p];
        if (pk === CLIENT || pk === PRODUCER) {
          mark[p] |= HAS_CALLEE;
          if (kd === CONSUMER) {
            if (pk === CLIENT) diags.add(D_ASYNC_AS_SYNC, i, p, 0);
            recordMessage(p, i);
          } else {
            if (pk === PRODUCER) diags.add(D_ASYNC_AS_SYNC, i, p, 0);
            else if (((flags[i] | flags[p]) & UNTIMED) === 0) {
              const before = start[p] - start[i];
              const after = start[i] + duration[i] - (start[p] + duration[p]);
              const skew = before > after ? before : after;
              if (skew > 0) diags.add(D_CLOCK_SKEW, i, p, skew);
            }
            record(p, i, svc(p), s, 0);
          }
        } else if (kd === SERVER) {
          diags.add(svc(p) === s ? D_LOCAL_PARENT : D_UNMARKED_HOP, i, p, 0);
        } else if ((mark[i] & HAS_PRODUCER) === 0) {
          diags.add(D_CONSUMER_NO_PRODUCER, i, p, 0);
        }
      } else if ((mark[i] & HAS_PRODUCER) === 0) {
        if (kd === CONSUMER) diags.add(D_CONSUMER_NO_PRODUCER, i, -1, 0);
        if (root) entries.push(i);
      }
    } else if (kd === CLIENT || kd === PRODUCER) {
      callers.push(i);
      if (p >= 0) {
        if (svc(p) !== s) diags.add(D_UNMARKED_HOP, i, p, 0);
        else if (kd === CLIENT && kind[p] === CLIENT) {
          mark[p] |= NESTED_OUTER;
          diags.add(D_NESTED, p, i, 0);
        }
      }
    } else if (p >= 0 && svc(p) !== s) {
      diags.add(D_UNMARKED_HOP, i, p, 0);
    }
  }

  // ---- 3. CLIENT/PRODUCER spans without a callee: inferred node, delegated (nested), or unpaired.
  // First name every candidate, then decide where a port tells instances of one address apart.
  const candSpan = new IntList(256);
  const candName: string[] = [];
  const candPort: string[] = [];
  const candType: NodeType[] = [];
  const candNamedBy: string[] = [];
  const portOf = new Map<string, string>(); // address -> its one port, or AMBIGUOUS
  const AMBIGUOUS = '\u0000';
  for (let k = 0; k < callers.length; k++) {
    const c = callers.get(k);
    const m = mark[c];
    if ((m & (HAS_CALLEE | TO_BROKER)) !== 0) continue;
    const kd = kind[c];
    reader.load(c);
    const isProducer = kd === PRODUCER;
    let named = false;
    let type: NodeType = 'other';
    if (isProducer && brokerNodes && reader.broker()) {
      named = true;
      type = 'messaging';
    } else if (reader.callee()) {
      named = true;
      type = reader.peerType(isProducer);
    }
    if (named) {
      candSpan.push(c);
      candName.push(reader.name);
      candNamedBy.push(reader.namedBy);
      candType.push(type);
      const port = reader.portUse === PortUse.IF_AMBIGUOUS ? reader.port : '';
      candPort.push(port);
      if (port !== '') {
        const seenPort = portOf.get(reader.name);
        if (seenPort === undefined) portOf.set(reader.name, port);
        else if (seenPort !== port) portOf.set(reader.name, AMBIGUOUS);
      }
    } else if (kd === CLIENT && (m & NESTED_OUTER) !== 0) {
      // Delegated: its inner CLIENT stands for the call (NESTED_CLIENT says so); not counted twice.
    } else {
      candSpan.push(c);
      candName.push('');
      candNamedBy.push('');
      candType.push('other');
      candPort.push('');
    }
  }
  const unpairedSpans = new IntList(256);
  let unpairedNode = -1;
  for (let k = 0; k < candSpan.length; k++) {
    const c = candSpan.get(k);
    const code = kind[c] === PRODUCER ? D_PRODUCER_NO_CONSUMER : D_CLIENT_NO_CHILD;
    const pairFlag = kind[c] === PRODUCER ? PAIR_ASYNC : 0;
    let name = candName[k];
    if (name === '') {
      unpairedSpans.push(c);
      diags.add(code, c, -1, -1);
      if (options.drawUnpaired) {
        if (unpairedNode < 0) unpairedNode = nodes.get(UNPAIRED_NODE, 'other', null);
        record(c, -1, svc(c), unpairedNode, pairFlag);
      }
      continue;
    }
    const port = candPort[k];
    if (port !== '' && portOf.get(name) === AMBIGUOUS) name = reader.join(name, port, 'port');
    const node = nodes.get(name, candType[k], candNamedBy[k]);
    record(c, -1, svc(c), node, pairFlag);
    diags.add(code, c, -1, node);
  }

  // ---- 4. Entry edges into root SERVER/CONSUMER spans.
  for (let k = 0; k < entries.length; k++) {
    const e = entries.get(k);
    const isConsumer = kind[e] === CONSUMER;
    let node: number;
    reader.load(e);
    if (isConsumer && brokerNodes && reader.broker()) node = nodes.get(reader.name, 'messaging', reader.namedBy);
    else if (reader.entry(isConsumer)) node = nodes.get(reader.name, reader.namedBy.startsWith('messaging.') ? 'messaging' : 'entry', reader.namedBy);
    else node = nodes.get(USER_NODE, 'entry', null);
    record(-1, e, node, svc(e), isConsumer ? PAIR_ASYNC : 0);
  }

  // ---- 5. Sort nodes and edges, group pairs by edge, distributions.
  const nodeCount = nodes.ids.length;
  const nodeOrder = Array.from({ length: nodeCount }, (_, k) => k).sort((a, b) => compareText(nodes.ids[a], nodes.ids[b]));
  const rank = new Int32Array(nodeCount);
  nodeOrder.forEach((old, k) => (rank[old] = k));
  const edgeCount = edgeFrom.length;
  const edgeOrder = Array.from({ length: edgeCount }, (_, k) => k).sort(
    (a, b) => rank[edgeFrom[a]] - rank[edgeFrom[b]] || rank[edgeTo[a]] - rank[edgeTo[b]] || edgeAsync[a] - edgeAsync[b],
  );
  const edgeRank = new Int32Array(edgeCount);
  edgeOrder.forEach((old, k) => (edgeRank[old] = k));

  const pairCount = pairCaller.length;
  const edgeStart = new Int32Array(edgeCount + 1);
  for (let k = 0; k < pairCount; k++) edgeStart[edgeRank[pairEdge.get(k)] + 1]++;
  for (let e = 0; e < edgeCount; e++) edgeStart[e + 1] += edgeStart[e];
  const fill = edgeStart.slice(0, edgeCount);
  const outCaller = new Int32Array(pairCount);
  const outCallee = new Int32Array(pairCount);
  const outFlags = new Uint8Array(pairCount);
  for (let k = 0; k < pairCount; k++) {
    const at = fill[edgeRank[pairEdge.get(k)]]++;
    outCaller[at] = pairCaller.get(k);
    outCallee[at] = pairCallee.get(k);
    outFlags[at] = pairFlags.get(k);
  }

  let traceOffset: Float64Array | null = null;
  const offsetOf = (t: number): number => {
    if (traceOffset === null) {
      traceOffset = new Float64Array(ds.traces.length);
      const base = ds.traces.length > 0 ? ds.traces[0].epochNs : 0n;
      for (let k = 0; k < ds.traces.length; k++) traceOffset[k] = Number(ds.traces[k].epochNs - base);
    }
    return traceOffset[t];
  };

  let maxPairs = 0;
  for (let e = 0; e < edgeCount; e++) maxPairs = Math.max(maxPairs, edgeStart[e + 1] - edgeStart[e]);
  const scratch = new Float64Array(maxPairs);
  const timed = (i: number): boolean => (flags[i] & UNTIMED) === 0;
  const isError = (i: number): boolean => status[i] === StatusCode.ERROR;

  const edges: GraphEdge[] = [];
  for (let e = 0; e < edgeCount; e++) {
    const old = edgeOrder[e];
    const lo = edgeStart[e];
    const hi = edgeStart[e + 1];
    const isAsync = edgeAsync[old] === 1;
    let errors = 0;
    for (let k = lo; k < hi; k++) {
      const a = outCaller[k];
      const b = outCallee[k];
      if ((a >= 0 && (outFlags[k] & PAIR_DELIVER) === 0 && isError(a)) || (b >= 0 && isError(b))) errors++;
    }
    const collect = (value: (a: number, b: number, f: number) => number): DurationStats | null => {
      let m = 0;
      for (let k = lo; k < hi; k++) {
        const v = value(outCaller[k], outCallee[k], outFlags[k]);
        if (!Number.isNaN(v)) scratch[m++] = v;
      }
      return summarize(scratch.subarray(0, m));
    };
    const from = rank[edgeFrom[old]];
    const to = rank[edgeTo[old]];
    edges.push({
      from: nodes.ids[edgeFrom[old]],
      to: nodes.ids[edgeTo[old]],
      source: from,
      target: to,
      type: isAsync ? 'async' : 'sync',
      calls: hi - lo,
      errors,
      client: collect((a, _b, f) => (a >= 0 && (f & PAIR_DELIVER) === 0 && timed(a) ? duration[a] : Number.NaN)),
      server: collect((_a, b) => (b >= 0 && timed(b) ? duration[b] : Number.NaN)),
      gap: isAsync ? null : collect((a, b) => (a >= 0 && b >= 0 && timed(a) && timed(b) ? duration[a] - duration[b] : Number.NaN)),
      lag: !isAsync
        ? null
        : collect((a, b) => {
            if (a < 0 || b < 0 || !timed(a) || (flags[b] & SpanFlag.NO_TIMESTAMP) !== 0) return Number.NaN;
            const ta = traceCol[a];
            const tb = traceCol[b];
            const shift = ta === tb ? 0 : offsetOf(tb) - offsetOf(ta);
            return start[b] + shift - (start[a] + duration[a]);
          }),
      pairStart: lo,
      pairCount: hi - lo,
    });
  }

  // Node requests: SERVER/CONSUMER spans of the service, plus calls seen only from the client side.
  const reqNode = new IntList(served.length + 64);
  const reqSpan = new IntList(served.length + 64);
  for (let k = 0; k < served.length; k++) {
    const i = served.get(k);
    reqNode.push(rank[svc(i)]);
    reqSpan.push(i);
  }
  for (let k = 0, e = 0; k < pairCount; k++) {
    while (edgeStart[e + 1] <= k) e++; // pairs are grouped by edge: advance monotonically
    if (outCallee[k] >= 0 || outCaller[k] < 0) continue;
    reqNode.push(edges[e].target);
    reqSpan.push(outCaller[k]);
  }
  const nodeStart = new Int32Array(nodeCount + 1);
  for (let k = 0; k < reqNode.length; k++) nodeStart[reqNode.get(k) + 1]++;
  for (let v = 0; v < nodeCount; v++) nodeStart[v + 1] += nodeStart[v];
  const nodeFill = nodeStart.slice(0, nodeCount);
  const nodeReq = new Int32Array(reqNode.length);
  for (let k = 0; k < reqNode.length; k++) nodeReq[nodeFill[reqNode.get(k)]++] = reqSpan.get(k);
  const nodeScratch = new Float64Array(reqNode.length);
  const outNodes: GraphNode[] = [];
  for (let v = 0; v < nodeCount; v++) {
    const old = nodeOrder[v];
    let errors = 0;
    let m = 0;
    for (let k = nodeStart[v]; k < nodeStart[v + 1]; k++) {
      const i = nodeReq[k];
      if (isError(i)) errors++;
      if (timed(i)) nodeScratch[m++] = duration[i];
    }
    const stats = summarize(nodeScratch.subarray(0, m));
    const type = nodes.types[old];
    outNodes.push({
      id: nodes.ids[old],
      inferred: type !== 'service',
      type,
      namedBy: nodes.namedBy[old],
      requests: nodeStart[v + 1] - nodeStart[v],
      errors,
      p95Ns: stats === null ? null : stats.p95,
    });
  }

  const diagnostics: DiagnosticSet[] = DIAGNOSTIC_CODES.map((code, c) => {
    const value = diags.value[c].toArray();
    if (c === D_CLIENT_NO_CHILD || c === D_PRODUCER_NO_CONSUMER) for (let k = 0; k < value.length; k++) if (value[k] >= 0) value[k] = rank[value[k]];
    return { code, count: diags.spans[c].length, spans: diags.spans[c].toArray(), related: diags.related[c].toArray(), value };
  });

  return {
    trace: traceFilter,
    brokerNodes,
    nodes: outNodes,
    edges,
    pairCaller: outCaller,
    pairCallee: outCallee,
    unpaired: unpairedSpans.length,
    unpairedSpans: unpairedSpans.toArray(),
    diagnostics,
  };
}

/** True for a parent id made only of zeros: the collector (pdata) treats it as "no parent". */
function zeroParentId(id: string | undefined): boolean {
  if (id === undefined || id === '') return false;
  for (let k = 0; k < id.length; k++) if (id.charCodeAt(k) !== 48) return false;
  return true;
}

/** Code-unit order: deterministic and locale-independent. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The evidence pairs of edge `e` (views into the graph's pair arrays). */
export function edgePairs(graph: ServiceGraph, e: number): { caller: Int32Array; callee: Int32Array } {
  const edge = graph.edges[e];
  return {
    caller: graph.pairCaller.subarray(edge.pairStart, edge.pairStart + edge.pairCount),
    callee: graph.pairCallee.subarray(edge.pairStart, edge.pairStart + edge.pairCount),
  };
}
