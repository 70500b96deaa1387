/**
 * What the service-graph layouts share (pure, no DOM): the input and result types, cycle breaking,
 * longest-path layering, self-loop geometry, the final bounds pass, and edge path drawing.
 *
 * Everything is iterative (no recursion) and linear or near linear in nodes + edges, so the
 * layouts run on a worker for thousands of nodes. Results are typed arrays and plain numbers:
 * structured-clone friendly, and their buffers can be transferred.
 */

export type LayoutAlgorithm = 'layered' | 'force';

export interface LayoutNode {
  readonly id: string;
  /** Size of the node's box in pixels (the renderer measures its label). */
  readonly width: number;
  readonly height: number;
}

export interface GraphLayoutInput {
  readonly nodes: readonly LayoutNode[];
  /** Edge k goes from nodes[source[k]] to nodes[target[k]] (self loops and parallel edges allowed). */
  readonly source: ArrayLike<number>;
  readonly target: ArrayLike<number>;
  /**
   * Centres of a previous layout, by node id: the layered layout starts its ordering from them and
   * keeps them when it cannot do better; the force layout starts from them. Keeps a picture stable
   * when data is added.
   */
  readonly previous?: Readonly<Record<string, { readonly x: number; readonly y: number }>> | null;
}

export interface GraphLayoutOptions {
  algorithm?: LayoutAlgorithm;
  /** Space between two nodes of a layer (layered) or around nodes (force). Default 28. */
  nodeGap?: number;
  /** Horizontal space between layers. Default 150 (room for an edge label). */
  layerGap?: number;
  /** Time budget of the improvement loops (ordering sweeps, force ticks), ms. Default 700. */
  budgetMs?: number;
  /** Ordering sweeps at most (layered). Default 16. */
  maxSweeps?: number;
  /** Simulation ticks (force); default depends on the size. */
  ticks?: number;
  /** PRNG seed for the force layout's starting positions. Default 1. */
  seed?: number;
  /** Clock for the budget (ms); default Date.now. */
  now?: () => number;
}

/** How an edge's points are drawn (see drawEdge). */
export const EdgeShape = {
  /** Horizontal-tangent cubic segments between consecutive points (layered). */
  SPLINE: 0,
  /** A straight line (2 points) or a quadratic through a bent middle point (3 points). */
  STRAIGHT: 1,
  /** A self loop: one cubic p0 (p1 p2) p3 above the node. */
  LOOP: 2,
} as const;

export interface GraphLayoutStats {
  readonly ms: number;
  /** Edge crossings between adjacent layers (layered; counted on the segments through dummy nodes). */
  readonly crossings: number;
  readonly dummies: number;
  readonly layers: number;
  /** Ordering sweeps (layered) or simulation ticks (force) run. */
  readonly iterations: number;
}

export interface GraphLayout {
  readonly algorithm: LayoutAlgorithm;
  /** Node centres; every node box lies inside [0, width] × [0, height]. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly width: number;
  readonly height: number;
  /** Layer (column) of each node; the force layout reports the layering it biased x with. */
  readonly layer: Int32Array;
  /** Points of edge k: pts[2*ptStart[k] .. 2*ptStart[k+1]) as x, y pairs; first at the source, last at the target (arrow end). */
  readonly ptStart: Int32Array;
  readonly pts: Float64Array;
  /** EdgeShape per edge. */
  readonly shape: Uint8Array;
  /** 1 for edges the cycle breaking turned around: drawn right to left (layered). */
  readonly reversed: Uint8Array;
  readonly stats: GraphLayoutStats;
}

/** The buffers of a layout, for postMessage's transfer list. */
export function layoutBuffers(l: GraphLayout): ArrayBuffer[] {
  return [l.x, l.y, l.layer, l.ptStart, l.pts, l.shape, l.reversed].map((a) => a.buffer as ArrayBuffer);
}

/* ------------------------------------------------------------------------------------------ */
/* Graph structure                                                                             */
/* ------------------------------------------------------------------------------------------ */

/** Compressed adjacency: the neighbours of v are `adj[start[v] .. start[v + 1])`. */
export interface Csr {
  readonly start: Int32Array;
  readonly adj: Int32Array;
}

