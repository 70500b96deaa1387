/**
 * Span links as index pairs, for drawing them in the waterfall. Runs in the worker.
 *
 * Every link of the dataset is resolved once (on first use, cached per immutable Dataset) with
 * span-links.ts's id lookup; `traceLinks(t)` then returns the pairs with an end in trace t.
 */
import type { Dataset } from '../core/model/types.ts';
import type { TraceLinks } from './protocol.ts';
import { resolveSpan } from './span-links.ts';

interface Pairs {
  readonly from: Int32Array;
  /** -1 where the target is not loaded. */
  readonly to: Int32Array;
}

const cache = new WeakMap<Dataset, Pairs>();

function allPairs(ds: Dataset): Pairs {
  let p = cache.get(ds);
  if (p) return p;
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
  p = { from, to };
  cache.set(ds, p);
  return p;
}

/** Every link with an end (source or resolved target) in trace t, as span index pairs. */
export function traceLinks(ds: Dataset, t: number): TraceLinks {
  if (!Number.isInteger(t) || t < 0 || t >= ds.traces.length) throw new RangeError(`no trace ${t} (the dataset has ${ds.traces.length})`);
  const all = allPairs(ds);
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
