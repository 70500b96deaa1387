/**
 * A scene: one graph with what is visible of it and the node boxes, everything the layout was
 * computed from. The layout comes back from the worker together with its scene, so drawing never
 * pairs positions with another graph.
 */
import type { ServiceGraph } from '../../core/graph/index.ts';
import type { TopologyGraph } from '../../state/index.ts';
import { NODE_H, NODE_ICON_W, NODE_PAD, edgeLabel, fitText, findingIndex, nodeWidth, percent, shortCount } from './model.ts';
import type { FindingIndex, Visible } from './model.ts';

export interface Scene {
  /** Dataset version the graph was derived from. */
  readonly version: number;
  /** Trace of the graph (null: all traces). */
  readonly trace: number | null;
  readonly tg: TopologyGraph;
  readonly graph: ServiceGraph;
  readonly visible: Visible;
  /** Per visible node (slot): box size, the label as drawn (maybe cut), the second line. */
  readonly w: Float64Array;
  readonly h: Float64Array;
  readonly names: readonly string[];
  readonly metas: readonly string[];
  /** Per visible edge: its label (with the findings mark), its width, and its side (-1 above the edge, 1 below: the lower of parallel edges). */
  readonly edgeLabels: readonly string[];
  readonly labelW: Float64Array;
  readonly labelSide: Int8Array;
  /** Visible edge indices, busiest first (labels are placed in this order). */
  readonly labelOrder: readonly number[];
  readonly findings: FindingIndex;
  readonly maxCalls: number;
}

const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
export const NAME_FONT = `600 13px ${FONT_STACK}`;
export const SMALL_FONT = `11px ${FONT_STACK}`;

export interface Measure {
  name(s: string): number;
  small(s: string): number;
}

let measureCtx: CanvasRenderingContext2D | null | undefined;
function measureWith(font: string, s: string, perChar: number): number {
  if (measureCtx === undefined) measureCtx = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  if (!measureCtx) return s.length * perChar;
  measureCtx.font = font;
  return measureCtx.measureText(s).width;
}
/** Text widths in px (canvas measureText; an estimate where there is no canvas). */
export const MEASURE: Measure = { name: (s) => measureWith(NAME_FONT, s, 7.6), small: (s) => measureWith(SMALL_FONT, s, 6.2) };

export function buildScene(version: number, trace: number | null, tg: TopologyGraph, visible: Visible, measure: Measure = MEASURE): Scene {
  const graph = tg.graph;
  const findings = findingIndex(tg);
  const count = visible.nodes.length;
  const w = new Float64Array(count);
  const h = new Float64Array(count);
  const names: string[] = [];
  const metas: string[] = [];
  visible.nodes.forEach((v, i) => {
    const n = graph.nodes[v];
    const meta = `${shortCount(n.requests)} req${n.errors > 0 ? ` · ${percent(n.errors, n.requests)} err` : ''}`;
    const width = nodeWidth(Math.max(measure.name(n.id), measure.small(meta)), n.type);
    w[i] = width;
    h[i] = NODE_H;
    const extra = n.type === 'database' || n.type === 'messaging' ? 10 : n.type === 'http' ? 14 : 0;
    names.push(fitText(n.id, width - NODE_ICON_W - NODE_PAD - extra, measure.name));
    metas.push(meta);
  });
  const m = visible.edges.length;
  const edgeLabels: string[] = [];
  const labelW = new Float64Array(m);
  const labelSide = new Int8Array(m);
  const groupSize = new Map<string, number>();
  const pairKey = (k: number) => {
    const e = graph.edges[k];
    return e.source < e.target ? `${e.source}:${e.target}` : `${e.target}:${e.source}`;
  };
  let maxCalls = 1;
  visible.edges.forEach((k, j) => {
    const e = graph.edges[k];
    const f = findings.edgeTotal[k];
    const text = `${edgeLabel(e)}${f > 0 ? ` ⚠${f}` : ''}`;
    edgeLabels.push(text);
    labelW[j] = measure.small(text);
    maxCalls = Math.max(maxCalls, e.calls);
    const key = pairKey(k);
    groupSize.set(key, (groupSize.get(key) ?? 0) + 1);
  });
  // parallel edges (the layouts offset them in this order): the upper half labelled above, the lower half below
  const seen = new Map<string, number>();
  visible.edges.forEach((k, j) => {
    const key = pairKey(k);
    const size = groupSize.get(key) ?? 1;
    const idx = seen.get(key) ?? 0;
    seen.set(key, idx + 1);
    labelSide[j] = size > 1 && idx > (size - 1) / 2 ? 1 : -1;
  });
  const labelOrder = Array.from({ length: m }, (_, j) => j).sort((a, b) => graph.edges[visible.edges[b]].calls - graph.edges[visible.edges[a]].calls || a - b);
  return { version, trace, tg, graph, visible, w, h, names, metas, edgeLabels, labelW, labelSide, labelOrder, findings, maxCalls };
}