/** CSR of `from[k] -> to[k]` for k < count, over n nodes (neighbours in edge order). */
export function csr(n: number, from: ArrayLike<number>, to: ArrayLike<number>, count: number): Csr {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < count; k++) start[from[k] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const fill = start.slice(0, n);
  const adj = new Int32Array(count);
  for (let k = 0; k < count; k++) adj[fill[from[k]]++] = to[k];
  return { start, adj };
}

/** The distinct directed pairs u -> v (u ≠ v) of the edges, and each edge's pair (-1 for a self loop). */
export interface Pairs {
  readonly count: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly pairOf: Int32Array;
}

export function distinctPairs(n: number, source: ArrayLike<number>, target: ArrayLike<number>): Pairs {
  const m = source.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const pairOf = new Int32Array(m);
  const index = new Map<number, number>();
  let count = 0;
  for (let k = 0; k < m; k++) {
    const u = source[k];
    const v = target[k];
    if (u === v) {
      pairOf[k] = -1;
      continue;
    }
    const key = u * n + v;
    let p = index.get(key);
    if (p === undefined) {
      p = count++;
      index.set(key, p);
      from[p] = u;
      to[p] = v;
    }
    pairOf[k] = p;
  }
  return { count, from: from.subarray(0, count), to: to.subarray(0, count), pairOf };
}

/**
 * Cycle breaking (Eades, Lin and Smyth's greedy heuristic; no DFS, no recursion): repeatedly take
 * sinks to the end and sources to the front of a sequence; when neither is left, take the node with
 * the largest out-degree minus in-degree (ties: the smaller `tie` key, then the smaller index). Edges
 * that point backwards in the sequence are the ones to reverse; on a DAG there are none.
 *
 * Returns each node's position in the sequence. O(n² / bucket) worst case for the max-δ picks, linear
 * otherwise; the picks scan only the nodes left.
 */
export function greedySequence(n: number, pairs: Pairs, tie?: Float64Array): Int32Array {
  const out = csr(n, pairs.from, pairs.to, pairs.count);
  const inn = csr(n, pairs.to, pairs.from, pairs.count);
  const indeg = new Int32Array(n);
  const outdeg = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    outdeg[v] = out.start[v + 1] - out.start[v];
    indeg[v] = inn.start[v + 1] - inn.start[v];
  }
  const removed = new Uint8Array(n);
  const pos = new Int32Array(n);
  let front = 0;
  let back = n - 1;
  let left = n;
  // Candidate stacks; entries are re-checked when popped (a node may have changed since).
  const sinks: number[] = [];
  const sources: number[] = [];
  // Initial sources in tie order, so isolated and entry nodes come in a stable order.
  const byTie = Array.from({ length: n }, (_, v) => v);
  if (tie) byTie.sort((a, b) => tie[a] - tie[b] || a - b);
  for (let k = n - 1; k >= 0; k--) {
    const v = byTie[k];
    if (outdeg[v] === 0) sinks.push(v);
    else if (indeg[v] === 0) sources.push(v);
  }
  // Sinks are popped from the end: reverse so the first in tie order is taken last (ends up first of the tail).
  sinks.reverse();
  const remove = (v: number) => {
    removed[v] = 1;
    left--;
    for (let j = out.start[v]; j < out.start[v + 1]; j++) {
      const w = out.adj[j];
      if (removed[w]) continue;
      indeg[w]--;
      if (indeg[w] === 0 && outdeg[w] > 0) sources.push(w);
    }
    for (let j = inn.start[v]; j < inn.start[v + 1]; j++) {
      const w = inn.adj[j];
      if (removed[w]) continue;
      outdeg[w]--;
      if (outdeg[w] === 0) sinks.push(w);
    }
  };
  let scan = 0;
  while (left > 0) {
    let progressed = true;
    while (progressed) {
      progressed = false;
      while (sinks.length > 0) {
        const v = sinks.pop() as number;
        if (removed[v] || outdeg[v] !== 0) continue;
        pos[v] = back--;
        remove(v);
        progressed = true;
      }
      while (sources.length > 0) {
        const v = sources.pop() as number;
        if (removed[v] || indeg[v] !== 0 || outdeg[v] === 0) continue;
        pos[v] = front++;
        remove(v);
        progressed = true;
        if (sinks.length > 0) break;
      }
    }
    if (left === 0) break;
    // No sink or source: the node with the largest out - in degree goes to the front.
    let best = -1;
    let bestD = -Infinity;
    while (scan < n && removed[byTie[scan]]) scan++;
    for (let k = scan; k < n; k++) {
      const v = byTie[k];
      if (removed[v]) continue;
      const d = outdeg[v] - indeg[v];
      if (d > bestD) {
        bestD = d;
        best = v;
      }
    }
    pos[best] = front++;
    remove(best);
  }
  return pos;
}

