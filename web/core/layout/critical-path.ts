/**
 * Critical path of a trace: the chain of work that determined its end-to-end latency.
 *
 * Walking back from a span's end, the child that finished last (before the cursor) is what the span
 * was waiting for; its own critical path is taken, the cursor moves to that child's start, and the
 * gaps between chosen children are the span's own time. A sibling that overlaps the chosen child
 * (it was still running when that child started) did not block it and is passed over. Kind-aware: a CLIENT waits for its SERVER
 * child, but a PRODUCER does not wait for its CONSUMER (a hand-off does not block), so CONSUMER
 * children of a PRODUCER are never on the producer's path. Iterative: no recursion on deep traces.
 */
import type { TreeColumns } from './columns.ts';
import { SpanKind } from '../model/types.ts';

export interface CriticalSegment {
  readonly span: number;
  /** Nanoseconds from the trace epoch. */
  readonly start: number;
  readonly end: number;
}

interface Frame {
  span: number;
  lo: number;
  hi: number;
  cursor: number;
  kids: number[];
  next: number;
}

function blockingChildren(cols: Pick<TreeColumns, 'firstChild' | 'nextSibling' | 'kind' | 'start' | 'duration'>, v: number): number[] {
  const kids: number[] = [];
  const producer = cols.kind[v] === SpanKind.PRODUCER;
  for (let c = cols.firstChild[v]; c !== -1; c = cols.nextSibling[c]) {
    if (producer && cols.kind[c] === SpanKind.CONSUMER) continue;
    kids.push(c);
  }
  // latest end first
  kids.sort((a, b) => cols.start[b] + cols.duration[b] - (cols.start[a] + cols.duration[a]) || a - b);
  return kids;
}

/** Segments of the critical path under `root`, in time order. */
export function criticalPath(cols: Pick<TreeColumns, 'firstChild' | 'nextSibling' | 'kind' | 'start' | 'duration'>, root: number): CriticalSegment[] {
  const out: CriticalSegment[] = [];
  const stack: Frame[] = [];
  const push = (span: number, lo: number, hi: number) => stack.push({ span, lo, hi, cursor: hi, kids: blockingChildren(cols, span), next: 0 });
  push(root, cols.start[root], cols.start[root] + cols.duration[root]);
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.cursor <= f.lo) {
      stack.pop();
      continue;
    }
    let chosen = -1;
    while (f.next < f.kids.length) {
      const c = f.kids[f.next++];
      const end = cols.start[c] + cols.duration[c];
      // A child still running when the chosen one started did not block it (Jaeger's rule); only
      // children that outlive the span itself (async or skewed) are clipped to its end.
      if (cols.start[c] < f.cursor && end > f.lo && (end <= f.cursor || f.cursor === f.hi)) {
        chosen = c;
        break;
      }
    }
    if (chosen === -1) {
      out.push({ span: f.span, start: f.lo, end: f.cursor });
      stack.pop();
      continue;
    }
    const cEnd = Math.min(cols.start[chosen] + cols.duration[chosen], f.cursor);
    const cStart = Math.max(cols.start[chosen], f.lo);
    if (cEnd < f.cursor) out.push({ span: f.span, start: cEnd, end: f.cursor });
    f.cursor = cStart;
    push(chosen, cStart, cEnd);
  }
  out.reverse();
  return out;
}

/** The set of spans with any time on the critical path. */
export function criticalSpans(segments: readonly CriticalSegment[]): Set<number> {
  return new Set(segments.map((s) => s.span));
}
