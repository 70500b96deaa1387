/**
 * The topology view's pure helpers: what is visible (hide inferred, focus N hops), names and
 * labels (accessible names, summaries, edge labels), styling buckets, node sizes, findings per node
 * and edge, the selected span's path, evidence rows and search. No React, no DOM.
 */
import type { DatasetView } from '../../state/index.ts';
import { DIAGNOSTIC_CODES, DIAGNOSTIC_INFO, UNKNOWN_SERVICE } from '../../core/graph/index.ts';
import type { DiagnosticCode, DurationStats, GraphEdge, GraphNode, NodeType, ServiceGraph } from '../../core/graph/index.ts';
import { formatDuration } from '../../core/lib/time.ts';
import type { GraphLayout, TopologyGraph } from '../../state/index.ts';
import { pointOnEdge } from '../../core/layout/graph-layout.ts';

/* ------------------------------------------------------------------------------------------ */
/* Visible subgraph                                                                            */
/* ------------------------------------------------------------------------------------------ */

export interface Visible {
  /** Graph node indices shown, ascending. */
  readonly nodes: number[];
  /** Graph edge indices shown (both ends shown), ascending. */
  readonly edges: number[];
  /** Position of each graph node in `nodes`, or -1. */
  readonly slot: Int32Array;
}

export interface VisibleOptions {
  hideInferred: boolean;
  /** Only this node (graph index) and its neighbourhood of `hops` edges, either direction. */
  focus: number | null;
  hops: number;
}

/** The nodes and edges to draw: inferred nodes dropped if asked, then the focus neighbourhood (BFS, no recursion). */
export function visibleSubgraph(graph: ServiceGraph, o: VisibleOptions): Visible {
  const n = graph.nodes.length;
  const keep = new Uint8Array(n);
  for (let v = 0; v < n; v++) keep[v] = o.hideInferred && graph.nodes[v].inferred ? 0 : 1;
  if (o.focus !== null && o.focus >= 0 && o.focus < n && keep[o.focus]) {
    const adj: number[][] = Array.from({ length: n }, () => []);
    for (const e of graph.edges) {
      if (!keep[e.source] || !keep[e.target]) continue;
      adj[e.source].push(e.target);
      adj[e.target].push(e.source);
    }
    const dist = new Int32Array(n).fill(-1);
    dist[o.focus] = 0;
    const queue = [o.focus];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q];
      if (dist[v] >= o.hops) continue;
      for (const w of adj[v]) {
        if (dist[w] < 0) {
          dist[w] = dist[v] + 1;
          queue.push(w);
        }
      }
    }
    for (let v = 0; v < n; v++) keep[v] = dist[v] >= 0 ? 1 : 0;
  }
  const nodes: number[] = [];
  const slot = new Int32Array(n).fill(-1);
  for (let v = 0; v < n; v++) {
    if (keep[v]) {
      slot[v] = nodes.length;
      nodes.push(v);
    }
  }
  const edges: number[] = [];
  graph.edges.forEach((e, k) => {
    if (keep[e.source] && keep[e.target]) edges.push(k);
  });
  return { nodes, edges, slot };
}

/* ------------------------------------------------------------------------------------------ */
/* Words                                                                                       */
/* ------------------------------------------------------------------------------------------ */