/**
 * Longest-path layering of the DAG `from[g] -> to[g]` (every edge must go forward in `order`, a
 * topological order), then a "network simplex lite" pass: a node with more outgoing than incoming
 * edges moves right, next to its nearest successor, shortening more edges than it lengthens.
 * Layers start at 0.
 */
export function layerDag(n: number, from: Int32Array, to: Int32Array, count: number, order: Int32Array): Int32Array {
  const out = csr(n, from, to, count);
  const inn = csr(n, to, from, count);
  const layer = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const v = order[k];
    let l = 0;
    for (let j = inn.start[v]; j < inn.start[v + 1]; j++) l = Math.max(l, layer[inn.adj[j]] + 1);
    layer[v] = l;
  }
  for (let k = n - 1; k >= 0; k--) {
    const v = order[k];
    const outs = out.start[v + 1] - out.start[v];
    const ins = inn.start[v + 1] - inn.start[v];
    if (outs === 0 || outs <= ins) continue;
    let min = Infinity;
    for (let j = out.start[v]; j < out.start[v + 1]; j++) min = Math.min(min, layer[out.adj[j]]);
    if (min - 1 > layer[v]) layer[v] = min - 1;
  }
  let lo = Infinity;
  for (let v = 0; v < n; v++) lo = Math.min(lo, layer[v]);
  if (lo > 0 && lo !== Infinity) for (let v = 0; v < n; v++) layer[v] -= lo;
  return layer;
}

/** Inverse of a position array: order[pos[v]] = v. */
export function orderOf(pos: Int32Array): Int32Array {
  const order = new Int32Array(pos.length);
  for (let v = 0; v < pos.length; v++) order[pos[v]] = v;
  return order;
}

/** Cycle breaking and layering in one step (the force layout's left-to-right bias uses it too). */
export function acyclicLayers(n: number, source: ArrayLike<number>, target: ArrayLike<number>, tie?: Float64Array): { pairs: Pairs; pos: Int32Array; layer: Int32Array; dagFrom: Int32Array; dagTo: Int32Array } {
  const pairs = distinctPairs(n, source, target);
  const pos = greedySequence(n, pairs, tie);
  const dagFrom = new Int32Array(pairs.count);
  const dagTo = new Int32Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    const u = pairs.from[p];
    const v = pairs.to[p];
    if (pos[u] < pos[v]) {
      dagFrom[p] = u;
      dagTo[p] = v;
    } else {
      dagFrom[p] = v;
      dagTo[p] = u;
    }
  }
  const layer = layerDag(n, dagFrom, dagTo, pairs.count, orderOf(pos));
  return { pairs, pos, layer, dagFrom, dagTo };
}

/* ------------------------------------------------------------------------------------------ */
/* Geometry                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Height of a self loop above its node's top edge (the first loop; more loops go higher). */
export const LOOP_HEIGHT = 28;
export const LOOP_STEP = 10;

/** Loop j of node (cx, cy, w, h): four points for one cubic over the node's top, left of centre, drawn right to left. */
export function loopPoints(cx: number, cy: number, w: number, h: number, j: number, out: number[]): void {
  const top = cy - h / 2;
  const a = Math.min(w * 0.16, 20);
  // left of centre: the top right corner is where renderers put badges
  const c = cx - Math.min(w * 0.12, 22);
  const up = LOOP_HEIGHT + j * LOOP_STEP;
  out.push(c + a, top, c + a + 16, top - up, c - a - 16, top - up, c - a, top);
}

/** Where the segment from the centre (cx, cy) of a w × h box towards (tx, ty) leaves the box. */
export function clipToBox(cx: number, cy: number, w: number, h: number, tx: number, ty: number): [number, number] {
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx !== 0 ? w / 2 / Math.abs(dx) : Infinity;
  const sy = dy !== 0 ? h / 2 / Math.abs(dy) : Infinity;
  const s = Math.min(sx, sy, 1);
  return [cx + dx * s, cy + dy * s];
}

