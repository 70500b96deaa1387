/** Compact views of a ServiceGraph for test assertions (counts per code: diagnosticCounts). */
import type { DiagnosticCode, ServiceGraph } from './types.ts';

/** Edges as "from -> to type xCALLS[ errERRORS]", in the graph's (sorted) order. */
export function edgeLines(g: ServiceGraph): string[] {
  return g.edges.map((e) => `${e.from} -> ${e.to} ${e.type} x${e.calls}${e.errors > 0 ? ` err${e.errors}` : ''}`);
}

/** Nodes as "id:type" plus "*" when inferred, sorted. */
export function nodeLines(g: ServiceGraph): string[] {
  return g.nodes.map((n) => `${n.id}:${n.type}${n.inferred ? '*' : ''}`);
}

/** Span ids of the findings of one code, as "subject" or "subject<related". */
export function diagSpans(g: ServiceGraph, spanId: readonly string[], code: DiagnosticCode): string[] {
  const d = g.diagnostics.find((s) => s.code === code);
  if (!d) return [];
  const out: string[] = [];
  for (let k = 0; k < d.count; k++) out.push(d.related[k] >= 0 ? `${spanId[d.spans[k]]}<${spanId[d.related[k]]}` : spanId[d.spans[k]]);
  return out;
}
