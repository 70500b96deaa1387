/**
 * Node outlines and type icons as SVG path data (pure), centred on (0, 0). Every node type has its
 * own outline and icon, so the type never rests on colour alone:
 * service: rounded box, server icon; entry (user): stadium, person; database: cylinder; messaging
 * (broker, topic): a queue drawn as a horizontal pipe with message slots; external HTTP: cut-corner
 * box with a globe; other inferred peers: octagon with a dashed circle.
 */
import type { NodeType } from '../../core/graph/index.ts';

const r1 = (v: number) => Math.round(v * 10) / 10;

export interface NodeShape {
  /** The outline (filled). */
  readonly outline: string;
  /** Extra strokes drawn over the outline (a cylinder's rim, the queue's end), or ''. */
  readonly detail: string;
  /** Name of the shape, for tests and styling. */
  readonly name: 'box' | 'stadium' | 'cylinder' | 'queue' | 'cloud' | 'octagon';
}

export function nodeShape(type: NodeType, w: number, h: number): NodeShape {
  const x0 = r1(-w / 2);
  const x1 = r1(w / 2);
  const y0 = r1(-h / 2);
  const y1 = r1(h / 2);
  switch (type) {
    case 'service': {
      const r = 8;
      return { name: 'box', detail: '', outline: `M${x0 + r},${y0}H${x1 - r}A${r},${r} 0 0 1 ${x1},${y0 + r}V${y1 - r}A${r},${r} 0 0 1 ${x1 - r},${y1}H${x0 + r}A${r},${r} 0 0 1 ${x0},${y1 - r}V${y0 + r}A${r},${r} 0 0 1 ${x0 + r},${y0}Z` };
    }
    case 'entry': {
      const r = r1(h / 2);
      return { name: 'stadium', detail: '', outline: `M${x0 + r},${y0}H${x1 - r}A${r},${r} 0 0 1 ${x1 - r},${y1}H${x0 + r}A${r},${r} 0 0 1 ${x0 + r},${y0}Z` };
    }
    case 'database': {
      const ry = 6;
      const rx = r1(w / 2);
      return {
        name: 'cylinder',
        outline: `M${x0},${y0 + ry}A${rx},${ry} 0 0 1 ${x1},${y0 + ry}V${y1 - ry}A${rx},${ry} 0 0 1 ${x0},${y1 - ry}Z`,
        detail: `M${x0},${y0 + ry}A${rx},${ry} 0 0 0 ${x1},${y0 + ry}`,
      };
    }
    case 'messaging': {
      const rx = 9;
      const ry = r1(h / 2);
      return {
        name: 'queue',
        outline: `M${x0 + rx},${y0}H${x1 - rx}A${rx},${ry} 0 0 1 ${x1 - rx},${y1}H${x0 + rx}A${rx},${ry} 0 0 1 ${x0 + rx},${y0}Z`,
        detail: `M${x1 - rx},${y0}A${rx},${ry} 0 0 0 ${x1 - rx},${y1}`,
      };
    }
    case 'http': {
      // a cloud: a box with a scalloped top and rounded ends
      const bumps = Math.max(3, Math.round((w - 24) / 34));
      const span = (w - 24) / bumps;
      let top = `M${x0 + 12},${y0 + 8}`;
      for (let k = 0; k < bumps; k++) top += `A${r1(span / 2)},${8} 0 0 1 ${r1(x0 + 12 + span * (k + 1))},${y0 + 8}`;
      const outline = `${top}A12,${r1((h - 8) / 2)} 0 0 1 ${x1 - 12},${y1}H${x0 + 12}A12,${r1((h - 8) / 2)} 0 0 1 ${x0 + 12},${y0 + 8}Z`;
      return { name: 'cloud', detail: '', outline };
    }
    case 'other': {
      const c = 8;
      return { name: 'octagon', detail: '', outline: `M${x0 + c},${y0}H${x1 - c}L${x1},${y0 + c}V${y1 - c}L${x1 - c},${y1}H${x0 + c}L${x0},${y1 - c}V${y0 + c}Z` };
    }
  }
}