export const TYPE_LABEL: Readonly<Record<NodeType, string>> = {
  service: 'service',
  entry: 'entry point',
  database: 'database',
  messaging: 'message broker or topic',
  http: 'external HTTP endpoint',
  other: 'inferred peer',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "Service graph: 6 services, 3 inferred, 14 edges". */
export function graphSummary(graph: ServiceGraph, v: Visible): string {
  let services = 0;
  let inferred = 0;
  for (const k of v.nodes) {
    if (graph.nodes[k].inferred) inferred++;
    else services++;
  }
  return `Service graph: ${plural(services, 'service')}, ${inferred.toLocaleString('en-US')} inferred, ${plural(v.edges.length, 'edge')}`;
}

export function callsWord(e: GraphEdge): string {
  return e.type === 'async' ? plural(e.calls, 'message') : plural(e.calls, 'call');
}

/** An edge's accessible name: "checkout → payment, sync, 42 calls" (plus errors and findings when there are any). */
export function edgeName(e: GraphEdge, findings = 0): string {
  let s = `${e.from} → ${e.to}, ${e.type}, ${callsWord(e)}`;
  if (e.errors > 0) s += `, ${plural(e.errors, 'error')}`;
  if (findings > 0) s += `, ${plural(findings, 'finding')}`;
  return s;
}

/** A node's description (its accessible name is the id): "database, inferred from db.namespace, 12 requests, 1 error". */
export function nodeDescription(n: GraphNode, findings = 0): string {
  const parts = [TYPE_LABEL[n.type]];
  if (n.inferred) parts.push(n.namedBy ? `inferred from ${n.namedBy}` : 'inferred');
  parts.push(plural(n.requests, 'request'));
  if (n.errors > 0) parts.push(`${plural(n.errors, 'error')} (${percent(n.errors, n.requests)})`);
  if (n.p95Ns !== null) parts.push(`p95 ${formatDuration(n.p95Ns)}`);
  if (findings > 0) parts.push(plural(findings, 'finding'));
  return parts.join(', ');
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const p = (100 * part) / whole;
  return p === 0 ? '0%' : p < 0.1 ? '<0.1%' : p < 10 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

/** The shown duration distribution of an edge: caller side, else callee side. */
export function edgeStats(e: GraphEdge): DurationStats | null {
  return e.client ?? e.server;
}

/** Edge label: "42 calls · p95 12.3 ms". */
export function edgeLabel(e: GraphEdge): string {
  const d = edgeStats(e);
  const count = e.calls.toLocaleString('en-US');
  return d ? `${count} · p95 ${formatDuration(d.p95)}` : count;
}

export function statsText(d: DurationStats | null): string {
  if (!d) return '—';
  return `p50 ${formatDuration(d.p50)} · p95 ${formatDuration(d.p95)} · p99 ${formatDuration(d.p99)} · max ${formatDuration(d.max)}`;
}

/** Short text of a node's requests: "1.2k req". */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
}

/* ------------------------------------------------------------------------------------------ */
/* Style buckets                                                                               */
/* ------------------------------------------------------------------------------------------ */

export type ErrorBucket = 'ok' | 'low' | 'high';

/** Edges and nodes are coloured by error rate: none, under 5 %, 5 % or more. */
export function errorBucket(errors: number, total: number): ErrorBucket {
  if (errors <= 0 || total <= 0) return 'ok';
  return errors / total < 0.05 ? 'low' : 'high';
}

export const EDGE_COLOR: Readonly<Record<ErrorBucket, string>> = { ok: '#7b8794', low: '#c77700', high: '#c8261b' };

/** Stroke width by calls: 1.25 px for one call up to 7 px for the busiest edge (square-root scale). */
export function strokeWidth(calls: number, maxCalls: number): number {
  if (maxCalls <= 1) return 1.5;
  return 1.25 + (5.75 * Math.sqrt(Math.max(0, calls - 1))) / Math.sqrt(maxCalls - 1);
}

/* ------------------------------------------------------------------------------------------ */
/* Node sizes                                                                                  */
/* ------------------------------------------------------------------------------------------ */

export const NODE_H = 48;
export const NODE_MIN_W = 120;
export const NODE_MAX_W = 240;
/** Left part of a node: the type icon in its error ring. */
export const NODE_ICON_W = 40;
export const NODE_PAD = 12;

/** Width of a node box for a label of the given measured width. */
export function nodeWidth(labelPx: number, type: NodeType): number {
  const extra = type === 'database' || type === 'messaging' ? 10 : type === 'http' ? 14 : 0;
  return Math.round(Math.max(NODE_MIN_W, Math.min(NODE_MAX_W, NODE_ICON_W + labelPx + NODE_PAD * 1.5 + extra)));
}

/** `text` cut with an ellipsis to fit `maxPx` (measure gives a string's width). */
export function fitText(text: string, maxPx: number, measure: (s: string) => number): string {
  if (measure(text) <= maxPx) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`) <= maxPx) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

/* ------------------------------------------------------------------------------------------ */
/* Findings                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export interface FindingIndex {
  /** Findings per node: code index -> count (codes with none left out). */
  readonly node: Map<number, number>[];
  readonly edge: Map<number, number>[];
  readonly nodeTotal: Int32Array;
  readonly edgeTotal: Int32Array;
}

export function findingIndex(t: TopologyGraph): FindingIndex {
  const g = t.graph;
  const node = g.nodes.map(() => new Map<number, number>());
  const edge = g.edges.map(() => new Map<number, number>());
  const nodeTotal = new Int32Array(g.nodes.length);
  const edgeTotal = new Int32Array(g.edges.length);
  g.diagnostics.forEach((set, c) => {
    const fn = t.findingNode[c];
    const fe = t.findingEdge[c];
    for (let k = 0; k < set.count; k++) {
      const v = fn?.[k] ?? -1;
      if (v >= 0 && v < node.length) {
        node[v].set(c, (node[v].get(c) ?? 0) + 1);
        nodeTotal[v]++;
      }
      const e = fe?.[k] ?? -1;
      if (e >= 0 && e < edge.length) {
        edge[e].set(c, (edge[e].get(c) ?? 0) + 1);
        edgeTotal[e]++;
      }
    }
  });
  return { node, edge, nodeTotal, edgeTotal };
}

export interface FindingLine {
  readonly code: DiagnosticCode;
  readonly title: string;
  readonly why: string;
  readonly count: number;
}

/** A node's or edge's findings as lines, in code order. */
export function findingLines(counts: Map<number, number> | undefined): FindingLine[] {
  if (!counts) return [];
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([c, count]) => {
      const code = DIAGNOSTIC_CODES[c];
      return { code, title: DIAGNOSTIC_INFO[code].title, why: DIAGNOSTIC_INFO[code].why, count };
    });
}

/** The first `limit` findings of code `c` on node `v` (or edge, with `edge` true): their span and related span. */
export function findingSpans(t: TopologyGraph, c: number, index: number, edge: boolean, limit: number): { span: number; related: number }[] {
  const set = t.graph.diagnostics[c];
  const where = edge ? t.findingEdge[c] : t.findingNode[c];
  const out: { span: number; related: number }[] = [];
  if (!set || !where) return out;
  for (let k = 0; k < set.count && out.length < limit; k++) if (where[k] === index) out.push({ span: set.spans[k], related: set.related[k] });
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Linking with the selected span                                                              */
/* ------------------------------------------------------------------------------------------ */

/** The node of a span: its service's node (spans without service.name: "(unknown service)"). */
export function serviceOfSpan(view: DatasetView, span: number): string {
  return view.resourceService[view.columns.resource[span]] || UNKNOWN_SERVICE;
}

/**
 * The selected span's path in the graph: the edges whose evidence holds the span or one of its
 * ancestors (their CLIENT→SERVER and PRODUCER→CONSUMER pairs), and the nodes of those spans.
 * One scan over the pairs.
 */
export function spanPath(view: DatasetView, graph: ServiceGraph, span: number): { edges: Set<number>; nodes: Set<string> } {
  const edges = new Set<number>();
  const nodes = new Set<string>();
  if (span < 0 || span >= view.spanCount) return { edges, nodes };
  const chain = new Set<number>();
  const parent = view.columns.parent;
  for (let s = span, guard = 0; s >= 0 && guard < 100000; s = parent[s], guard++) {
    if (chain.has(s)) break;
    chain.add(s);
  }
  nodes.add(serviceOfSpan(view, span));
  graph.edges.forEach((e, k) => {
    for (let p = e.pairStart; p < e.pairStart + e.pairCount; p++) {
      if (chain.has(graph.pairCaller[p]) || chain.has(graph.pairCallee[p])) {
        edges.add(k);
        nodes.add(e.from);
        nodes.add(e.to);
        return;
      }
    }
  });
  return { edges, nodes };
}

/* ------------------------------------------------------------------------------------------ */
/* Evidence                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export interface PairRow {
  /** CLIENT/PRODUCER span, or -1 (entry edges). */
  readonly caller: number;
  /** SERVER/CONSUMER span, or -1 (edges to inferred nodes). */
  readonly callee: number;
  readonly clientNs: number | null;
  readonly serverNs: number | null;
  /** Sync: client minus server duration; async: consumer start minus producer end (queue lag). */
  readonly gapNs: number | null;
  readonly error: boolean;
}

/** Epoch-based start of a span in ns, as a float relative to `base` (exact enough for differences). */
function startFrom(view: DatasetView, span: number, base: bigint): number {
  const t = view.columns.trace[span];
  return Number(view.traces[t].epochNs - base) + view.columns.start[span];
}

/** The first `limit` span pairs behind edge `e`, with durations, gap or lag and errors. */
export function pairRows(view: DatasetView, graph: ServiceGraph, e: number, limit: number): PairRow[] {
  const edge = graph.edges[e];
  const rows: PairRow[] = [];
  const c = view.columns;
  const ok = (s: number) => s >= 0 && s < view.spanCount;
  for (let p = edge.pairStart; p < edge.pairStart + Math.min(edge.pairCount, limit); p++) {
    const caller = graph.pairCaller[p];
    const callee = graph.pairCallee[p];
    const clientNs = ok(caller) ? c.duration[caller] : null;
    const serverNs = ok(callee) ? c.duration[callee] : null;
    let gapNs: number | null = null;
    if (ok(caller) && ok(callee)) {
      if (edge.type === 'sync') gapNs = c.duration[caller] - c.duration[callee];
      else {
        const base = view.traces[c.trace[caller]].epochNs;
        gapNs = startFrom(view, callee, base) - (startFrom(view, caller, base) + c.duration[caller]);
      }
    }
    const error = (ok(caller) && c.status[caller] === 2) || (ok(callee) && c.status[callee] === 2);
    rows.push({ caller, callee, clientNs, serverNs, gapNs, error });
  }
  return rows;
}

/* ------------------------------------------------------------------------------------------ */
/* Search                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** The best node for a search text among `candidates` (graph indices): exact, then prefix, then substring (case-insensitive); -1 when none. */
export function findNode(graph: ServiceGraph, candidates: readonly number[], text: string): number {
  const q = text.trim().toLowerCase();
  if (q === '') return -1;
  let prefix = -1;
  let sub = -1;
  for (const k of candidates) {
    const id = graph.nodes[k].id.toLowerCase();
    if (id === q) return k;
    if (prefix < 0 && id.startsWith(q)) prefix = k;
    if (sub < 0 && id.includes(q)) sub = k;
  }
  return prefix >= 0 ? prefix : sub;
}

/* ------------------------------------------------------------------------------------------ */
/* Edge labels                                                                                 */
/* ------------------------------------------------------------------------------------------ */

const LABEL_SPOTS = [0.5, 0.36, 0.64, 0.25, 0.75];

/**
 * Places edge labels so they do not cover nodes or each other where that can be helped: for each
 * edge (busiest first) the first free spot of its middle, then points a third and a quarter in from
 * either end; above the edge, or below it (side > 0, the lower of two parallel edges). A label with
 * no free spot goes to the middle anyway. Returns x (centre) and baseline y per edge.
 */
export function placeLabels(
  layout: GraphLayout,
  boxes: { x: ArrayLike<number>; y: ArrayLike<number>; w: ArrayLike<number>; h: ArrayLike<number> },
  labelW: ArrayLike<number>,
  side: ArrayLike<number>,
  priority: readonly number[],
): Float64Array {
  const CELL = 96;
  const grid = new Map<number, number[]>();
  const rects: number[] = [];
  const cell = (v: number) => Math.floor(v / CELL) + 4096;
  const add = (x0: number, y0: number, x1: number, y1: number) => {
    const id = rects.length / 4;
    rects.push(x0, y0, x1, y1);
    for (let cx = cell(x0); cx <= cell(x1); cx++)
      for (let cy = cell(y0); cy <= cell(y1); cy++) {
        const key = cx * 8192 + cy;
        const list = grid.get(key);
        if (list) list.push(id);
        else grid.set(key, [id]);
      }
  };
  const hits = (x0: number, y0: number, x1: number, y1: number) => {
    for (let cx = cell(x0); cx <= cell(x1); cx++)
      for (let cy = cell(y0); cy <= cell(y1); cy++) {
        const list = grid.get(cx * 8192 + cy);
        if (!list) continue;
        for (const id of list) if (rects[4 * id] < x1 && rects[4 * id + 2] > x0 && rects[4 * id + 1] < y1 && rects[4 * id + 3] > y0) return true;
      }
    return false;
  };
  for (let v = 0; v < boxes.x.length; v++) add(boxes.x[v] - boxes.w[v] / 2 - 2, boxes.y[v] - boxes.h[v] / 2 - 2, boxes.x[v] + boxes.w[v] / 2 + 2, boxes.y[v] + boxes.h[v] / 2 + 2);
  const out = new Float64Array(2 * labelW.length);
  for (const j of priority) {
    const half = labelW[j] / 2 + 2;
    let placed = false;
    let fx = 0;
    let fy = 0;
    for (let c = 0; c < LABEL_SPOTS.length; c++) {
      const p = pointOnEdge(layout, j, LABEL_SPOTS[c]);
      const base = side[j] > 0 ? p.y + 13 : p.y - 5;
      if (c === 0) {
        fx = p.x;
        fy = base;
      }
      if (!hits(p.x - half, base - 10, p.x + half, base + 3)) {
        fx = p.x;
        fy = base;
        placed = true;
        break;
      }
    }
    if (placed) add(fx - half, fy - 10, fx + half, fy + 3);
    out[2 * j] = fx;
    out[2 * j + 1] = fy;
  }
  return out;
}

/* ------------------------------------------------------------------------------------------ */
/* Keyboard                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * Spatial roving focus: from node `from`, the nearest node in the arrow's direction (within a 45°
 * cone weighted towards the axis), or -1.
 */
export function nextInDirection(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number, from: number, dir: 'left' | 'right' | 'up' | 'down'): number {
  let best = -1;
  let bestScore = Infinity;
  const x0 = xs[from];
  const y0 = ys[from];
  for (let k = 0; k < count; k++) {
    if (k === from) continue;
    const dx = xs[k] - x0;
    const dy = ys[k] - y0;
    const along = dir === 'right' ? dx : dir === 'left' ? -dx : dir === 'down' ? dy : -dy;
    const across = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0.5 || across > along * 2.5) continue;
    const score = along + across * 2;
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

/** A file name part from untrusted text: letters, digits, dot, dash and underscore only. */
export function safeFilePart(s: string): string {
  return s.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'graph';
}
