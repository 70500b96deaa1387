/**
 * `spanmap graph FILE... [--json | --dot | --mermaid] [--trace ID] [--brokers]`
 *
 * Prints the service graph derived from span kinds (web/core/graph) with its span-kind diagnostics.
 * Exit codes: 0 graph printed; 1 nothing loaded or unknown trace; 2 usage error.
 */
import type { CliIo } from './main.ts';
import { parseArgs } from './main.ts';
import { loadFiles } from './load.ts';
import type { Dataset } from '../core/model/types.ts';
import { DIAGNOSTIC_INFO, deriveGraph, diagnosticEntries, edgeDurations, graphToDot, graphToJson, graphToMermaid } from '../core/graph/index.ts';
import type { DurationStats, ServiceGraph } from '../core/graph/index.ts';
import { formatDuration } from '../core/lib/time.ts';

const GRAPH_USAGE = `usage: spanmap graph FILE... [--json | --dot | --mermaid] [--trace ID] [--brokers]
  --json      nodes, edges, diagnostics and unpaired count as JSON
  --dot       Graphviz DOT (async edges dashed)
  --mermaid   Mermaid flowchart (async edges dotted)
  --trace ID  only the trace with this id (default: all loaded traces)
  --brokers   draw messaging destinations as nodes between producer and consumer`;

/** Diagnostics listed per code in the text output (all of them are in --json). */
const TEXT_DIAGNOSTICS_PER_CODE = 5;

export async function graphCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(GRAPH_USAGE);
    return 0;
  }
  const parsed = parseArgs(args, ['--json', '--dot', '--mermaid', '--brokers'], ['--trace']);
  if (typeof parsed === 'string') {
    io.err(`spanmap graph: ${parsed}\n${GRAPH_USAGE}`);
    return 2;
  }
  const formats = ['--json', '--dot', '--mermaid'].filter((f) => parsed.flags.has(f));
  if (formats.length > 1) {
    io.err(`spanmap graph: choose one of ${formats.join(', ')}\n${GRAPH_USAGE}`);
    return 2;
  }
  const ds = await loadFiles(parsed.files);
  for (const e of ds.errors) io.err(`${e.file}: ${e.message}`);
  if (ds.spanCount === 0) {
    io.err('spanmap graph: no spans loaded');
    return 1;
  }
  let trace: number | undefined;
  const traceId = parsed.values.get('--trace');
  if (traceId !== undefined) {
    trace = findTrace(ds, traceId);
    if (trace < 0) {
      const known = ds.traces.slice(0, 10).map((t) => t.id);
      io.err(`spanmap graph: no trace ${traceId} among the loaded traces (${known.join(', ')}${ds.traces.length > 10 ? ', ...' : ''})`);
      return 1;
    }
  }
  const graph = deriveGraph(ds, { trace, brokerNodes: parsed.flags.has('--brokers') });
  if (parsed.flags.has('--json')) io.out(JSON.stringify(graphToJson(ds, graph), null, 2));
  else if (parsed.flags.has('--dot')) io.out(graphToDot(graph));
  else if (parsed.flags.has('--mermaid')) io.out(graphToMermaid(graph));
  else io.out(graphText(ds, graph));
  return 0;
}

/** Trace index by id: exact, then case-insensitive, then ignoring leading zeros (64- vs 128-bit ids). */
function findTrace(ds: Dataset, id: string): number {
  const exact = ds.traces.findIndex((t) => t.id === id);
  if (exact >= 0) return exact;
  const norm = (s: string) => s.toLowerCase().replace(/^0+(?=.)/, '');
  const want = norm(id);
  return ds.traces.findIndex((t) => norm(t.id) === want);
}

function dur(ns: number | null | undefined): string {
  return ns === null || ns === undefined ? '-' : formatDuration(ns);
}

function statsText(s: DurationStats | null): string {
  return s === null ? '' : `p50 ${dur(s.p50)}  p95 ${dur(s.p95)}  p99 ${dur(s.p99)}  max ${dur(s.max)}`;
}

/** The human-readable report. */
export function graphText(ds: Dataset, graph: ServiceGraph): string {
  const lines: string[] = [];
  const services = graph.nodes.filter((n) => !n.inferred).length;
  const scope = graph.trace === null ? `${ds.traces.length} trace(s)` : `trace ${ds.traces[graph.trace].id}`;
  lines.push(`${scope}: ${services} service(s), ${graph.nodes.length - services} inferred node(s), ${graph.edges.length} edge(s), ${graph.unpaired} unpaired CLIENT/PRODUCER span(s)`);
  if (graph.edges.length > 0) {
    lines.push('edges:');
    for (const e of graph.edges) {
      const parts = [`  ${e.from} -> ${e.to}  ${e.type}  ${e.calls} call(s)  ${e.errors} error(s)`];
      const d = statsText(edgeDurations(e));
      if (d) parts.push(d);
      if (e.gap) parts.push(`gap p50 ${dur(e.gap.p50)}`);
      if (e.lag) parts.push(`lag p50 ${dur(e.lag.p50)}`);
      lines.push(parts.join('  '));
    }
  }
  if (graph.nodes.length > 0) {
    lines.push('nodes:');
    for (const n of graph.nodes) {
      const kind = n.inferred ? `${n.type}, inferred${n.namedBy ? ` from ${n.namedBy}` : ''}` : 'service';
      lines.push(`  ${n.id} (${kind})  ${n.requests} request(s)  ${n.errors} error(s)  p95 ${dur(n.p95Ns)}`);
    }
  }
  const entries = diagnosticEntries(ds, graph, TEXT_DIAGNOSTICS_PER_CODE);
  const total = graph.diagnostics.reduce((a, s) => a + s.count, 0);
  if (total > 0) {
    lines.push(`diagnostics (${total}):`);
    for (const set of graph.diagnostics) {
      if (set.count === 0) continue;
      lines.push(`  ${set.code} (${set.count}): ${DIAGNOSTIC_INFO[set.code].why}`);
      for (const d of entries) if (d.code === set.code) lines.push(`    trace ${d.traceId} span(s) ${d.spanIds.join(', ')}: ${d.message}`);
      if (set.count > TEXT_DIAGNOSTICS_PER_CODE) lines.push(`    ... ${set.count - TEXT_DIAGNOSTICS_PER_CODE} more (see --json)`);
    }
  }
  return lines.join('\n');
}
