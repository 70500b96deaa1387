/**
 * Service-graph layout (pure; runs on the engine worker): a layered left-to-right layout that
 * follows call direction, and a force layout as an option (graph-force.ts).
 *
 * Layered (Sugiyama-style, sized for 1,000 nodes and 5,000 edges in well under a second):
 *  1. distinct directed pairs; cycle breaking by Eades–Lin–Smyth's greedy sequence (no DFS);
 *  2. longest-path layering plus a pass that pulls fan-out nodes next to their successors;
 *  3. dummy nodes on edges that span several layers (long edges bend around nodes, not through them);
 *  4. ordering: a start order (the previous layout's vertical order when given, so pictures stay
 *     stable), then barycenter sweeps down and up, keeping the order with the fewest crossings
 *     (counted per layer pair with a Fenwick tree), within a time budget;
 *  5. y coordinates: per layer, the least-squares positions nearest each node's neighbours that keep
 *     the minimum gaps (pool-adjacent-violators, exact and linear), swept down and up a few times;
 *     x by layer columns as wide as their widest node;
 *  6. edge points: ports spread along the node sides by the other end's height, the dummy chain in
 *     between, parallel edges offset, back edges reversed again so every edge runs source → target.
 * No recursion anywhere.
 */
import { EdgeShape, acyclicLayers, csr, loopPoints, normalizeBounds, LOOP_HEIGHT, LOOP_STEP } from './graph-common.ts';
import type { GraphLayout, GraphLayoutInput, GraphLayoutOptions } from './graph-common.ts';
import { forceLayout } from './graph-force.ts';

export * from './graph-common.ts';

/** Vertical distance between parallel edges (sync and async between the same nodes, or both directions). */
export const PARALLEL_GAP = 12;
export { forceLayout } from './graph-force.ts';

/** Lays out a graph with the chosen algorithm (default layered). */
export function layoutGraph(input: GraphLayoutInput, options: GraphLayoutOptions = {}): GraphLayout {
  return options.algorithm === 'force' ? forceLayout(input, options) : layeredLayout(input, options);
}

/** Sorts `idx` by key, ties by the previous position (stable barycenter ordering). */
function sortByKey(idx: Int32Array, key: Float64Array, prev: Int32Array): void {
  const arr = Array.from(idx);
  arr.sort((a, b) => key[a] - key[b] || prev[a] - prev[b]);
  for (let k = 0; k < arr.length; k++) idx[k] = arr[k];
}

/**
 * Isotonic least squares with gaps: the y minimizing Σ w·(y − want)² subject to
 * y[i+1] ≥ y[i] + gap[i] (pool adjacent violators on y − prefix sum of gaps). Writes into `out`.
 */
function projectWithGaps(want: Float64Array, weight: Float64Array, gap: Float64Array, count: number, out: Float64Array, bw: Float64Array, bs: Float64Array, bn: Int32Array): void {
  let blocks = 0;
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0) offset += gap[i - 1];
    out[i] = offset; // prefix sum of gaps, reused below
    const t = want[i] - offset;
    bw[blocks] = weight[i];
    bs[blocks] = weight[i] * t;
    bn[blocks] = 1;
    blocks++;
    while (blocks > 1 && bs[blocks - 2] / bw[blocks - 2] > bs[blocks - 1] / bw[blocks - 1]) {
      bw[blocks - 2] += bw[blocks - 1];
      bs[blocks - 2] += bs[blocks - 1];
      bn[blocks - 2] += bn[blocks - 1];
      blocks--;
    }
  }
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    const z = bs[b] / bw[b];
    for (let j = 0; j < bn[b]; j++, i++) out[i] += z;
  }
}

/**
 * Layered layout. Nodes without edges to other nodes (only self loops, or none) are not layered:
 * they are packed in rows under the drawing, so they neither widen a layer nor push connected
 * nodes apart.
 */
