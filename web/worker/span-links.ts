/**
 * Span links, both ways, for the details panel and the waterfall. Runs in the worker.
 *
 * - resolveSpans: (trace id, span id) -> span index of the loaded dataset, or -1. Uses a per-trace
 *   map from span id to span index, built the first time a trace is asked about (never for all
 *   traces at once; the spans' id strings are shared, not copied).
 * - inboundLinks: the spans whose links point TO a span (a producer's consumers, a batch's
 *   members). Uses an index of all links by target, built on the first inbound query.
 * - traceLinks: every link with an end in one trace, as span index pairs (waterfall connectors),
 *   from all links resolved once on first use.
 *
 * One lazily filled index per immutable Dataset (WeakMap), so a new load starts fresh and the old
 * one is collected with the old dataset. Ids are compared the way the importers normalize them
 * (hex lowercased); hex trace ids also match when one side is the other left-padded with zeros
 * (a 64-bit Zipkin trace id against its 128-bit form).
 */
import type { Dataset, SpanLink } from '../core/model/types.ts';
import type { InboundLinks, SpanRef, TraceLinks } from './protocol.ts';

/** At most this many inbound links are returned; the total is counted. */
export const MAX_INBOUND_LINKS = 500;

interface LinkIndexes {
  /** Trace key -> trace index. */
  traces: Map<string, number> | null;
  /** Trace index -> (span id -> first span index in the trace's tree order). */
  spansOf: Map<number, Map<string, number>>;
  /** Trace key -> span id -> [linking span, link index] pairs, flattened. */
  inbound: Map<string, Map<string, number[]>> | null;
  /** Every link resolved: from[k] links to to[k] (-1 when not loaded), by linking span. */
  pairs: { readonly from: Int32Array; readonly to: Int32Array } | null;
}

const cache = new WeakMap<Dataset, LinkIndexes>();

function indexes(ds: Dataset): LinkIndexes {
  let x = cache.get(ds);
  if (!x) {
    x = { traces: null, spansOf: new Map(), inbound: null, pairs: null };
    cache.set(ds, x);
  }
  return x;
}

const HEX = /^[0-9a-fA-F]+$/;

/** The form trace ids are compared in: hex lowercased without leading zeros; anything else as is. */
export function traceKey(id: string): string {
  if (!HEX.test(id)) return id;
  const s = id.toLowerCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** The form span ids are compared in: hex lowercased; anything else as is. */
export function spanKey(id: string): string {
  return HEX.test(id) ? id.toLowerCase() : id;
}

function traceIndex(ds: Dataset, x: LinkIndexes, traceId: string): number {
  if (!x.traces) {
    const m = new Map<string, number>();
    ds.traces.forEach((t, k) => {
      const key = traceKey(t.id);
      if (!m.has(key)) m.set(key, k);
    });
    x.traces = m;
  }
  return x.traces.get(traceKey(traceId)) ?? -1;
}

function spansOfTrace(ds: Dataset, x: LinkIndexes, t: number): Map<string, number> {
  let m = x.spansOf.get(t);
  if (!m) {
    m = new Map();
    for (const i of ds.traces[t].order) {
      const key = spanKey(ds.spanId[i]);
      if (!m.has(key)) m.set(key, i);
    }
    x.spansOf.set(t, m);
  }
  return m;
}

/** The loaded span with this trace id and span id (the first in tree order if the id is duplicated), or -1. */
export function resolveSpan(ds: Dataset, traceId: string, spanId: string): number {
  const x = indexes(ds);
  const t = traceIndex(ds, x, traceId);
  if (t < 0) return -1;
  return spansOfTrace(ds, x, t).get(spanKey(spanId)) ?? -1;
}

export function resolveSpans(ds: Dataset, refs: readonly SpanRef[]): number[] {
  return refs.map((r) => (typeof r?.traceId === 'string' && typeof r?.spanId === 'string' ? resolveSpan(ds, r.traceId, r.spanId) : -1));
}

function inboundIndex(ds: Dataset, x: LinkIndexes): Map<string, Map<string, number[]>> {
  if (x.inbound) return x.inbound;
  const m = new Map<string, Map<string, number[]>>();
  const spans = [...ds.links.keys()].sort((a, b) => a - b);
  for (const i of spans) {
    const list = ds.links.get(i) as readonly SpanLink[];
    for (let k = 0; k < list.length; k++) {
      const tk = traceKey(list[k].traceId);
      let bySpan = m.get(tk);
      if (!bySpan) m.set(tk, (bySpan = new Map()));
      const sk = spanKey(list[k].spanId);
      let pairs = bySpan.get(sk);
      if (!pairs) bySpan.set(sk, (pairs = []));
      pairs.push(i, k);
    }
  }
  x.inbound = m;
  return m;
}

/** The links of other loaded spans (and of the span itself) that point to span `i`. */
export function inboundLinks(ds: Dataset, i: number, limit = MAX_INBOUND_LINKS): InboundLinks {
  if (!Number.isInteger(i) || i < 0 || i >= ds.spanCount) throw new RangeError(`no span ${i} (the dataset has ${ds.spanCount})`);
  const pairs = inboundIndex(ds, indexes(ds))
    .get(traceKey(ds.traces[ds.trace[i]].id))
    ?.get(spanKey(ds.spanId[i]));
  if (!pairs) return { total: 0, links: [] };
  const links = [];
  for (let p = 0; p < pairs.length && links.length < limit; p += 2) {
    const from = pairs[p];
    links.push({ span: from, traceId: ds.traces[ds.trace[from]].id, spanId: ds.spanId[from], link: (ds.links.get(from) as readonly SpanLink[])[pairs[p + 1]] });
  }
  return { total: pairs.length / 2, links };
}

function allPairs(ds: Dataset, x: LinkIndexes): { readonly from: Int32Array; readonly to: Int32Array } {
  if (x.pairs) return x.pairs;
  let n = 0;
  for (const list of ds.links.values()) n += list.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  let k = 0;
  const spans = [...ds.links.keys()].sort((a, b) => a - b);
  for (const s of spans) {
    for (const l of ds.links.get(s) ?? []) {
      from[k] = s;
      to[k] = resolveSpan(ds, l.traceId, l.spanId);
      k++;
    }
  }
  x.pairs = { from, to };
  return x.pairs;
}

/** Every link with an end (source or resolved target) in trace t, as span index pairs. */
export function traceLinks(ds: Dataset, t: number): TraceLinks {
  if (!Number.isInteger(t) || t < 0 || t >= ds.traces.length) throw new RangeError(`no trace ${t} (the dataset has ${ds.traces.length})`);
  const all = allPairs(ds, indexes(ds));
  const from: number[] = [];
  const to: number[] = [];
  for (let k = 0; k < all.from.length; k++) {
    const s = all.from[k];
    const d = all.to[k];
    if (ds.trace[s] === t || (d >= 0 && ds.trace[d] === t)) {
      from.push(s);
      to.push(d);
    }
  }
  return { from: Int32Array.from(from), to: Int32Array.from(to) };
}
