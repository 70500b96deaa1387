/** Materializes everything about one span, for the details panel. Runs in the worker. */
import type { Dataset } from '../core/model/types.ts';
import { SpanFlag } from '../core/model/types.ts';
import { attributes, events, kindName, links, spanName, statusName } from '../core/model/access.ts';
import { absoluteNsString } from '../core/lib/time.ts';
import type { SpanDetails } from './protocol.ts';

const FLAG_NAMES = Object.entries(SpanFlag) as [string, number][];

export function flagNames(flags: number): string[] {
  return FLAG_NAMES.filter(([, bit]) => (flags & bit) !== 0).map(([n]) => n);
}

export function spanDetails(ds: Dataset, i: number): SpanDetails {
  if (!Number.isInteger(i) || i < 0 || i >= ds.spanCount) throw new RangeError(`no span ${i} (the dataset has ${ds.spanCount})`);
  const t = ds.trace[i];
  const trace = ds.traces[t];
  const traceId = trace.id;
  const spanId = ds.spanId[i];
  const p = ds.parent[i];
  let childCount = 0;
  for (let c = ds.firstChild[i]; c !== -1; c = ds.nextSibling[c]) childCount++;
  return {
    span: i,
    traceIndex: t,
    traceId,
    spanId,
    parentSpanId: p >= 0 ? ds.spanId[p] : (ds.missingParentId.get(i) ?? ''),
    parent: p,
    name: spanName(ds, i),
    kind: kindName(ds, i),
    status: statusName(ds, i),
    statusMessage: ds.statusMessage.get(i) ?? '',
    flags: ds.flags[i],
    flagNames: flagNames(ds.flags[i]),
    traceState: ds.traceState.get(i) ?? '',
    file: ds.files[ds.file[i]]?.name ?? '',
    startUnixNs: absoluteNsString(trace.epochNs, ds.start[i]),
    startNs: ds.start[i],
    durationNs: ds.duration[i],
    depth: ds.depth[i],
    childCount,
    resource: ds.resources[ds.resource[i]] ?? { serviceName: '', attributes: [] },
    scope: ds.scopes[ds.scope[i]] ?? { name: '', version: '', attributes: [] },
    attributes: attributes(ds, i),
    events: events(ds, i),
    links: links(ds, i),
    warnings: ds.warnings.filter((w) => w.spanId === spanId && (w.traceId === undefined || w.traceId === traceId)),
  };
}
