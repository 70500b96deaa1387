/** Builds the page's DatasetView from a finished Dataset: copies of the light columns, ready to transfer. */
import type { Dataset } from '../core/model/types.ts';
import { StatusCode } from '../core/model/types.ts';
import { summarize } from '../core/model/summary.ts';
import type { DatasetView, ViewFile, ViewTrace } from './protocol.ts';

export interface BuiltView {
  view: DatasetView;
  /** The buffers of the view's columns: pass as postMessage's transfer list. */
  transfer: ArrayBuffer[];
}

export function buildView(viewer: string, version: number, ds: Dataset, lineage = 0, partial = false): BuiltView {
  const n = ds.spanCount;
  const summary = summarize(ds);

  // Span names only (the strings table also holds every attribute key and string value).
  const names: string[] = [];
  const nameOf = new Map<number, number>();
  const name = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = ds.name[i];
    let k = nameOf.get(s);
    if (k === undefined) {
      k = names.length;
      names.push(ds.strings[s]);
      nameOf.set(s, k);
    }
    name[i] = k;
  }

  const resourceService = ds.resources.map((r) => r.serviceName);

  const order = new Int32Array(n);
  const traces: ViewTrace[] = [];
  let at = 0;
  for (const t of ds.traces) {
    order.set(t.order, at);
    let errorCount = 0;
    const services = new Set<number>();
    for (let k = 0; k < t.order.length; k++) {
      const i = t.order[k];
      if (ds.status[i] === StatusCode.ERROR) errorCount++;
      services.add(ds.resource[i]);
    }
    const serviceNames = new Set<string>();
    for (const r of services) serviceNames.add(resourceService[r] ?? '');
    const root = t.roots.length > 0 ? t.roots[0] : -1;
    traces.push({
      id: t.id,
      epochNs: t.epochNs,
      durationNs: t.durationNs,
      spanCount: t.order.length,
      errorCount,
      rootCount: t.roots.length,
      rootSpan: root,
      rootName: root >= 0 ? ds.strings[ds.name[root]] : '',
      rootService: root >= 0 ? (resourceService[ds.resource[root]] ?? '') : '',
      serviceCount: serviceNames.size,
      orderStart: at,
    });
    at += t.order.length;
  }

  const files: ViewFile[] = ds.files.map((f, k) => ({
    name: f.name,
    format: summary.files[k]?.format ?? null,
    bytes: f.bytes,
    spans: f.spanRecords,
  }));

  const columns = {
    trace: ds.trace.slice(),
    parent: ds.parent.slice(),
    firstChild: ds.firstChild.slice(),
    nextSibling: ds.nextSibling.slice(),
    depth: ds.depth.slice(),
    kind: ds.kind.slice(),
    status: ds.status.slice(),
    flags: ds.flags.slice(),
    resource: ds.resource.slice(),
    name,
    start: ds.start.slice(),
    duration: ds.duration.slice(),
    order,
  };
  const transfer = Object.values(columns).map((c) => c.buffer as ArrayBuffer);
  return {
    view: { viewer, version, lineage, partial, spanCount: n, summary, files, traces, names, resourceService, columns },
    transfer,
  };
}
