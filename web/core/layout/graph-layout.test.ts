import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EdgeShape, PathString, drawEdge, edgeDistance2, edgeMidpoint, edgePath, greedySequence, distinctPairs, layoutGraph, layeredLayout, forceLayout } from './graph-layout.ts';
import type { GraphLayout, GraphLayoutInput } from './graph-layout.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

/** A random graph: node sizes like labels, edges with cycles, self loops and parallel edges. */
const graphArb = fc
  .integer({ min: 0, max: 40 })
  .chain((n) =>
    fc.record({
      nodes: fc.array(fc.record({ width: fc.integer({ min: 20, max: 240 }), height: fc.integer({ min: 20, max: 70 }) }), { minLength: n, maxLength: n }),
      edges: n === 0 ? fc.constant([] as [number, number][]) : fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: n * 4 }),
    }),
  )
  .map(({ nodes, edges }): GraphLayoutInput => ({
    nodes: nodes.map((s, i) => ({ id: `n${i}`, ...s })),
    source: Int32Array.from(edges.map((e) => e[0])),
    target: Int32Array.from(edges.map((e) => e[1])),
  }));

function checkBasics(input: GraphLayoutInput, l: GraphLayout, overlapSlack = 1e-6): void {
  const n = input.nodes.length;
  expect(l.x.length).toBe(n);
  for (let v = 0; v < n; v++) {
    expect(Number.isFinite(l.x[v]) && Number.isFinite(l.y[v])).toBe(true);
    const { width: w, height: h } = input.nodes[v];
    expect(l.x[v] - w / 2).toBeGreaterThanOrEqual(-1e-6);
    expect(l.y[v] - h / 2).toBeGreaterThanOrEqual(-1e-6);
    expect(l.x[v] + w / 2).toBeLessThanOrEqual(l.width + 1e-6);
    expect(l.y[v] + h / 2).toBeLessThanOrEqual(l.height + 1e-6);
  }
  // no two boxes overlap
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const ox = (input.nodes[a].width + input.nodes[b].width) / 2 - Math.abs(l.x[a] - l.x[b]);
      const oy = (input.nodes[a].height + input.nodes[b].height) / 2 - Math.abs(l.y[a] - l.y[b]);
      expect(ox <= overlapSlack || oy <= overlapSlack, `nodes ${a} and ${b} overlap`).toBe(true);
    }
  }
  for (let k = 0; k < l.pts.length; k++) expect(Number.isFinite(l.pts[k])).toBe(true);
  expect(l.ptStart.length).toBe(input.source.length + 1);
  for (let k = 0; k < input.source.length; k++) expect(l.ptStart[k + 1] - l.ptStart[k]).toBeGreaterThanOrEqual(2);
}

/** Whether the edges not marked reversed (and not loops) form a DAG (Kahn). */
function forwardIsAcyclic(input: GraphLayoutInput, l: GraphLayout): boolean {
  const n = input.nodes.length;
  const indeg = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < input.source.length; k++) {
    const u = input.source[k];
    const v = input.target[k];
    if (u === v) continue;
    const [a, b] = l.reversed[k] ? [v, u] : [u, v];
    out[a].push(b);
    indeg[b]++;
  }
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue.push(v);
  let seen = 0;
  while (queue.length) {
    const v = queue.pop() as number;
    seen++;
    for (const w of out[v]) if (--indeg[w] === 0) queue.push(w);
  }
  return seen === n;
}

