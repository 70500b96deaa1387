/**
 * Edges of a large graph on a canvas that pans and zooms with the compositor.
 *
 * Drawing thousands of curves into a 2D canvas costs tens of milliseconds (more without a GPU), far
 * more than a frame. So the canvas is not redrawn per frame: it holds a picture of a region of the
 * graph (the view with a margin around it, at the zoom of the moment) and is moved and scaled with
 * a CSS transform like the SVG above it. A new picture is drawn only when the view leaves the
 * region or the zoom drifts too far from the picture's (after a gesture, or when it pauses), and
 * then in slices: each frame draws a few hundred edges into an off-screen canvas and makes the
 * browser rasterise them at once (a one-pixel read), so no frame gets more than a few milliseconds
 * of it; the finished picture replaces the old one without a copy: it is drawn in an OffscreenCanvas
 * and handed to the visible canvas, a 'bitmaprenderer' one, as an ImageBitmap. (A visible '2d'
 * canvas would cost a copy of its whole picture on every frame it moves: Chrome without a GPU hands
 * a 2D canvas to the compositor anew on each commit that moves it, ~1.3 ms for a full-size picture,
 * and the first drawImage into it another ~5 ms.)
 */
import { EdgeShape, drawEdge } from '../../core/layout/graph-layout.ts';
import type { GraphLayout } from '../../state/index.ts';

export const MARKER_LEN = { s: 10, m: 13, l: 16 } as const;
export function markerSize(width: number): 's' | 'm' | 'l' {
  return width < 2.5 ? 's' : width < 4.5 ? 'm' : 'l';
}

export interface CanvasEdgeStyle {
  color: string;
  width: number;
  dashed: boolean;
}

/** What to draw: captured when a picture starts, so a slow picture never mixes two states. */
export interface EdgePicture {
  layout: GraphLayout;
  styles: readonly CanvasEdgeStyle[];
  /** Per edge: its bounding box x0, y0, x1, y1 in layout coordinates. */
  boxes: Float64Array;
  /** Edges drawn on top in the highlight colour (selection, path, neighbourhood). */
  emph: (j: number) => boolean;
  /** Something is selected: the other edges are faint. */
  dim: boolean;
  /** Edge labels and their positions, or null. */
  labels: readonly string[] | null;
  labelPos: Float64Array;
}

/** A region of the graph in layout coordinates, drawn at `s` CSS pixels per unit. */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
  s: number;
}

export interface View {
  x: number;
  y: number;
  k: number;
}

/** Unit direction at the end of edge j (for arrowheads). */
function endDirection(l: GraphLayout, j: number): [number, number] {
  const s = l.ptStart[j];
  const e = l.ptStart[j + 1];
  const p = l.pts;
  const ex = p[2 * e - 2];
  const ey = p[2 * e - 1];
  let dx: number;
  let dy: number;
  if (l.shape[j] === EdgeShape.SPLINE) {
    dx = ex - p[2 * e - 4];
    dy = 0;
  } else if (l.shape[j] === EdgeShape.STRAIGHT && e - s === 3) {
    const cx = 2 * p[2 * s + 2] - (p[2 * s] + p[2 * s + 4]) / 2;
    const cy = 2 * p[2 * s + 3] - (p[2 * s + 1] + p[2 * s + 5]) / 2;
    dx = ex - cx;
    dy = ey - cy;
  } else {
    dx = ex - p[2 * e - 4];
    dy = ey - p[2 * e - 3];
  }
  const len = Math.hypot(dx, dy) || 1;
  return [dx / len, dy / len];
}

/** An arrowhead at the end of edge j, `len` long, as a closed subpath. */
export function arrowHead(sink: CanvasPath, l: GraphLayout, j: number, len: number): void {
  const e = l.ptStart[j + 1];
  const ex = l.pts[2 * e - 2];
  const ey = l.pts[2 * e - 1];
  const [dx, dy] = endDirection(l, j);
  sink.moveTo(ex, ey);
  sink.lineTo(ex - dx * len - dy * len * 0.4, ey - dy * len + dx * len * 0.4);
  sink.lineTo(ex - dx * len + dy * len * 0.4, ey - dy * len - dx * len * 0.4);
  sink.closePath();
}

/** Largest canvas side in device pixels (the margin shrinks first). */
const MAX_SIDE = 4096;
/** Main-thread time a slice aims at, ms. */
const SLICE_MS = 5;
/** The same while a gesture is under way. */
const GESTURE_SLICE_MS = 2;

function clampSlice(n: number): number {
  return Math.max(20, Math.min(2000, Math.round(n)));
}
const LABEL_FONT = "11px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/**
 * The region to draw for a view of cw × ch CSS pixels at transform t (`pad`: the layout's offset in
 * the picture): the view plus half a view on each side, within the graph's bounds.
 */
