/**
 * A trace's kind-aware clock-skew correction and critical path, for the waterfall. Runs in the
 * worker: both walk every span of the trace (a critical path sorts each visited span's children),
 * which at a million spans is too long a task for the page.
 */
import type { Dataset } from '../core/model/types.ts';
import { adjustSkew } from '../core/layout/skew.ts';
import { criticalPath } from '../core/layout/critical-path.ts';
import type { TraceTiming } from './protocol.ts';

export function traceTiming(ds: Dataset, t: number, skew: boolean): TraceTiming {
  if (!Number.isInteger(t) || t < 0 || t >= ds.traces.length) throw new RangeError(`no trace ${t} (the dataset has ${ds.traces.length})`);
  const { order, roots } = ds.traces[t];
  let start = ds.start;
  let moved = new Int32Array(0);
  let delta = new Float64Array(0);
  if (skew) {
    const adj = adjustSkew(ds, order);
    start = adj.start;
    moved = Int32Array.from(adj.delta.keys());
    delta = Float64Array.from(adj.delta.values());
  }
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let k = 0; k < order.length; k++) {
    const s = start[order[k]];
    const e = s + ds.duration[order[k]];
    if (s < t0) t0 = s;
    if (e > t1) t1 = e;
  }
  const cols = { firstChild: ds.firstChild, nextSibling: ds.nextSibling, kind: ds.kind, start, duration: ds.duration };
  const segSpan: number[] = [];
  const segStart: number[] = [];
  const segEnd: number[] = [];
  for (const root of roots) {
    for (const seg of criticalPath(cols, root)) {
      if (seg.end <= seg.start) continue;
      segSpan.push(seg.span);
      segStart.push(seg.start);
      segEnd.push(seg.end);
    }
  }
  // group by span (stable: each span's segments stay in time order)
  const idx = Int32Array.from(segSpan.keys()).sort((a, b) => segSpan[a] - segSpan[b] || segStart[a] - segStart[b]);
  const critSpan: number[] = [];
  const critOffset: number[] = [];
  const critStart = new Float64Array(idx.length);
  const critEnd = new Float64Array(idx.length);
  for (let j = 0; j < idx.length; j++) {
    const k = idx[j];
    if (critSpan.length === 0 || critSpan[critSpan.length - 1] !== segSpan[k]) {
      critSpan.push(segSpan[k]);
      critOffset.push(j);
    }
    critStart[j] = segStart[k];
    critEnd[j] = segEnd[k];
  }
  critOffset.push(idx.length);
  return {
    moved,
    delta,
    t0: Number.isFinite(t0) ? t0 : 0,
    t1: Number.isFinite(t1) ? t1 : 0,
    critSpan: Int32Array.from(critSpan),
    critOffset: Int32Array.from(critOffset),
    critStart,
    critEnd,
  };
}
