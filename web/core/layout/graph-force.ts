/**
 * Force layout of a service graph (d3-force, tuned): many-body repulsion with Barnes–Hut (θ 0.9,
 * bounded distance), links, collision by node size, and a gentle pull towards the layered layout's
 * columns so calls still read left to right. The tick count shrinks with the graph and the loop
 * stops at the time budget; previous positions seed the start (a warm start cools faster). A final
 * greedy pass moves any node still overlapping another to the nearest free spot, so no two boxes
 * overlap. Edges are straight (parallel ones bent apart), clipped at the node boxes.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import type { SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import { EdgeShape, acyclicLayers, clipToBox, loopPoints, normalizeBounds, prng } from './graph-common.ts';
import type { GraphLayout, GraphLayoutInput, GraphLayoutOptions } from './graph-common.ts';

interface SimNode extends SimulationNodeDatum {
  index: number;
  x: number;
  y: number;
  r: number;
}

/**
 * Greedy overlap removal: nodes in the given order keep their spot when it is free, else take the
 * nearest free spot on rings of candidate offsets a node's size apart (so a free spot is a few
 * rings away even in a crowded drawing). Placed boxes are kept in a grid of cells.
 */
function removeOverlaps(x: Float64Array, y: Float64Array, w: Float64Array, h: Float64Array, pad: number, placeOrder: number[]): void {
  let maxW = 0;
  let maxH = 0;
  for (const v of placeOrder) {
    maxW = Math.max(maxW, w[v]);
    maxH = Math.max(maxH, h[v]);
  }
  const CELL = Math.max(64, maxW + 2 * pad);
  const grid = new Map<number, number[]>();
  const cellKey = (cx: number, cy: number) => (cx + 1048576) * 2097152 + (cy + 1048576);
  const cellOf = (v: number) => Math.floor(v / CELL);
  const reachX = maxW + 2 * pad;
  const reachY = maxH + 2 * pad;
  const overlaps = (v: number, px: number, py: number): boolean => {
    const hw = w[v] / 2 + pad;
    const hh = h[v] / 2 + pad;
    const cx0 = cellOf(px - hw - reachX);
    const cx1 = cellOf(px + hw + reachX);
    const cy0 = cellOf(py - hh - reachY);
    const cy1 = cellOf(py + hh + reachY);
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const list = grid.get(cellKey(cx, cy));
        if (!list) continue;
        for (const u of list) if (Math.abs(x[u] - px) < hw + w[u] / 2 && Math.abs(y[u] - py) < hh + h[u] / 2) return true;
      }
    }
    return false;
  };
  for (const v of placeOrder) {
    let px = x[v];
    let py = y[v];
    if (overlaps(v, px, py)) {
      const sx = Math.max(24, (w[v] + pad) / 2);
      const sy = h[v] + pad;
      let found = false;
      for (let ring = 1; !found; ring++) {
        let best = Infinity;
        for (let i = -ring; i <= ring; i++) {
          for (let j = -ring; j <= ring; j++) {
            if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
            const qx = x[v] + i * sx;
            const qy = y[v] + j * sy;
            const d = (i * sx) ** 2 + (j * sy) ** 2;
            if (d < best && !overlaps(v, qx, qy)) {
              best = d;
              px = qx;
              py = qy;
              found = true;
            }
          }
        }
      }
    }
    x[v] = px;
    y[v] = py;
    const k = cellKey(cellOf(px), cellOf(py));
    const list = grid.get(k);
    if (list) list.push(v);
    else grid.set(k, [v]);
  }
}