/**
 * Shifts node centres and edge points so that every box, loop and point lies in [0, width] × [0,
 * height], and returns the extent.
 */
export function normalizeBounds(nodes: readonly LayoutNode[], x: Float64Array, y: Float64Array, pts: Float64Array): { width: number; height: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let v = 0; v < nodes.length; v++) {
    const w = nodes[v].width / 2;
    const h = nodes[v].height / 2;
    x0 = Math.min(x0, x[v] - w);
    x1 = Math.max(x1, x[v] + w);
    y0 = Math.min(y0, y[v] - h);
    y1 = Math.max(y1, y[v] + h);
  }
  for (let k = 0; k < pts.length; k += 2) {
    x0 = Math.min(x0, pts[k]);
    x1 = Math.max(x1, pts[k]);
    y0 = Math.min(y0, pts[k + 1]);
    y1 = Math.max(y1, pts[k + 1]);
  }
  if (!Number.isFinite(x0)) return { width: 0, height: 0 };
  for (let v = 0; v < nodes.length; v++) {
    x[v] -= x0;
    y[v] -= y0;
  }
  for (let k = 0; k < pts.length; k += 2) {
    pts[k] -= x0;
    pts[k + 1] -= y0;
  }
  return { width: x1 - x0, height: y1 - y0 };
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/** The path calls edges need: a CanvasRenderingContext2D or PathString fits. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void;
}

/** Builds an SVG path `d` string. */
export class PathString implements PathSink {
  private d = '';
  private static f(v: number): string {
    return String(Math.round(v * 10) / 10);
  }
  moveTo(x: number, y: number): void {
    this.d += `M${PathString.f(x)},${PathString.f(y)}`;
  }
  lineTo(x: number, y: number): void {
    this.d += `L${PathString.f(x)},${PathString.f(y)}`;
  }
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void {
    const f = PathString.f;
    this.d += `Q${f(cpx)},${f(cpy)},${f(x)},${f(y)}`;
  }
  bezierCurveTo(a: number, b: number, c: number, d: number, x: number, y: number): void {
    const f = PathString.f;
    this.d += `C${f(a)},${f(b)},${f(c)},${f(d)},${f(x)},${f(y)}`;
  }
  toString(): string {
    return this.d;
  }
}

/** Draws edge k of a layout into a path sink (canvas context or PathString). */
export function drawEdge(sink: PathSink, l: GraphLayout, k: number): void {
  const s = l.ptStart[k];
  const e = l.ptStart[k + 1];
  const p = l.pts;
  const count = e - s;
  if (count < 2) return;
  sink.moveTo(p[2 * s], p[2 * s + 1]);
  const shape = l.shape[k];
  if (shape === EdgeShape.LOOP && count === 4) {
    sink.bezierCurveTo(p[2 * s + 2], p[2 * s + 3], p[2 * s + 4], p[2 * s + 5], p[2 * s + 6], p[2 * s + 7]);
    return;
  }
  if (shape === EdgeShape.STRAIGHT) {
    if (count === 3) {
      // a quadratic through the middle point: control = 2·mid − (start + end)/2
      const cx = 2 * p[2 * s + 2] - (p[2 * s] + p[2 * s + 4]) / 2;
      const cy = 2 * p[2 * s + 3] - (p[2 * s + 1] + p[2 * s + 5]) / 2;
      sink.quadraticCurveTo(cx, cy, p[2 * s + 4], p[2 * s + 5]);
    } else for (let j = s + 1; j < e; j++) sink.lineTo(p[2 * j], p[2 * j + 1]);
    return;
  }
  for (let j = s + 1; j < e; j++) {
    const x0 = p[2 * j - 2];
    const y0 = p[2 * j - 1];
    const x1 = p[2 * j];
    const y1 = p[2 * j + 1];
    const mx = (x0 + x1) / 2;
    sink.bezierCurveTo(mx, y0, mx, y1, x1, y1);
  }
}

/** The SVG path of edge k. */
export function edgePath(l: GraphLayout, k: number): string {
  const ps = new PathString();
  drawEdge(ps, l, k);
  return ps.toString();
}

/**
 * A point near the middle of edge k and the direction there (unit vector), for labels and
 * arrowheads: the middle of the middle segment, evaluated on the drawn curve.
 */