export function layeredLayout(input: GraphLayoutInput, options: GraphLayoutOptions = {}): GraphLayout {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const { nodes, source, target } = input;
  const n = nodes.length;
  const m = source.length;
  const linked = new Uint8Array(n);
  for (let k = 0; k < m; k++) {
    if (source[k] !== target[k]) {
      linked[source[k]] = 1;
      linked[target[k]] = 1;
    }
  }
  const isolated: number[] = [];
  for (let v = 0; v < n; v++) if (!linked[v]) isolated.push(v);
  if (isolated.length === 0) return layeredConnected(input, options);

  // the connected part
  const subOf = new Int32Array(n).fill(-1);
  const subNodes: { id: string; width: number; height: number }[] = [];
  for (let v = 0; v < n; v++) {
    if (!linked[v]) continue;
    subOf[v] = subNodes.length;
    subNodes.push(nodes[v]);
  }
  const subEdges: number[] = [];
  for (let k = 0; k < m; k++) if (linked[source[k]]) subEdges.push(k);
  const sub =
    subNodes.length > 0
      ? layeredConnected(
          { nodes: subNodes, source: Int32Array.from(subEdges, (k) => subOf[source[k]]), target: Int32Array.from(subEdges, (k) => subOf[target[k]]), previous: input.previous },
          { ...options, now },
        )
      : null;

  // isolated nodes in rows below, in their previous order when known
  const loopsAt = new Int32Array(n);
  for (let k = 0; k < m; k++) if (source[k] === target[k]) loopsAt[source[k]]++;
  const room = (v: number) => (loopsAt[v] > 0 ? LOOP_HEIGHT + (loopsAt[v] - 1) * LOOP_STEP + 6 : 0);
  const prev = input.previous ?? null;
  // previous row (its top) then x
  const key = (v: number) => {
    const p = prev?.[nodes[v].id];
    return p && Number.isFinite(p.y) && Number.isFinite(p.x) ? [Math.round(p.y - nodes[v].height / 2 - room(v)), p.x] : [Infinity, v];
  };
  isolated.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka[0] - kb[0] || ka[1] - kb[1] || a - b;
  });
  const gapX = options.nodeGap ?? 28;
  let maxW = 0;
  for (const v of isolated) maxW = Math.max(maxW, nodes[v].width);
  const rowWidth = Math.max(sub ? sub.width : 0, Math.ceil(Math.sqrt(isolated.length)) * (maxW + gapX) - gapX, maxW);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const layer = new Int32Array(n);
  if (sub) {
    for (let v = 0; v < n; v++) {
      if (subOf[v] < 0) continue;
      x[v] = sub.x[subOf[v]];
      y[v] = sub.y[subOf[v]];
      layer[v] = sub.layer[subOf[v]];
    }
  }
  // rows of nodes, wrapped at the drawing's width
  {
    let top = sub ? sub.height + 40 : 0;
    let i = 0;
    while (i < isolated.length) {
      let j = i;
      let w = 0;
      let h = 0;
      while (j < isolated.length && (j === i || w + nodes[isolated[j]].width <= rowWidth)) {
        w += nodes[isolated[j]].width + gapX;
        h = Math.max(h, nodes[isolated[j]].height + room(isolated[j]));
        j++;
      }
      let left = 0;
      for (let q = i; q < j; q++) {
        const v = isolated[q];
        x[v] = left + nodes[v].width / 2;
        y[v] = top + room(v) + nodes[v].height / 2;
        left += nodes[v].width + gapX;
      }
      top += h + gapX;
      i = j;
    }
  }
  // edges: the connected part's points; loops of isolated nodes drawn here
  const ptStart = new Int32Array(m + 1);
  const pt: number[] = [];
  const shape = new Uint8Array(m);
  const reversed = new Uint8Array(m);
  const loopIdx = new Int32Array(n);
  const subIndex = new Int32Array(m).fill(-1);
  subEdges.forEach((k, j) => (subIndex[k] = j));
  for (let k = 0; k < m; k++) {
    const j = subIndex[k];
    if (j >= 0 && sub) {
      for (let p = sub.ptStart[j]; p < sub.ptStart[j + 1]; p++) pt.push(sub.pts[2 * p], sub.pts[2 * p + 1]);
      shape[k] = sub.shape[j];
      reversed[k] = sub.reversed[j];
    } else {
      const v = source[k];
      loopPoints(x[v], y[v], nodes[v].width, nodes[v].height, loopIdx[v]++, pt);
      shape[k] = EdgeShape.LOOP;
    }
    ptStart[k + 1] = pt.length / 2;
  }
  const pts = Float64Array.from(pt);
  const { width, height } = normalizeBounds(nodes, x, y, pts);
  return {
    algorithm: 'layered',
    x,
    y,
    width,
    height,
    layer,
    ptStart,
    pts,
    shape,
    reversed,
    stats: { ms: now() - t0, crossings: sub?.stats.crossings ?? 0, dummies: sub?.stats.dummies ?? 0, layers: sub?.stats.layers ?? (n > 0 ? 1 : 0), iterations: sub?.stats.iterations ?? 0 },
  };
}

