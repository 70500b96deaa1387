/**
 * The service graph as JSON, Graphviz DOT and Mermaid text: what `spanmap graph --json|--dot|--mermaid`
 * prints and what the app exports.
 *
 * JSON shape (stable; documented in web/core/graph/README.md):
 *   {"nodes":[{"id","inferred","type","namedBy"}],
 *    "edges":[{"from","to","type","calls","errors","p50Ms","p95Ms","p99Ms","gapP50Ms","lagP50Ms"}],
 *    "diagnostics":[{"code","traceId","spanIds","message"}],
 *    "unpaired":N}
 */
import type { Dataset } from '../model/types.ts';
import { diagnosticEntries } from './diagnostics.ts';
import type { DiagnosticEntry } from './diagnostics.ts';
import type { DurationStats, EdgeType, GraphEdge, GraphNode, NodeType, ServiceGraph } from './types.ts';

export interface GraphJsonNode {
  id: string;
  inferred: boolean;
  type: NodeType;
  namedBy: string | null;
}

export interface GraphJsonEdge {
  from: string;
  to: string;
  type: EdgeType;
  calls: number;
  errors: number;
  /** Caller-side (CLIENT/PRODUCER) duration percentiles; callee side when the edge has no caller span (entry edges). */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Median client-minus-server duration; null on async edges and when no pair has a server span. */
  gapP50Ms: number | null;
  /** Median consumer-start-minus-producer-end; null on sync edges and when no pair has both sides. */
  lagP50Ms: number | null;
}

export interface GraphJson {
  nodes: GraphJsonNode[];
  edges: GraphJsonEdge[];
  diagnostics: DiagnosticEntry[];
  unpaired: number;
}

/** Nanoseconds as milliseconds, exact to the nanosecond. */
function ms(ns: number | undefined): number | null {
  return ns === undefined ? null : Math.round(ns) / 1e6;
}

/** The distribution shown for an edge: caller side, else callee side. */
export function edgeDurations(e: GraphEdge): DurationStats | null {
  return e.client ?? e.server;
}

export function graphToJson(ds: Dataset, graph: ServiceGraph): GraphJson {
  return {
    nodes: graph.nodes.map((n) => ({ id: n.id, inferred: n.inferred, type: n.type, namedBy: n.namedBy })),
    edges: graph.edges.map((e) => {
      const d = edgeDurations(e);
      return {
        from: e.from,
        to: e.to,
        type: e.type,
        calls: e.calls,
        errors: e.errors,
        p50Ms: ms(d?.p50),
        p95Ms: ms(d?.p95),
        p99Ms: ms(d?.p99),
        gapP50Ms: ms(e.gap?.p50),
        lagP50Ms: ms(e.lag?.p50),
      };
    }),
    diagnostics: diagnosticEntries(ds, graph),
    unpaired: graph.unpaired,
  };
}

function edgeLabel(e: GraphEdge): string {
  const calls = `${e.calls} ${e.type === 'async' ? (e.calls === 1 ? 'message' : 'messages') : e.calls === 1 ? 'call' : 'calls'}`;
  return e.errors > 0 ? `${calls}, ${e.errors} ${e.errors === 1 ? 'error' : 'errors'}` : calls;
}

/** A DOT quoted string: backslashes, quotes and line breaks escaped. */
function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

const DOT_SHAPE: Readonly<Record<NodeType, string>> = {
  service: 'box',
  entry: 'ellipse',
  database: 'cylinder',
  messaging: 'parallelogram',
  http: 'hexagon',
  other: 'octagon',
};

/** Graphviz DOT: services as boxes, inferred nodes dashed with a shape per type, async edges dashed. */
export function graphToDot(graph: ServiceGraph): string {
  const lines = ['digraph spanmap {', '  rankdir=LR;', '  node [fontname="sans-serif"];', '  edge [fontname="sans-serif"];'];
  for (const n of graph.nodes) {
    const attrs = [`shape=${DOT_SHAPE[n.type]}`];
    if (n.inferred) attrs.push('style=dashed');
    lines.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of graph.edges) {
    const attrs = [`label=${dotString(edgeLabel(e))}`];
    if (e.type === 'async') attrs.push('style=dashed');
    if (e.errors > 0) attrs.push('color=red');
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Mermaid label text: quotes and angle brackets as entities, line breaks as spaces. */
function mermaidText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function mermaidNode(n: GraphNode, id: string): string {
  const t = `"${mermaidText(n.id)}"`;
  switch (n.type) {
    case 'service':
      return `${id}[${t}]`;
    case 'entry':
      return `${id}([${t}])`;
    case 'database':
      return `${id}[(${t})]`;
    case 'messaging':
      return `${id}[/${t}/]`;
    case 'http':
      return `${id}{{${t}}}`;
    case 'other':
      return `${id}>${t}]`;
  }
}

/** Mermaid flowchart: nodes get ids n0, n1, ... (names go in labels), async edges dotted. */
export function graphToMermaid(graph: ServiceGraph): string {
  const lines = ['flowchart LR'];
  graph.nodes.forEach((n, k) => lines.push(`  ${mermaidNode(n, `n${k}`)}`));
  for (const e of graph.edges) {
    const arrow = e.type === 'async' ? '-.->' : '-->';
    lines.push(`  n${e.source} ${arrow}|"${mermaidText(edgeLabel(e))}"| n${e.target}`);
  }
  const inferred = graph.nodes.map((n, k) => (n.inferred ? `n${k}` : '')).filter((s) => s !== '');
  if (inferred.length > 0) {
    lines.push('  classDef inferred stroke-dasharray: 5 5;');
    lines.push(`  class ${inferred.join(',')} inferred;`);
  }
  return lines.join('\n');
}
