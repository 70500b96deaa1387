/**
 * The waterfall's row model: which spans of a trace are visible, in order, given what is collapsed.
 *
 * A trace's spans come in depth-first pre-order (`TraceInfo.order`), so a subtree is a contiguous
 * run of that order and collapsing skips it in O(1): one linear pass, no tree recursion
 * (jaeger-ui's generateRowStates idea). Long runs of identical siblings (same service and name, as in
 * an N+1 query fan-out) can be folded into one group row ("×240 SELECT").
 */
import type { TreeColumns } from './columns.ts';

export interface TraceTree {
  /** Spans in pre-order. */
  readonly order: Int32Array;
  /** Position of each span in `order`, indexed by span index (-1 for spans of other traces). */
  readonly pos: Int32Array;
  /** subtreeSize[k]: number of spans in the subtree of order[k], itself included. */
  readonly subtreeSize: Int32Array;
}

/** Precomputes positions and subtree sizes for a trace's pre-order (two linear passes). */
export function traceTree(cols: Pick<TreeColumns, 'parent'>, order: Int32Array): TraceTree {
  const n = order.length;
  const pos = new Int32Array(cols.parent.length).fill(-1);
  for (let k = 0; k < n; k++) pos[order[k]] = k;
  const size = new Int32Array(n).fill(1);
  for (let k = n - 1; k >= 0; k--) {
    const p = cols.parent[order[k]];
    if (p >= 0 && pos[p] >= 0) size[pos[p]] += size[k];
  }
  return { order, pos, subtreeSize: size };
}

export interface RowModel {
  /** Span index of each visible row. */
  readonly spans: Int32Array;
  /**
   * For a group row (a folded run of identical siblings), the number of spans in the run (≥ 2);
   * 0 for an ordinary row. A group row's `spans` entry is the run's first span.
   */
  readonly group: Int32Array;
  readonly count: number;
}

export interface RowOptions {
  /** Spans whose subtrees are hidden. */
  readonly collapsed: ReadonlySet<number>;
  /** First spans of sibling runs that the user unfolded. */
  readonly expandedGroups?: ReadonlySet<number>;
  /** Fold runs of at least this many identical consecutive leaf siblings; 0 disables folding. */
  readonly foldRunsOf?: number;
  /** When set, show only these spans (search "matches only"), in tree order. */
  readonly only?: ReadonlySet<number> | null;
}

/** Visible rows of one trace. O(visible rows + collapsed subtrees); no recursion. */
export function buildRows(cols: TreeColumns, tree: TraceTree, opts: RowOptions): RowModel {
  const { order, subtreeSize } = tree;
  const n = order.length;
  const spans = new Int32Array(n);
  const group = new Int32Array(n);
  let r = 0;
  const fold = opts.foldRunsOf ?? 0;
  const only = opts.only ?? null;
  for (let k = 0; k < n; ) {
    const v = order[k];
    if (only !== null) {
      if (only.has(v)) spans[r++] = v;
      k++;
      continue;
    }
    if (fold >= 2 && subtreeSize[k] === 1) {
      // Count the run of identical leaf siblings starting here.
      let run = 1;
      let next = k + 1;
      let u = cols.nextSibling[v];
      while (u !== -1 && next < n && order[next] === u && subtreeSize[next] === 1 && cols.name[u] === cols.name[v] && cols.resource[u] === cols.resource[v] && cols.kind[u] === cols.kind[v]) {
        run++;
        next++;
        u = cols.nextSibling[u];
      }
      if (run >= fold) {
        if (opts.expandedGroups?.has(v)) {
          for (; k < next; k++) spans[r++] = order[k];
        } else {
          spans[r] = v;
          group[r++] = run;
          k = next;
        }
        continue;
      }
    }
    spans[r++] = v;
    k += opts.collapsed.has(v) ? subtreeSize[k] : 1;
  }
  return { spans: spans.subarray(0, r), group: group.subarray(0, r), count: r };
}

/** The spans to collapse so that only depth < maxDepth is shown ("expand to depth N"). */
export function collapseBelowDepth(cols: Pick<TreeColumns, 'depth' | 'firstChild'>, order: Int32Array, maxDepth: number): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < order.length; k++) {
    const v = order[k];
    if (cols.depth[v] === maxDepth - 1 && cols.firstChild[v] !== -1) out.add(v);
  }
  return out;
}

/** The spans with children (for "collapse all"). */
export function allParents(cols: Pick<TreeColumns, 'firstChild'>, order: Int32Array): Set<number> {
  const out = new Set<number>();
  for (let k = 0; k < order.length; k++) if (cols.firstChild[order[k]] !== -1) out.add(order[k]);
  return out;
}

/** Depth at which a trace of this size stays readable when opened (all of it below ~5k spans). */
export function initialDepth(cols: Pick<TreeColumns, 'depth'>, order: Int32Array, budget = 5000): number {
  if (order.length <= budget) return Number.POSITIVE_INFINITY;
  const perDepth: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const d = cols.depth[order[k]];
    perDepth[d] = (perDepth[d] ?? 0) + 1;
  }
  let total = 0;
  for (let d = 0; d < perDepth.length; d++) {
    total += perDepth[d] ?? 0;
    if (total > budget) return Math.max(1, d);
  }
  return Number.POSITIVE_INFINITY;
}

/** The ancestors of a span, nearest first (to reveal a selected span inside collapsed subtrees). */
export function ancestors(cols: Pick<TreeColumns, 'parent'>, span: number): number[] {
  const out: number[] = [];
  for (let p = cols.parent[span], guard = 0; p !== -1 && guard < 1e7; p = cols.parent[p], guard++) out.push(p);
  return out;
}