/** The type icon, about 16 × 16, centred on (0, 0): stroked path data. */
export function nodeIcon(type: NodeType): string {
  switch (type) {
    case 'service':
      // two stacked server units
      return 'M-7,-7H7V-1H-7ZM-7,1H7V7H-7ZM-4,-4H-3M-4,4H-3';
    case 'entry':
      // a person: head and shoulders
      return 'M0,-7.5A3.5,3.5 0 1 1 0,-0.5A3.5,3.5 0 1 1 0,-7.5ZM-7,8A7,6 0 0 1 7,8';
    case 'database':
      return 'M-6.5,-5A6.5,2.5 0 0 1 6.5,-5V5A6.5,2.5 0 0 1 -6.5,5ZM-6.5,-5A6.5,2.5 0 0 0 6.5,-5M-6.5,0A6.5,2.5 0 0 0 6.5,0';
    case 'messaging':
      // a queue of three messages
      return 'M-8,-5H8V5H-8ZM-3,-5V5M2,-5V5';
    case 'http':
      // a globe
      return 'M0,-7.5A7.5,7.5 0 1 1 0,7.5A7.5,7.5 0 1 1 0,-7.5ZM0,-7.5A3.2,7.5 0 0 1 0,7.5A3.2,7.5 0 0 1 0,-7.5ZM-7.5,0H7.5';
    case 'other':
      return 'M0,-7A7,7 0 1 1 0,7A7,7 0 1 1 0,-7ZM-2.2,-2.5A2.4,2.4 0 1 1 0.6,0.4L0,1.6M0,4.2V4.6';
  }
}

/** Fill and stroke of a node by type; inferred nodes are tinted and dashed. */
export const NODE_FILL: Readonly<Record<NodeType, string>> = {
  service: '#ffffff',
  entry: '#eef3fb',
  database: '#f3f0fa',
  messaging: '#eaf6f1',
  http: '#eef6fb',
  other: '#f4f5f7',
};
export const NODE_STROKE: Readonly<Record<NodeType, string>> = {
  service: '#5b6777',
  entry: '#4a6fa5',
  database: '#6e56a8',
  messaging: '#0b7a5c',
  http: '#2f7fa8',
  other: '#6b7280',
};

/** An SVG arc path for the error ring: the fraction `f` of a circle of radius r, clockwise from 12 o'clock. */
export function ringArc(r: number, f: number): string {
  if (f <= 0) return '';
  if (f >= 0.9999) return `M0,${-r}A${r},${r} 0 1 1 0,${r}A${r},${r} 0 1 1 0,${-r}`;
  const a = f * 2 * Math.PI;
  const x = r1(Math.sin(a) * r);
  const y = r1(-Math.cos(a) * r);
  return `M0,${-r}A${r},${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x},${y}`;
}

const r2 = (v: number) => String(Math.round(v * 100) / 100);
const ARGS: Record<string, number> = { M: 2, L: 2, H: 1, V: 1, A: 7, C: 6, Q: 4, Z: 0 };

/**
 * Path data of this module (absolute commands M L H V A C Q Z) moved by (dx, dy). The view draws
 * nodes at their positions this way instead of with a transform per node: every transformed
 * element is a piece the browser has to reconcile again on each frame of panning.
 */
export function translatePath(d: string, dx: number, dy: number): string {
  let out = '';
  for (const m of d.matchAll(/([MLHVACQZ])([^MLHVACQZ]*)/g)) {
    const cmd = m[1];
    const nums = (m[2].match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    const n = ARGS[cmd];
    out += cmd;
    if (n === 0) continue;
    const parts: string[] = [];
    for (let a = 0; a + n <= nums.length; a += n) {
      const g = nums.slice(a, a + n);
      if (cmd === 'H') parts.push(r2(g[0] + dx));
      else if (cmd === 'V') parts.push(r2(g[0] + dy));
      else if (cmd === 'A') parts.push(`${g[0]},${g[1]} ${g[2]} ${g[3]} ${g[4]} ${r2(g[5] + dx)},${r2(g[6] + dy)}`);
      else for (let p = 0; p < n; p += 2) parts.push(`${r2(g[p] + dx)},${r2(g[p + 1] + dy)}`);
    }
    out += parts.join(' ');
  }
  return out;
}