export function regionFor(t: View, cw: number, ch: number, layout: GraphLayout, pad: number, dpr: number): Region {
  const vx = -t.x / t.k - pad;
  const vy = -t.y / t.k - pad;
  const vw = cw / t.k;
  const vh = ch / t.k;
  const gx0 = -pad;
  const gy0 = -pad;
  const gx1 = layout.width + pad;
  const gy1 = layout.height + pad;
  let s = t.k;
  for (let margin = 0.5; ; margin -= 0.125) {
    const m = Math.max(0, margin);
    const x0 = Math.max(gx0, vx - vw * m);
    const y0 = Math.max(gy0, vy - vh * m);
    const x1 = Math.min(gx1, vx + vw * (1 + m));
    const y1 = Math.min(gy1, vy + vh * (1 + m));
    const w = Math.max(1, x1 - x0);
    const h = Math.max(1, y1 - y0);
    if (Math.max(w, h) * s * dpr <= MAX_SIDE || m === 0) {
      s = Math.min(s, MAX_SIDE / (Math.max(w, h) * dpr));
      return { x: x0, y: y0, w, h, s };
    }
  }
}

/** Where a picture is drawn: an OffscreenCanvas where there is one (its bitmap is handed over without a copy). */
type Surface = OffscreenCanvas | HTMLCanvasElement;
type Ctx2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function surface(w: number, h: number): { canvas: Surface; ctx: Ctx2D | null } {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(w, h);
    return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true }) };
}

interface Job {
  picture: EdgePicture;
  region: Region;
  dpr: number;
  canvas: Surface;
  ctx: Ctx2D;
  order: number[];
  /** 0: the edges, 1: the emphasised edges, 2: labels. */
  phase: number;
  next: number;
  heads: boolean;
}

export class EdgeCanvas {
  private region: Region | null = null;
  private job: Job | null = null;
  private frame = 0;
  private slice = 300;
  /** Main-thread time a slice aims at (ms): SLICE_MS, less while a gesture is under way. */
  private budget = SLICE_MS;
  /** Measured cost of one edge per unit of zoom (ms): an edge costs about its length on screen. */
  private edgeCost = 0;
  private view: View = { x: 0, y: 0, k: 1 };
  /** How the visible canvas is drawn: decided on the first picture (a canvas keeps its context type). */
  private mode: 'bitmap' | '2d' | null = null;
  private readonly pad: number;
  private readonly front: HTMLCanvasElement;

  constructor(front: HTMLCanvasElement, pad: number) {
    this.front = front;
    this.pad = pad;
  }

  /** Moves the current picture to view transform t (a style change: the compositor does the rest). */
  place(t: View): void {
    this.view = t;
    const r = this.region;
    if (!r) return;
    this.front.style.transform = `translate(${t.x + (r.x + this.pad) * t.k}px,${t.y + (r.y + this.pad) * t.k}px) scale(${t.k / r.s})`;
  }

  /** Whether the picture (or the one being drawn) covers view t of cw × ch at a zoom close to its own. */
  covers(t: View, cw: number, ch: number, layout: GraphLayout): boolean {
    const r = this.job?.region ?? this.region;
    if (!r) return false;
    const ratio = t.k / r.s;
    if (ratio > 1.5 || ratio < 1 / 1.5) return false;
    const p = this.pad;
    const vx0 = Math.max(-t.x / t.k - p, -p);
    const vy0 = Math.max(-t.y / t.k - p, -p);
    const vx1 = Math.min(vx0 + cw / t.k, layout.width + p);
    const vy1 = Math.min(vy0 + ch / t.k, layout.height + p);
    const eps = 1 / t.k;
    return vx0 >= r.x - eps && vy0 >= r.y - eps && vx1 <= r.x + r.w + eps && vy1 <= r.y + r.h + eps;
  }

  /** Starts a new picture of `region` (replacing one under way); it appears when finished. */
  draw(picture: EdgePicture, region: Region, dpr: number): void {
    const { canvas, ctx } = surface(Math.max(1, Math.ceil(region.w * region.s * dpr)), Math.max(1, Math.ceil(region.h * region.s * dpr)));
    if (!ctx) return;
    const b = picture.boxes;
    const order: number[] = [];
    const x1 = region.x + region.w;
    const y1 = region.y + region.h;
    for (let j = 0; j < picture.styles.length; j++) {
      if (b[4 * j + 2] < region.x || b[4 * j] > x1 || b[4 * j + 3] < region.y || b[4 * j + 1] > y1) continue;
      order.push(j);
    }
    const k = region.s * dpr;
    ctx.setTransform(k, 0, 0, k, -region.x * k, -region.y * k);
    ctx.lineCap = 'butt';
    this.job = { picture, region, dpr, canvas, ctx, order, phase: 0, next: 0, heads: region.s * MARKER_LEN.s >= 3 };
    // edges cost more the longer they are on screen: size the first slice from the last picture's
    // cost at this zoom (small when there is none yet), then adapt to the time taken
    this.slice = this.edgeCost > 0 ? clampSlice(this.budget / (this.edgeCost * Math.max(region.s, 0.05))) : 100;
    if (!this.frame) this.frame = requestAnimationFrame(this.step);
  }