export function edgeMidpoint(l: GraphLayout, k: number): { x: number; y: number } {
  const s = l.ptStart[k];
  const e = l.ptStart[k + 1];
  const p = l.pts;
  const count = e - s;
  if (count === 0) return { x: 0, y: 0 };
  if (l.shape[k] === EdgeShape.LOOP && count === 4) {
    // cubic at t = 0.5
    return { x: (p[2 * s] + 3 * p[2 * s + 2] + 3 * p[2 * s + 4] + p[2 * s + 6]) / 8, y: (p[2 * s + 1] + 3 * p[2 * s + 3] + 3 * p[2 * s + 5] + p[2 * s + 7]) / 8 };
  }
  if (count === 3 && l.shape[k] === EdgeShape.STRAIGHT) return { x: p[2 * s + 2], y: p[2 * s + 3] };
  if (count % 2 === 1) {
    const j = s + (count - 1) / 2;
    return { x: p[2 * j], y: p[2 * j + 1] };
  }
  const j = s + count / 2 - 1;
  return { x: (p[2 * j] + p[2 * j + 2]) / 2, y: (p[2 * j + 1] + p[2 * j + 3]) / 2 };
}

/** The point at fraction f (0 = source end, 1 = target end) along edge k as drawn (by segment, then on its curve). */
export function pointOnEdge(l: GraphLayout, k: number, f: number): { x: number; y: number } {
  const s = l.ptStart[k];
  const e = l.ptStart[k + 1];
  const p = l.pts;
  const count = e - s;
  if (count === 0) return { x: 0, y: 0 };
  if (count === 1) return { x: p[2 * s], y: p[2 * s + 1] };
  const t = Math.max(0, Math.min(1, f));
  const cubic = (a: number, b: number, c: number, d: number, u: number) => (1 - u) ** 3 * a + 3 * (1 - u) ** 2 * u * b + 3 * (1 - u) * u * u * c + u ** 3 * d;
  if (l.shape[k] === EdgeShape.LOOP && count === 4) {
    return { x: cubic(p[2 * s], p[2 * s + 2], p[2 * s + 4], p[2 * s + 6], t), y: cubic(p[2 * s + 1], p[2 * s + 3], p[2 * s + 5], p[2 * s + 7], t) };
  }
  if (l.shape[k] === EdgeShape.STRAIGHT && count === 3) {
    const cx = 2 * p[2 * s + 2] - (p[2 * s] + p[2 * s + 4]) / 2;
    const cy = 2 * p[2 * s + 3] - (p[2 * s + 1] + p[2 * s + 5]) / 2;
    const q = (a: number, b: number, c: number) => (1 - t) * (1 - t) * a + 2 * (1 - t) * t * b + t * t * c;
    return { x: q(p[2 * s], cx, p[2 * s + 4]), y: q(p[2 * s + 1], cy, p[2 * s + 5]) };
  }
  const segs = count - 1;
  const at = t * segs;
  const j = Math.min(segs - 1, Math.floor(at));
  const u = at - j;
  const x0 = p[2 * (s + j)];
  const y0 = p[2 * (s + j) + 1];
  const x1 = p[2 * (s + j) + 2];
  const y1 = p[2 * (s + j) + 3];
  if (l.shape[k] === EdgeShape.STRAIGHT) return { x: x0 + (x1 - x0) * u, y: y0 + (y1 - y0) * u };
  const mx = (x0 + x1) / 2;
  return { x: cubic(x0, mx, mx, x1, u), y: cubic(y0, y0, y1, y1, u) };
}

/** Squared distance from (px, py) to the polyline of edge k (hit testing edges drawn on a canvas). */
export function edgeDistance2(l: GraphLayout, k: number, px: number, py: number): number {
  const s = l.ptStart[k];
  const e = l.ptStart[k + 1];
  const p = l.pts;
  let best = Infinity;
  for (let j = s + 1; j < e; j++) {
    const ax = p[2 * j - 2];
    const ay = p[2 * j - 1];
    const bx = p[2 * j];
    const by = p[2 * j + 1];
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    let t = len > 0 ? ((px - ax) * dx + (py - ay) * dy) / len : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const qx = ax + t * dx - px;
    const qy = ay + t * dy - py;
    best = Math.min(best, qx * qx + qy * qy);
  }
  return best;
}

/** A small seeded PRNG (mulberry32) for reproducible starting positions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
