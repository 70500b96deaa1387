/**
 * One span's span-kind diagnostics, for the details panel. Runs in the worker.
 *
 * The service-graph module (core/graph) finds them for the whole dataset in one linear pass; that
 * pass runs on the first question about any span of a dataset (or for the topology of all traces)
 * and is kept with the (immutable) dataset (graph-cache.ts), so later spans are answered by
 * scanning the finding columns only.
 */
import type { Dataset } from '../core/model/types.ts';
import { DIAGNOSTIC_INFO, diagnosticMessage } from '../core/graph/index.ts';
import type { SpanDiagnostic } from './protocol.ts';
import { serviceGraph } from './graph-cache.ts';

/** Findings about span `i` first (role 'subject'), then findings where it is the other span involved ('related'). */
export function spanDiagnostics(ds: Dataset, i: number): SpanDiagnostic[] {
  if (!Number.isInteger(i) || i < 0 || i >= ds.spanCount) throw new RangeError(`no span ${i} (the dataset has ${ds.spanCount})`);
  const graph = serviceGraph(ds, null, false);
  const subject: SpanDiagnostic[] = [];
  const related: SpanDiagnostic[] = [];
  for (const set of graph.diagnostics) {
    const info = DIAGNOSTIC_INFO[set.code];
    for (let k = 0; k < set.count; k++) {
      const s = set.spans[k];
      const r = set.related[k];
      if (s !== i && r !== i) continue;
      const d: SpanDiagnostic = {
        code: set.code,
        title: info.title,
        why: info.why,
        message: diagnosticMessage(ds, graph, set.code, s, r, set.value[k]),
        role: s === i ? 'subject' : 'related',
        other: s === i ? r : s,
      };
      (s === i ? subject : related).push(d);
    }
  }
  return [...subject, ...related];
}