export function forceLayout(input: GraphLayoutInput, options: GraphLayoutOptions = {}): GraphLayout {
  const now = options.now ?? (() => Date.now());
  const t0 = now();
  const budget = options.budgetMs ?? 700;
  const gapPx = options.nodeGap ?? 28;
  const layerGap = options.layerGap ?? 150;
  const { nodes, source, target } = input;
  const n = nodes.length;
  const m = source.length;
  const rand = prng(options.seed ?? 1);
  const w = new Float64Array(n);
  const h = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    w[v] = Math.max(1, nodes[v].width);
    h[v] = Math.max(1, nodes[v].height);
  }

  // Columns of the layered layering: the x bias.
  const tie = new Float64Array(n);
  const prev = input.previous ?? null;
  for (let v = 0; v < n; v++) {
    const p = prev?.[nodes[v].id];
    tie[v] = p && Number.isFinite(p.x) ? p.x : 1e12 + v;
  }
  const { pairs, layer, pos: seqPos } = acyclicLayers(n, source, target, tie);
  let colW = 0;
  for (let v = 0; v < n; v++) colW = Math.max(colW, w[v]);
  const colStep = Math.min(colW, 220) + layerGap;

  // Undirected distinct links and degrees.
  const linkIndex = new Map<number, number>();
  const links: SimulationLinkDatum<SimNode>[] = [];
  const degree = new Int32Array(n);
  for (let p = 0; p < pairs.count; p++) {
    const a = Math.min(pairs.from[p], pairs.to[p]);
    const b = Math.max(pairs.from[p], pairs.to[p]);
    const key = a * n + b;
    if (linkIndex.has(key)) continue;
    linkIndex.set(key, links.length);
    links.push({ source: a, target: b });
    degree[a]++;
    degree[b]++;
  }

  // Start positions: previous ones, else near placed neighbours, else by column with jitter.
  const sim: SimNode[] = [];
  const placed = new Uint8Array(n);
  let warm = 0;
  for (let v = 0; v < n; v++) {
    const p = prev?.[nodes[v].id];
    const node: SimNode = { index: v, x: 0, y: 0, r: Math.hypot(w[v], h[v]) / 2 + gapPx / 2 };
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) {
      node.x = p.x;
      node.y = p.y;
      placed[v] = 1;
      warm++;
    }
    sim.push(node);
  }
  // rows within each layer column, by the greedy sequence
  const rowOf = new Int32Array(n);
  const rowsIn = new Int32Array(n + 1);
  {
    const byPos = Array.from({ length: n }, (_, v) => v).sort((a, b) => seqPos[a] - seqPos[b]);
    for (const v of byPos) rowOf[v] = rowsIn[layer[v]]++;
  }
  let maxH = 0;
  for (let v = 0; v < n; v++) maxH = Math.max(maxH, h[v]);
  const rowStep = maxH + gapPx * 2;
  if (warm < n) {
    const adjSum = new Float64Array(2 * n);
    const adjCnt = new Int32Array(n);
    for (const l of links) {
      const a = l.source as number;
      const b = l.target as number;
      if (placed[b]) {
        adjSum[2 * a] += sim[b].x;
        adjSum[2 * a + 1] += sim[b].y;
        adjCnt[a]++;
      }
      if (placed[a]) {
        adjSum[2 * b] += sim[a].x;
        adjSum[2 * b + 1] += sim[a].y;
        adjCnt[b]++;
      }
    }
    for (let v = 0; v < n; v++) {
      if (placed[v]) continue;
      if (adjCnt[v] > 0) {
        sim[v].x = adjSum[2 * v] / adjCnt[v] + (rand() - 0.5) * 60;
        sim[v].y = adjSum[2 * v + 1] / adjCnt[v] + (rand() - 0.5) * 60;
      } else {
        // a column per layer, stacked in the greedy sequence's order (few overlaps to start from)
        sim[v].x = layer[v] * colStep + (rand() - 0.5) * 40;
        sim[v].y = (rowOf[v] - (rowsIn[layer[v]] - 1) / 2) * rowStep + (rand() - 0.5) * 20;
      }
    }
  }

  const ticks = options.ticks ?? (n <= 150 ? 300 : Math.max(60, Math.round(300 * Math.sqrt(150 / n))));
  const warmStart = n > 0 && warm / n > 0.8;
  const alpha0 = warmStart ? 0.3 : 1;
  const alphaMin = 0.001;
  const simulation = forceSimulation<SimNode>(sim)
    .stop()
    .alpha(alpha0)
    .alphaMin(alphaMin)
    .alphaDecay(1 - Math.pow(alphaMin / alpha0, 1 / ticks))
    .velocityDecay(0.45)
    .force(
      'link',
      forceLink<SimNode, SimulationLinkDatum<SimNode>>(links)
        .distance((l) => (l.source as SimNode).r + (l.target as SimNode).r + 70)
        .strength((l) => 0.7 / Math.max(1, Math.min(degree[(l.source as SimNode).index], degree[(l.target as SimNode).index]))),
    )
    .force('charge', forceManyBody<SimNode>().strength(-320).theta(0.9).distanceMax(900))
    .force('collide', forceCollide<SimNode>((d) => d.r).strength(0.7).iterations(1))
    .force('x', forceX<SimNode>((d) => layer[d.index] * colStep).strength(0.06))
    .force('y', forceY<SimNode>(0).strength(0.015));
  let iterations = 0;
  for (; iterations < ticks; iterations++) {
    if ((iterations & 7) === 0 && now() - t0 > budget) break;
    simulation.tick();
  }

  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    x[v] = Number.isFinite(sim[v].x) ? sim[v].x : 0;
    y[v] = Number.isFinite(sim[v].y) ? sim[v].y : 0;
  }
  const byDegree = Array.from({ length: n }, (_, v) => v).sort((a, b) => degree[b] - degree[a] || a - b);
  removeOverlaps(x, y, w, h, gapPx / 3, byDegree);

  // Edges: loops above the node; parallel or opposite edges between two nodes bent apart.
  const groupSize = new Map<number, number>();
  const member = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const u = source[k];
    const v = target[k];
    if (u === v) continue;
    const key = Math.min(u, v) * n + Math.max(u, v);
    const c = groupSize.get(key) ?? 0;
    member[k] = c;
    groupSize.set(key, c + 1);
  }
  const ptStart = new Int32Array(m + 1);
  const pt: number[] = [];
  const shape = new Uint8Array(m);
  const loopIdx = new Int32Array(n);
  for (let k = 0; k < m; k++) {
    const u = source[k];
    const v = target[k];
    if (u === v) {
      loopPoints(x[u], y[u], w[u], h[u], loopIdx[u]++, pt);
      shape[k] = EdgeShape.LOOP;
    } else {
      shape[k] = EdgeShape.STRAIGHT;
      const size = groupSize.get(Math.min(u, v) * n + Math.max(u, v)) ?? 1;
      if (size === 1) {
        const [sx, sy] = clipToBox(x[u], y[u], w[u], h[u], x[v], y[v]);
        const [tx, ty] = clipToBox(x[v], y[v], w[v], h[v], x[u], y[u]);
        pt.push(sx, sy, tx, ty);
      } else {
        // bend: the middle point moved along the normal of the canonical (low → high index) direction
        const a = Math.min(u, v);
        const b = Math.max(u, v);
        const dx = x[b] - x[a];
        const dy = y[b] - y[a];
        const len = Math.hypot(dx, dy) || 1;
        const off = (member[k] - (size - 1) / 2) * 26;
        const mx = (x[u] + x[v]) / 2 + (-dy / len) * off;
        const my = (y[u] + y[v]) / 2 + (dx / len) * off;
        const [sx, sy] = clipToBox(x[u], y[u], w[u], h[u], mx, my);
        const [tx, ty] = clipToBox(x[v], y[v], w[v], h[v], mx, my);
        pt.push(sx, sy, mx, my, tx, ty);
      }
    }
    ptStart[k + 1] = pt.length / 2;
  }
  const pts = Float64Array.from(pt);
  let layerCount = 0;
  for (let v = 0; v < n; v++) layerCount = Math.max(layerCount, layer[v] + 1);
  const { width, height } = normalizeBounds(nodes, x, y, pts);
  return {
    algorithm: 'force',
    x,
    y,
    width,
    height,
    layer,
    ptStart,
    pts,
    shape,
    reversed: new Uint8Array(m),
    stats: { ms: now() - t0, crossings: -1, dummies: 0, layers: layerCount, iterations },
  };
}