describe('layered graph layout (property)', () => {
  it('every node gets a finite position inside the bounds, no two nodes overlap, edges run left to right except back edges', () => {
    fc.assert(
      fc.property(graphArb, (input) => {
        const l = layeredLayout(input);
        checkBasics(input, l);
        for (let k = 0; k < input.source.length; k++) {
          const u = input.source[k];
          const v = input.target[k];
          const start = l.ptStart[k];
          const end = l.ptStart[k + 1];
          if (u === v) {
            expect(l.shape[k]).toBe(EdgeShape.LOOP);
            continue;
          }
          const wu = input.nodes[u].width / 2;
          const wv = input.nodes[v].width / 2;
          if (l.reversed[k]) {
            // a back edge: drawn right to left
            expect(l.x[v] + wv).toBeLessThan(l.x[u] - wu);
          } else {
            expect(l.x[u] + wu).toBeLessThan(l.x[v] - wv);
            expect(l.layer[v]).toBeGreaterThan(l.layer[u]);
          }
          // the points run monotonically in x (left to right, or right to left for back edges)
          for (let j = start + 1; j < end; j++) {
            const dx = l.pts[2 * j] - l.pts[2 * j - 2];
            if (l.reversed[k]) expect(dx).toBeLessThan(0);
            else expect(dx).toBeGreaterThan(0);
          }
        }
        expect(forwardIsAcyclic(input, l)).toBe(true);
      }),
      { seed: 20261123, numRuns: RUNS },
    );
  });

  it('reverses no edge of a DAG, and is deterministic', () => {
    fc.assert(
      fc.property(graphArb, (g) => {
        // keep only edges going from a lower to a higher index: a DAG
        const keep = Array.from(g.source, (u, k) => u < g.target[k]);
        const input: GraphLayoutInput = {
          nodes: g.nodes,
          source: Int32Array.from(Array.from(g.source).filter((_, k) => keep[k])),
          target: Int32Array.from(Array.from(g.target).filter((_, k) => keep[k])),
        };
        const a = layeredLayout(input);
        expect(Array.from(a.reversed).every((r) => r === 0)).toBe(true);
        const b = layeredLayout(input);
        expect(Array.from(b.x)).toEqual(Array.from(a.x));
        expect(Array.from(b.y)).toEqual(Array.from(a.y));
      }),
      { seed: 7, numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('keeps the vertical order of a previous layout when the same graph is laid out again with it', () => {
    fc.assert(
      fc.property(graphArb, (input) => {
        const first = layeredLayout(input);
        const previous: Record<string, { x: number; y: number }> = {};
        input.nodes.forEach((nd, v) => (previous[nd.id] = { x: first.x[v], y: first.y[v] }));
        const again = layeredLayout({ ...input, previous });
        expect(Array.from(again.layer)).toEqual(Array.from(first.layer));
        expect(again.stats.crossings).toBeLessThanOrEqual(first.stats.crossings);
        if (again.stats.crossings === first.stats.crossings) {
          // same crossings: the order within every layer is unchanged
          // same crossings: the order within every layer is unchanged (nodes without edges are packed in rows)
          const n = input.nodes.length;
          const linked = new Uint8Array(n);
          for (let k = 0; k < input.source.length; k++) if (input.source[k] !== input.target[k]) linked[input.source[k]] = linked[input.target[k]] = 1;
          for (let a = 0; a < n; a++)
            for (let b = 0; b < n; b++)
              if (a !== b && linked[a] && linked[b] && first.layer[a] === first.layer[b] && first.y[a] < first.y[b]) expect(again.y[a]).toBeLessThan(again.y[b]);
          // and nodes without edges keep their places relative to each other
          const iso = Array.from({ length: n }, (_, v) => v).filter((v) => !linked[v]);
          for (const a of iso) {
            expect(again.x[a]).toBeCloseTo(first.x[a], 6);
            expect(again.y[a] - again.y[iso[0]]).toBeCloseTo(first.y[a] - first.y[iso[0]], 6);
          }
        }
      }),
      { seed: 99, numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe('force graph layout (property)', () => {
  it('every node gets a finite position and no two nodes overlap', () => {
    fc.assert(
      fc.property(graphArb, (input) => {
        const l = forceLayout(input, { ticks: 40 });
        checkBasics(input, l);
      }),
      { seed: 424242, numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

describe('layout helpers', () => {
  it('breaks a cycle by reversing one edge and keeps a chain in order', () => {
    // 0 → 1 → 2 → 0, plus 2 → 3
    const src = Int32Array.from([0, 1, 2, 2]);
    const dst = Int32Array.from([1, 2, 0, 3]);
    const pos = greedySequence(4, distinctPairs(4, src, dst));
    let back = 0;
    for (let k = 0; k < 4; k++) if (pos[src[k]] > pos[dst[k]]) back++;
    expect(back).toBe(1);
    expect(pos[3]).toBe(3);
  });

  it('lays out a small service graph left to right with entry first and parallel edges apart', () => {
    const nodes = ['user', 'frontend', 'route', 'mysql'].map((id) => ({ id, width: 100, height: 40 }));
    // user → frontend → route, frontend → mysql (sync and async), mysql → mysql
    const input = { nodes, source: Int32Array.from([0, 1, 1, 1, 3]), target: Int32Array.from([1, 2, 3, 3, 3]) };
    const l = layoutGraph(input);
    expect(Array.from(l.layer)).toEqual([0, 1, 2, 2]);
    expect(l.x[0]).toBeLessThan(l.x[1]);
    expect(l.shape[4]).toBe(EdgeShape.LOOP);
    // the two frontend → mysql edges do not coincide
    const y2 = l.pts[2 * l.ptStart[2] + 1];
    const y3 = l.pts[2 * l.ptStart[3] + 1];
    expect(Math.abs(y2 - y3)).toBeGreaterThan(3);
    const d = edgePath(l, 1);
    expect(d).toMatch(/^M[\d.]+,[\d.]+C/);
    const mid = edgeMidpoint(l, 1);
    expect(edgeDistance2(l, 1, mid.x, mid.y)).toBeLessThan(1e-6);
    const ps = new PathString();
    drawEdge(ps, l, 4);
    expect(ps.toString()).toMatch(/^M[\d.-]+,[\d.-]+C/);
  });

  it('starts from previous positions in the force layout', () => {
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, width: 80, height: 30 }));
    const input = { nodes, source: Int32Array.from([0, 1]), target: Int32Array.from([1, 2]) };
    const first = forceLayout(input);
    const previous: Record<string, { x: number; y: number }> = {};
    nodes.forEach((nd, v) => (previous[nd.id] = { x: first.x[v], y: first.y[v] }));
    const again = forceLayout({ ...input, previous });
    // left-to-right bias and warm start keep the same left-to-right order
    expect(Math.sign(again.x[2] - again.x[0])).toBe(Math.sign(first.x[2] - first.x[0]));
  });

  it('handles an empty graph and a graph of isolated nodes', () => {
    const e = layoutGraph({ nodes: [], source: new Int32Array(0), target: new Int32Array(0) });
    expect(e.width).toBe(0);
    const iso = layoutGraph({ nodes: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], source: new Int32Array(0), target: new Int32Array(0) });
    expect(Math.abs(iso.x[0] - iso.x[1])).toBeGreaterThanOrEqual(10);
  });

  it('packs nodes without edges in rows under the connected drawing', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, width: 60, height: 30 }));
    // a → b; c has a self loop; d, e nothing
    const l = layoutGraph({ nodes, source: Int32Array.from([0, 2]), target: Int32Array.from([1, 2]) });
    for (const v of [2, 3, 4]) expect(l.y[v]).toBeGreaterThan(l.y[0] + 30);
    expect(l.shape[1]).toBe(EdgeShape.LOOP);
    // the loop sits above its node
    expect(l.pts[2 * l.ptStart[1] + 3]).toBeLessThan(l.y[2] - 15);
  });

  it('lays out 1,000 nodes and 5,000 edges within the budget', () => {
    let seed = 5;
    const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const n = 1000;
    const m = 5000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, width: 120 + Math.floor(r() * 80), height: 44 }));
    const s = new Int32Array(m);
    const t = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      let a = Math.floor(r() * n);
      let b = Math.floor(r() * n);
      if (r() < 0.9 && a > b) [a, b] = [b, a];
      s[k] = a;
      t[k] = b;
    }
    const t0 = performance.now();
    const l = layeredLayout({ nodes, source: s, target: t });
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(l.x.every(Number.isFinite)).toBe(true);
  });
});
