/**
 * Optional, kind-aware clock-skew correction (off by default in the views).
 *
 * Only a SERVER span whose parent is a CLIENT span is moved, and only when it sticks out of that
 * client (starts before it or ends after it): it is centred inside the client, splitting the
 * network time evenly between request and response (as Zipkin's UI does), and its whole subtree
 * moves with it. A SERVER longer than its CLIENT is left alone (no shift can make it fit). A
 * CONSUMER is never moved into its PRODUCER: a message may be consumed long after it was sent.
 */
import type { TreeColumns } from './columns.ts';
import { SpanKind } from '../model/types.ts';

export interface SkewAdjustment {
  /** Adjusted starts for the spans of `order` (others keep their original start). */
  readonly start: Float64Array;
  /** Shift applied to each moved span (ns; positive = later), including shifts inherited from an ancestor. */
  readonly delta: Map<number, number>;
}

export function adjustSkew(cols: Pick<TreeColumns, 'parent' | 'kind' | 'start' | 'duration'>, order: Int32Array): SkewAdjustment {
  const start = cols.start.slice();
  const delta = new Map<number, number>();
  for (let k = 0; k < order.length; k++) {
    const v = order[k];
    const p = cols.parent[v];
    let shift = p >= 0 ? (delta.get(p) ?? 0) : 0;
    if (p >= 0 && cols.kind[v] === SpanKind.SERVER && cols.kind[p] === SpanKind.CLIENT) {
      const ps = start[p];
      const pe = ps + cols.duration[p];
      const vs = cols.start[v] + shift;
      const ve = vs + cols.duration[v];
      if ((vs < ps || ve > pe) && cols.duration[v] <= cols.duration[p]) {
        const centred = ps + (cols.duration[p] - cols.duration[v]) / 2;
        shift += centred - vs;
      }
    }
    if (shift !== 0) {
      delta.set(v, shift);
      start[v] = cols.start[v] + shift;
    }
  }
  return { start, delta };
}
