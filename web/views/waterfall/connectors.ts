/** Which connectors to draw between the rows in view: PRODUCER → CONSUMER hand-offs and span links. */
import { SpanKind } from '../../core/model/types.ts';
import type { ChartModel } from './context.ts';

export interface Connector {
  readonly type: 'handoff' | 'link';
  /** Drawn from the end of `from` to the start of `to`. */
  readonly from: number;
  readonly to: number;
  /** Rows of the two ends. */
  readonly ra: number;
  readonly rb: number;
}

/**
 * Hand-offs and links with an end in rows [first, last) and both ends shown. A link is drawn from
 * the linked span (its target) to the linking span: a consumer that links to its producer reads
 * producer → consumer, like a hand-off by parent.
 */
export function connectorsIn(m: ChartModel, first: number, last: number): Connector[] {
  const { cols, rows } = m;
  const out: Connector[] = [];
  const seen = new Set<string>();
  const rowOf = m.rowOf;
  const add = (type: Connector['type'], from: number, to: number) => {
    const key = `${type}${from}-${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    const ra = rowOf(from);
    const rb = rowOf(to);
    if (ra < 0 || rb < 0 || ra === rb || rows.group[ra] > 0 || rows.group[rb] > 0) return;
    out.push({ type, from, to, ra, rb });
  };
  for (let r = first; r < last; r++) {
    if (rows.group[r] > 0) continue;
    const v = rows.spans[r];
    const kind = cols.kind[v];
    const p = cols.parent[v];
    if (kind === SpanKind.CONSUMER && p >= 0 && cols.kind[p] === SpanKind.PRODUCER) add('handoff', p, v);
    if (kind === SpanKind.PRODUCER) for (let c = cols.firstChild[v]; c !== -1; c = cols.nextSibling[c]) if (cols.kind[c] === SpanKind.CONSUMER) add('handoff', v, c);
    const pairs = m.linkAdj.get(v);
    if (pairs) for (const [src, dst] of pairs) if (src !== dst) add('link', dst, src);
  }
  return out;
}