  /**
   * While the user drags or wheels, slices take less time (their frames also handle the input and
   * move the picture); the slice size follows from the next slice on.
   */
  setGesture(active: boolean): void {
    const budget = active ? GESTURE_SLICE_MS : SLICE_MS;
    if (budget === this.budget) return;
    this.slice = clampSlice((this.slice * budget) / this.budget);
    this.budget = budget;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.job = null;
  }

  /**
   * Puts a finished picture on the visible canvas: handed over as an ImageBitmap where the browser
   * can (no copy, and a canvas the compositor does not need to copy again as it moves), else copied.
   */
  private show(picture: Surface): void {
    const front = this.front;
    if (this.mode === null) this.mode = typeof OffscreenCanvas !== 'undefined' && picture instanceof OffscreenCanvas && front.getContext('bitmaprenderer') ? 'bitmap' : '2d';
    if (this.mode === 'bitmap' && picture instanceof OffscreenCanvas) {
      if (front.width !== picture.width) front.width = picture.width;
      if (front.height !== picture.height) front.height = picture.height;
      const bitmap = picture.transferToImageBitmap();
      (front.getContext('bitmaprenderer') as ImageBitmapRenderingContext).transferFromImageBitmap(bitmap);
      return;
    }
    front.width = picture.width;
    front.height = picture.height;
    (front.getContext('2d') as CanvasRenderingContext2D | null)?.drawImage(picture, 0, 0);
  }

  private readonly step = (): void => {
    this.frame = 0;
    const job = this.job;
    if (!job) return;
    const t0 = performance.now();
    const { ctx, order, picture: pic } = job;
    const l = pic.layout;
    const n = this.slice;
    const phase = job.phase;
    const start = job.next;
    const end = Math.min(order.length, job.next + n);
    if (job.phase === 0) {
      // this slice's edges, one path per look (colour, width, dash)
      const groups = new Map<string, { style: CanvasEdgeStyle; line: Path2D; head: Path2D }>();
      for (let i = job.next; i < end; i++) {
        const j = order[i];
        const st = pic.styles[j];
        const key = `${st.color}|${Math.round(st.width * 4)}|${st.dashed}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { style: st, line: new Path2D(), head: new Path2D() }));
        drawEdge(g.line, l, j);
        if (job.heads) arrowHead(g.head, l, j, MARKER_LEN[markerSize(st.width)]);
      }
      ctx.globalAlpha = pic.dim ? 0.25 : 0.85;
      for (const g of groups.values()) {
        ctx.strokeStyle = g.style.color;
        ctx.fillStyle = g.style.color;
        ctx.lineWidth = Math.round(g.style.width * 4) / 4;
        ctx.setLineDash(g.style.dashed ? [6, 4] : []);
        ctx.stroke(g.line);
        ctx.setLineDash([]);
        if (job.heads) ctx.fill(g.head);
      }
    } else if (job.phase === 1) {
      ctx.globalAlpha = 0.85;
      ctx.strokeStyle = '#1f6fb4';
      ctx.fillStyle = '#1f6fb4';
      for (let i = job.next; i < end; i++) {
        const j = order[i];
        if (!pic.emph(j)) continue;
        const st = pic.styles[j];
        ctx.lineWidth = Math.max(2.5, st.width);
        ctx.setLineDash(st.dashed ? [6, 4] : []);
        const line = new Path2D();
        drawEdge(line, l, j);
        ctx.stroke(line);
        ctx.setLineDash([]);
        const head = new Path2D();
        arrowHead(head, l, j, MARKER_LEN[markerSize(st.width)]);
        ctx.fill(head);
      }
    } else if (pic.labels) {
      ctx.globalAlpha = 1;
      ctx.font = LABEL_FONT;
      ctx.textAlign = 'center';
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#ffffff';
      ctx.fillStyle = '#3b4452';
      for (let i = job.next; i < end; i++) {
        const j = order[i];
        const lx = pic.labelPos[2 * j];
        const ly = pic.labelPos[2 * j + 1];
        ctx.strokeText(pic.labels[j], lx, ly);
        ctx.fillText(pic.labels[j], lx, ly);
      }
    }
    // rasterise now, inside this frame's budget, not all at once when the picture is shown
    ctx.getImageData(0, 0, 1, 1);
    job.next = end;
    if (job.next >= order.length) {
      job.next = 0;
      job.phase++;
      // labels only where they can be read and there are not too many
      if (job.phase === 2 && !(pic.labels && order.length <= 600 && job.region.s >= 0.5)) job.phase = 3;
    }
    const ms = performance.now() - t0;
    if (phase === 0 && end - start >= 20) this.edgeCost = Math.max(ms, 0.05) / (end - start) / Math.max(job.region.s, 0.05);
    // a new phase draws other things (highlights, labels): start it small again
    this.slice = job.phase !== phase ? 40 : clampSlice((n * this.budget) / Math.max(ms, 0.25));
    if (job.phase < 3) {
      this.frame = requestAnimationFrame(this.step);
      return;
    }
    // done: show it
    this.job = null;
    const front = this.front;
    front.style.width = `${job.region.w * job.region.s}px`;
    front.style.height = `${job.region.h * job.region.s}px`;
    this.show(job.canvas);
    this.region = job.region;
    this.place(this.view);
  };
}
