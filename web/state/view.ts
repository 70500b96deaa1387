/**
 * Read helpers over the page's DatasetView, and the worker's view types re-exported for the views
 * (views may import state, not worker).
 */
import type { DatasetView } from '../worker/protocol.ts';

export type { DatasetView, LoadPhase, LoadProgress, SpanDetails, ViewColumns, ViewFile, ViewTrace } from '../worker/protocol.ts';

/** Trace t's span indices in depth-first pre-order (a view into the shared order column, no copy). */
export function traceOrder(view: DatasetView, t: number): Int32Array {
  const tr = view.traces[t];
  return view.columns.order.subarray(tr.orderStart, tr.orderStart + tr.spanCount);
}

export function spanName(view: DatasetView, i: number): string {
  return view.names[view.columns.name[i]] ?? '';
}

export function spanService(view: DatasetView, i: number): string {
  return view.resourceService[view.columns.resource[i]] ?? '';
}

/** Spans per service name (services with no name under ''), most spans first. */
export function spansPerService(view: DatasetView): { service: string; spans: number }[] {
  const perResource = new Float64Array(view.resourceService.length);
  const r = view.columns.resource;
  for (let i = 0; i < view.spanCount; i++) perResource[r[i]]++;
  const byName = new Map<string, number>();
  view.resourceService.forEach((s, k) => {
    if (perResource[k] > 0) byName.set(s, (byName.get(s) ?? 0) + perResource[k]);
  });
  // ties in code-point order, as the summary lists services (no localeCompare: see traceCounts)
  return [...byName].map(([service, spans]) => ({ service, spans })).sort((a, b) => b.spans - a.spans || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