function layeredConnected(input: GraphLayoutInput, options: GraphLayoutOptions = {}): GraphLayout {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const budget = options.budgetMs ?? 700;
  const maxSweeps = options.maxSweeps ?? 16;
  const nodeGap = options.nodeGap ?? 28;
  const layerGap = options.layerGap ?? 150;
  const { nodes, source, target } = input;
  const n = nodes.length;
  const m = source.length;
  const prev = input.previous ?? null;

  // ---- previous positions (stability hints)
  const hintY = new Float64Array(n).fill(NaN);
  const hintX = new Float64Array(n).fill(NaN);
  let hinted = 0;
  if (prev) {
    for (let v = 0; v < n; v++) {
      const p = prev[nodes[v].id];
      if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) {
        hintX[v] = p.x;
        hintY[v] = p.y;
        hinted++;
      }
    }
  }
  // Tie key for the cycle breaking: the previous x (left first), else the index.
  const tie = new Float64Array(n);
  for (let v = 0; v < n; v++) tie[v] = Number.isFinite(hintX[v]) ? hintX[v] : 1e12 + v;

  // ---- 1-2. cycle breaking and layering
  const { pairs, pos: seqPos, layer: realLayer, dagFrom, dagTo } = acyclicLayers(n, source, target, tie);

  // DAG groups: the pairs by their DAG direction (u→v and a reversed v→u share one route).
  const groupOfPair = new Int32Array(pairs.count);
  const gFrom: number[] = [];
  const gTo: number[] = [];
  {
    const index = new Map<number, number>();
    for (let p = 0; p < pairs.count; p++) {
      const key = dagFrom[p] * n + dagTo[p];
      let g = index.get(key);
      if (g === undefined) {
        g = gFrom.length;
        index.set(key, g);
        gFrom.push(dagFrom[p]);
        gTo.push(dagTo[p]);
      }
      groupOfPair[p] = g;
    }
  }
  const G = gFrom.length;

  // ---- 3. dummy nodes
  let dummies = 0;
  for (let g = 0; g < G; g++) dummies += Math.max(0, realLayer[gTo[g]] - realLayer[gFrom[g]] - 1);
  const N = n + dummies;
  const layer = new Int32Array(N);
  layer.set(realLayer);
  const chainStart = new Int32Array(G + 1); // chain of group g: chain[chainStart[g] .. chainStart[g+1])
  for (let g = 0; g < G; g++) chainStart[g + 1] = chainStart[g] + (realLayer[gTo[g]] - realLayer[gFrom[g]] + 1);
  const chain = new Int32Array(chainStart[G]);
  const segFrom = new Int32Array(chainStart[G] - G);
  const segTo = new Int32Array(chainStart[G] - G);
  let nextDummy = n;
  let seg = 0;
  for (let g = 0; g < G; g++) {
    const a = gFrom[g];
    const b = gTo[g];
    let c = chainStart[g];
    chain[c++] = a;
    let last = a;
    for (let l = realLayer[a] + 1; l < realLayer[b]; l++) {
      const d = nextDummy++;
      layer[d] = l;
      chain[c++] = d;
      segFrom[seg] = last;
      segTo[seg++] = d;
      last = d;
    }
    chain[c] = b;
    segFrom[seg] = last;
    segTo[seg++] = b;
  }
  const S = seg;
  const down = csr(N, segFrom, segTo, S);
  const up = csr(N, segTo, segFrom, S);
  const isDummy = (v: number) => v >= n;
  // The chain source of each dummy (for start keys).
  const dummyGroup = new Int32Array(dummies);
  for (let g = 0; g < G; g++) for (let c = chainStart[g] + 1; c < chainStart[g + 1] - 1; c++) dummyGroup[chain[c] - n] = g;

  let L = 0;
  for (let v = 0; v < N; v++) L = Math.max(L, layer[v] + 1);
  if (n === 0) L = 0;

  // Self loops per node (room above the node).
  const loopsAt = new Int32Array(n);
  for (let k = 0; k < m; k++) if (source[k] === target[k]) loopsAt[source[k]]++;

  // ---- 4. ordering
  // layers as one array: layerStart[l] .. layerStart[l+1]
  const layerStart = new Int32Array(L + 1);
  for (let v = 0; v < N; v++) layerStart[layer[v] + 1]++;
  for (let l = 0; l < L; l++) layerStart[l + 1] += layerStart[l];
  const order = new Int32Array(N);
  const pos = new Int32Array(N); // index within its layer
  const key = new Float64Array(N);
  {
    // Start key: the previous y (nodes without one: their hinted neighbours' mean), dummies
    // interpolated along their chain; without any hints, the greedy sequence.
    const startKey = new Float64Array(N).fill(NaN);
    if (hinted > 0) {
      for (let v = 0; v < n; v++) startKey[v] = hintY[v];
      const both = csr(n, pairs.from, pairs.to, pairs.count);
      const back = csr(n, pairs.to, pairs.from, pairs.count);
      for (let v = 0; v < n; v++) {
        if (Number.isFinite(hintY[v])) continue;
        let sum = 0;
        let cnt = 0;
        for (const c of [both, back]) {
          for (let j = c.start[v]; j < c.start[v + 1]; j++) {
            const w = c.adj[j];
            if (Number.isFinite(hintY[w])) {
              sum += hintY[w];
              cnt++;
            }
          }
        }
        if (cnt > 0) startKey[v] = sum / cnt;
      }
      for (let g = 0; g < G; g++) {
        const a = startKey[gFrom[g]];
        const b = startKey[gTo[g]];
        const len = chainStart[g + 1] - chainStart[g] - 1;
        for (let c = chainStart[g] + 1; c < chainStart[g + 1] - 1; c++) {
          const t = (c - chainStart[g]) / len;
          startKey[chain[c]] = Number.isFinite(a) && Number.isFinite(b) ? a + (b - a) * t : Number.isFinite(a) ? a : b;
        }
      }
    }
    const seqKey = new Float64Array(N);
    for (let v = 0; v < n; v++) seqKey[v] = seqPos[v];
    for (let d = 0; d < dummies; d++) seqKey[n + d] = seqPos[gFrom[dummyGroup[d]]] + 0.5;
    const fill = layerStart.slice(0, L);
    for (let v = 0; v < N; v++) order[fill[layer[v]]++] = v;
    for (let l = 0; l < L; l++) {
      const idx = order.subarray(layerStart[l], layerStart[l + 1]);
      const arr = Array.from(idx);
      arr.sort((a, b) => {
        const ka = startKey[a];
        const kb = startKey[b];
        const fa = Number.isFinite(ka);
        const fb = Number.isFinite(kb);
        if (fa && fb && ka !== kb) return ka - kb;
        if (fa !== fb) return fa ? -1 : 1;
        return seqKey[a] - seqKey[b] || a - b;
      });
      for (let k = 0; k < arr.length; k++) {
        idx[k] = arr[k];
        pos[arr[k]] = k;
      }
    }
  }

  // Crossings between layer l and l+1: segments listed by upper position (then lower), inversions
  // of the lower positions counted with a Fenwick tree.
  const fen = new Int32Array(N + 2);
  const lowerSeq = new Int32Array(Math.max(1, S));
  function crossingsBetween(l: number): number {
    let cnt = 0;
    for (let k = layerStart[l]; k < layerStart[l + 1]; k++) {
      const v = order[k];
      const s0 = cnt;
      for (let j = down.start[v]; j < down.start[v + 1]; j++) lowerSeq[cnt++] = pos[down.adj[j]];
      // insertion sort of this node's few lower ends
      for (let a = s0 + 1; a < cnt; a++) {
        const x = lowerSeq[a];
        let b = a - 1;
        while (b >= s0 && lowerSeq[b] > x) {
          lowerSeq[b + 1] = lowerSeq[b];
          b--;
        }
        lowerSeq[b + 1] = x;
      }
    }
    const size = layerStart[l + 2] - layerStart[l + 1];
    fen.fill(0, 0, size + 2);
    let crossings = 0;
    for (let k = 0; k < cnt; k++) {
      const p = lowerSeq[k] + 1;
      // count earlier entries with a greater lower position: k − (entries ≤ p)
      let le = 0;
      for (let i = p; i > 0; i -= i & -i) le += fen[i];
      crossings += k - le;
      for (let i = p; i <= size; i += i & -i) fen[i]++;
    }
    return crossings;
  }
  function crossings(): number {
    let c = 0;
    for (let l = 0; l + 1 < L; l++) c += crossingsBetween(l);
    return c;
  }
  const prevPos = new Int32Array(N);
  function sweep(downward: boolean): void {
    const adj = downward ? up : down;
    for (let step = 1; step < L; step++) {
      const l = downward ? step : L - 1 - step;
      const idx = order.subarray(layerStart[l], layerStart[l + 1]);
      for (let k = 0; k < idx.length; k++) {
        const v = idx[k];
        prevPos[v] = k;
        const s = adj.start[v];
        const e = adj.start[v + 1];
        if (e === s) {
          key[v] = k;
          continue;
        }
        let sum = 0;
        for (let j = s; j < e; j++) sum += pos[adj.adj[j]];
        // barycenter in this layer's index scale (neighbour layers can be longer or shorter)
        const other = layerStart[downward ? l : l + 2] - layerStart[downward ? l - 1 : l + 1];
        key[v] = other > 1 && idx.length > 1 ? ((sum / (e - s)) * (idx.length - 1)) / (other - 1) : sum / (e - s);
      }
      sortByKey(idx, key, prevPos);
      for (let k = 0; k < idx.length; k++) pos[idx[k]] = k;
    }
  }
  let best = crossings();
  let bestOrder = order.slice();
  let sweeps = 0;
  let stale = 0;
  for (let it = 0; it < maxSweeps && best > 0 && L > 1; it++) {
    if (now() - t0 > budget) break;
    sweep(it % 2 === 0);
    sweeps++;
    const c = crossings();
    if (c < best) {
      best = c;
      bestOrder = order.slice();
      stale = 0;
    } else if (++stale >= 4) break;
  }
  order.set(bestOrder);
  for (let l = 0; l < L; l++) for (let k = layerStart[l]; k < layerStart[l + 1]; k++) pos[order[k]] = k - layerStart[l];

  // ---- 5. coordinates
  const w = new Float64Array(N);
  const h = new Float64Array(N);
  for (let v = 0; v < n; v++) {
    w[v] = Math.max(1, nodes[v].width);
    h[v] = Math.max(1, nodes[v].height);
  }
  const colW = new Float64Array(L);
  for (let v = 0; v < n; v++) colW[layer[v]] = Math.max(colW[layer[v]], w[v]);
  const colX = new Float64Array(L);
  for (let l = 1; l < L; l++) colX[l] = colX[l - 1] + colW[l - 1] + layerGap;
  const xs = new Float64Array(N);
  for (let v = 0; v < N; v++) xs[v] = colX[layer[v]] + colW[layer[v]] / 2;

  const ys = new Float64Array(N);
  let maxLayer = 0;
  for (let l = 0; l < L; l++) maxLayer = Math.max(maxLayer, layerStart[l + 1] - layerStart[l]);
  const want = new Float64Array(maxLayer);
  const weight = new Float64Array(maxLayer);
  const gap = new Float64Array(maxLayer);
  const outY = new Float64Array(maxLayer);
  const bw = new Float64Array(maxLayer);
  const bs = new Float64Array(maxLayer);
  const bn = new Int32Array(maxLayer);
  const loopRoom = (v: number) => (v < n && loopsAt[v] > 0 ? LOOP_HEIGHT + (loopsAt[v] - 1) * LOOP_STEP + 6 : 0);
  function gapsOf(l: number): void {
    const s = layerStart[l];
    const e = layerStart[l + 1];
    for (let k = s; k + 1 < e; k++) {
      const a = order[k];
      const b = order[k + 1];
      const da = isDummy(a);
      const db = isDummy(b);
      const g = da && db ? 10 : da || db ? nodeGap * 0.6 : nodeGap;
      gap[k - s] = h[a] / 2 + h[b] / 2 + g + loopRoom(b);
    }
  }
  // start: each layer packed and centred
  for (let l = 0; l < L; l++) {
    gapsOf(l);
    const s = layerStart[l];
    const cnt = layerStart[l + 1] - s;
    let y = 0;
    for (let k = 0; k < cnt; k++) {
      if (k > 0) y += gap[k - 1];
      ys[order[s + k]] = y;
    }
    for (let k = 0; k < cnt; k++) ys[order[s + k]] -= y / 2;
  }
  function place(l: number, useUp: boolean, useDown: boolean): void {
    const s = layerStart[l];
    const cnt = layerStart[l + 1] - s;
    gapsOf(l);
    for (let k = 0; k < cnt; k++) {
      const v = order[s + k];
      let sum = 0;
      let c = 0;
      if (useUp) for (let j = up.start[v]; j < up.start[v + 1]; j++, c++) sum += ys[up.adj[j]];
      if (useDown) for (let j = down.start[v]; j < down.start[v + 1]; j++, c++) sum += ys[down.adj[j]];
      want[k] = c > 0 ? sum / c : ys[v];
      // real nodes hold their place a little more than dummies; hubs more than leaves
      weight[k] = isDummy(v) ? 1 : 1 + Math.min(4, c * 0.25);
    }
    projectWithGaps(want, weight, gap, cnt, outY, bw, bs, bn);
    for (let k = 0; k < cnt; k++) ys[order[s + k]] = outY[k];
  }
  const coordPasses = N > 20000 ? 3 : 6;
  for (let it = 0; it < coordPasses; it++) {
    for (let l = 1; l < L; l++) place(l, true, false);
    for (let l = L - 2; l >= 0; l--) place(l, false, true);
  }
  for (let l = 0; l < L; l++) place(l, true, true);

  // ---- 6. edge points
  // Port offsets: per real node and side, its groups sorted by the height of the next chain node.
  const outPort = new Float64Array(G);
  const inPort = new Float64Array(G);
  {
    const gOut = csr(n, Int32Array.from(gFrom), Int32Array.from({ length: G }, (_, g) => g), G);
    const gIn = csr(n, Int32Array.from(gTo), Int32Array.from({ length: G }, (_, g) => g), G);
    const nextY = (g: number) => ys[chain[chainStart[g] + 1]];
    const prevY = (g: number) => ys[chain[chainStart[g + 1] - 2]];
    for (let v = 0; v < n; v++) {
      for (const [c, side, yOf] of [
        [gOut, outPort, nextY],
        [gIn, inPort, prevY],
      ] as const) {
        const cnt = c.start[v + 1] - c.start[v];
        if (cnt === 0) continue;
        const gs = Array.from(c.adj.subarray(c.start[v], c.start[v + 1]));
        gs.sort((a, b) => yOf(a) - yOf(b) || a - b);
        const spread = cnt > 1 ? Math.min(h[v] * 0.6, (cnt - 1) * 7) : 0;
        for (let j = 0; j < cnt; j++) side[gs[j]] = cnt > 1 ? -spread / 2 + (j * spread) / (cnt - 1) : 0;
      }
    }
  }
  // members per group, for parallel offsets
  const groupSize = new Int32Array(G);
  const memberIdx = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const p = pairs.pairOf[k];
    if (p < 0) continue;
    memberIdx[k] = groupSize[groupOfPair[p]]++;
  }
  const loopIdx = new Int32Array(n);
  const ptStart = new Int32Array(m + 1);
  for (let k = 0; k < m; k++) {
    const p = pairs.pairOf[k];
    ptStart[k + 1] = ptStart[k] + (p < 0 ? 4 : chainStart[groupOfPair[p] + 1] - chainStart[groupOfPair[p]]);
  }
  const pts = new Float64Array(ptStart[m] * 2);
  const shape = new Uint8Array(m);
  const reversed = new Uint8Array(m);
  const tmp: number[] = [];
  for (let k = 0; k < m; k++) {
    const p = pairs.pairOf[k];
    let o = ptStart[k] * 2;
    if (p < 0) {
      const v = source[k];
      tmp.length = 0;
      loopPoints(xs[v], ys[v], w[v], h[v], loopIdx[v]++, tmp);
      for (const t of tmp) pts[o++] = t;
      shape[k] = EdgeShape.LOOP;
      continue;
    }
    const g = groupOfPair[p];
    const rev = gFrom[g] !== source[k];
    reversed[k] = rev ? 1 : 0;
    shape[k] = EdgeShape.SPLINE;
    const size = groupSize[g];
    const mo = size > 1 ? (memberIdx[k] - (size - 1) / 2) * PARALLEL_GAP : 0;
    const cs = chainStart[g];
    const ce = chainStart[g + 1];
    const count = ce - cs;
    for (let j = 0; j < count; j++) {
      const c = chain[rev ? ce - 1 - j : cs + j];
      let px = xs[c];
      let py = ys[c] + mo;
      if (c === gFrom[g]) {
        px += w[c] / 2;
        py += outPort[g];
      } else if (c === gTo[g]) {
        px -= w[c] / 2;
        py += inPort[g];
      }
      pts[o++] = px;
      pts[o++] = py;
    }
  }

  const nx = xs.slice(0, n);
  const ny = ys.slice(0, n);
  const { width, height } = normalizeBounds(nodes, nx, ny, pts);
  return {
    algorithm: 'layered',
    x: nx,
    y: ny,
    width,
    height,
    layer: layer.slice(0, n),
    ptStart,
    pts,
    shape,
    reversed,
    stats: { ms: now() - t0, crossings: best, dummies, layers: L, iterations: sweeps },
  };
}
