/**
 * Service-graph layout timings: `node bin/run-ts.mjs bench/graph-layout.ts [--reps N] [--sizes 100:300,1000:5000]`
 *
 * For each size (services:edges) it builds a seeded random service graph shaped like real ones
 * (calls mostly follow a hidden service rank, ~10 % go back against it and make cycles, a few self
 * calls and parallel sync/async pairs, label-sized nodes) and times the layered layout and the
 * force layout (web/core/layout/graph-layout.ts) as the worker runs them, plus a warm relayout with
 * the previous positions (what happens when data is added). Reports the median and the worst of
 * N repetitions, with crossings, dummy nodes, layers and iterations.
 *
 * Targets (in the worker, on the page's machine): 100 services in 0.3 s, 1,000 services with 5,000
 * edges in 2 s.
 */
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { layoutGraph, prng } from '../web/core/layout/graph-layout.ts';
import type { GraphLayout, GraphLayoutInput, LayoutAlgorithm } from '../web/core/layout/graph-layout.ts';

interface Options {
  reps: number;
  sizes: [number, number][];
}

function parse(argv: readonly string[]): Options {
  const o: Options = { reps: 5, sizes: [
    [100, 300],
    [1000, 5000],
  ] };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const v = argv[++k];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === '--reps') o.reps = Math.max(1, Number(v));
    else if (a === '--sizes') o.sizes = v.split(',').map((s) => s.split(':').map(Number) as [number, number]);
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** A seeded random service graph of n services and m edges. */
export function serviceGraph(n: number, m: number, seed = 7): GraphLayoutInput {
  const r = prng(seed);
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `service-${i}`, width: 120 + Math.floor(r() * 100), height: 48 }));
  const source = new Int32Array(m);
  const target = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    let a = Math.floor(r() * n);
    let b = Math.floor(r() * n);
    const roll = r();
    if (roll < 0.01) b = a; // self call
    else if (roll < 0.03 && k > 0) {
      // a parallel edge (sync and async between the same two services)
      a = source[k - 1];
      b = target[k - 1];
    } else if (roll < 0.93 && a > b) [a, b] = [b, a];
    source[k] = a;
    target[k] = b;
  }
  return { nodes, source, target };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(input: GraphLayoutInput, algorithm: LayoutAlgorithm): { ms: number; layout: GraphLayout } {
  const t0 = performance.now();
  const layout = layoutGraph(input, { algorithm, now: () => performance.now() });
  return { ms: performance.now() - t0, layout };
}

const opts = parse(process.argv.slice(2));
console.log(`graph layout bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${opts.reps} reps`);
console.log('services  edges  algorithm  median ms  worst ms  warm ms  crossings  dummies  layers  iterations');
for (const [n, m] of opts.sizes) {
  const input = serviceGraph(n, m);
  for (const algorithm of ['layered', 'force'] as const) {
    const runs: number[] = [];
    let last: GraphLayout | null = null;
    time(input, algorithm); // warm up the JIT
    for (let k = 0; k < opts.reps; k++) {
      const { ms, layout } = time(input, algorithm);
      runs.push(ms);
      last = layout;
    }
    const l = last as GraphLayout;
    const previous: Record<string, { x: number; y: number }> = {};
    input.nodes.forEach((nd, v) => (previous[nd.id] = { x: l.x[v], y: l.y[v] }));
    const t0 = performance.now();
    layoutGraph({ ...input, previous }, { algorithm, now: () => performance.now() });
    const warm = performance.now() - t0;
    console.log(
      [
        String(n).padStart(8),
        String(m).padStart(6),
        algorithm.padStart(10),
        median(runs).toFixed(0).padStart(10),
        Math.max(...runs).toFixed(0).padStart(9),
        warm.toFixed(0).padStart(8),
        String(l.stats.crossings).padStart(10),
        String(l.stats.dummies).padStart(8),
        String(l.stats.layers).padStart(7),
        String(l.stats.iterations).padStart(11),
      ].join(' '),
    );
  }
}
