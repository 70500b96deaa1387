/** The time axis (ticks with units, drag to zoom) and the minimap (the whole trace on a canvas, with the current window). */
import { memo, useEffect, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { kindStyle } from '../../ui/kinds.ts';
import type { ChartModel } from './context.ts';
import { useZoom, useZoomWindow } from './context.ts';
import type { TimeWindow } from './state.ts';
import { clampWindow } from './model.ts';

const UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/** A tick label in the unit of the tick step, with as many decimals as the step needs. */
export function formatTick(t: number, step: number): string {
  if (t === 0) return '0';
  // the largest unit the step is at least half of: 200 ms steps read "200 ms", 500 ms steps "1.5 s"
  const [u, name] = UNITS.find(([u]) => Math.abs(step) >= u / 2) ?? UNITS[3];
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step / u) + 1e-9)));
  return `${(t / u).toFixed(decimals)} ${name}`;
}

interface RulerProps {
  /** Zoom to a fraction range (0..1) of the current window. */
  onBrush(f0: number, f1: number): void;
}

export const Ruler = memo(function Ruler({ onBrush }: RulerProps) {
  const { win: w, ticks } = useZoomWindow();
  const [brush, setBrush] = useState<{ a: number; b: number } | null>(null);
  const drag = useRef<{ x0: number; left: number; width: number } | null>(null);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : w.end - w.start;
  const width = w.end - w.start;
  const frac = (e: ReactPointerEvent, d: { left: number; width: number }) => Math.max(0, Math.min(1, (e.clientX - d.left) / d.width));
  return (
    <div
      className="sm-wf-ruler"
      data-testid="ruler"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        const r = e.currentTarget.getBoundingClientRect();
        drag.current = { x0: e.clientX, left: r.left, width: r.width };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d || Math.abs(e.clientX - d.x0) < 3) return;
        const a = Math.max(0, Math.min(1, (d.x0 - d.left) / d.width));
        const b = frac(e, d);
        setBrush({ a: Math.min(a, b), b: Math.max(a, b) });
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        drag.current = null;
        if (!d) return;
        const a = Math.max(0, Math.min(1, (d.x0 - d.left) / d.width));
        const b = frac(e, d);
        setBrush(null);
        if (Math.abs(b - a) > 0.002) onBrush(Math.min(a, b), Math.max(a, b));
      }}
      title="Drag to zoom to a time range; Ctrl + wheel zooms, Shift + wheel pans"
    >
      {ticks.map((t) => {
        const x = (t - w.start) / width;
        return (
          <span key={t} className={x > 0.94 ? 'sm-wf-tick sm-wf-tick--end' : 'sm-wf-tick'} style={{ left: `${x * 100}%` }}>
            {formatTick(t, step)}
          </span>
        );
      })}
      {brush && <div className="sm-wf-brush sm-wf-brush--ruler" style={{ left: `${brush.a * 100}%`, width: `${(brush.b - brush.a) * 100}%` }} />}
    </div>
  );
});

interface MinimapProps {
  m: ChartModel;
}

const MINIMAP_HEIGHT = 44;
/** At most this many spans are drawn; bigger traces are sampled evenly (it is 44 pixels tall). */
const MINIMAP_MAX_SPANS = 10_000;

export const Minimap = memo(function Minimap({ m }: MinimapProps) {
  const { win: w } = useZoomWindow();
  const onWindow = useZoom().set;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const drag = useRef<{ mode: 'pan' | 'left' | 'right' | 'new'; x0: number; w0: TimeWindow; left: number; width: number; moved: boolean } | null>(null);
  const { t0, t1 } = m.timing;
  const extent = t1 - t0;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const { tm, timing, cols, colorBy, serviceColors, view } = m;
  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0) return;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    c.width = Math.round(width * dpr);
    c.height = Math.round(MINIMAP_HEIGHT * dpr);
    const g = c.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, MINIMAP_HEIGHT);
    const n = tm.order.length;
    const stride = Math.max(1, Math.ceil(n / MINIMAP_MAX_SPANS));
    const h = Math.max(2, Math.min(6, (MINIMAP_HEIGHT - 4) / Math.max(1, n / stride)));
    let fill = '';
    for (let k = 0; k < n; k += stride) {
      const v = tm.order[k];
      const x = ((timing.start[v] - t0) / extent) * width;
      const bw = Math.max(1, (timing.duration[v] / extent) * width);
      const y = 2 + (n > 1 ? k / (n - 1) : 0) * (MINIMAP_HEIGHT - 4 - h);
      const color = colorBy === 'service' ? (serviceColors.get(view.resourceService[cols.resource[v]] ?? '')?.color ?? '#999') : kindStyle(cols.kind[v]).color;
      if (color !== fill) {
        fill = color;
        g.fillStyle = color;
      }
      g.fillRect(x, y, bw, h);
    }
  }, [tm, timing, cols, colorBy, serviceColors, view, width, t0, extent]);

  const a = (w.start - t0) / extent;
  const b = (w.end - t0) / extent;

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const r = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - r.left;
    const xa = a * r.width;
    const xb = b * r.width;
    // over the whole trace a drag chooses a range; otherwise inside the window pans, its edges resize
    const whole = b - a > 0.985;
    const mode = whole ? 'new' : Math.abs(x - xa) <= 6 ? 'left' : Math.abs(x - xb) <= 6 ? 'right' : x > xa && x < xb ? 'pan' : 'new';
    drag.current = { mode, x0: e.clientX, w0: w, left: r.left, width: r.width, moved: false };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const apply = (e: ReactPointerEvent<HTMLDivElement>, final: boolean) => {
    const d = drag.current;
    if (!d) return;
    if (!d.moved && Math.abs(e.clientX - d.x0) < 3) {
      if (final && d.mode !== 'left' && d.mode !== 'right') {
        // a click: centre the window there
        const t = t0 + ((e.clientX - d.left) / d.width) * extent;
        const half = (d.w0.end - d.w0.start) / 2;
        onWindow(clampWindow({ start: t - half, end: t + half }, t0, t1));
      }
      return;
    }
    d.moved = true;
    const dt = ((e.clientX - d.x0) / d.width) * extent;
    const at = t0 + Math.max(0, Math.min(1, (e.clientX - d.left) / d.width)) * extent;
    const from = t0 + Math.max(0, Math.min(1, (d.x0 - d.left) / d.width)) * extent;
    if (d.mode === 'pan') onWindow(clampWindow({ start: d.w0.start + dt, end: d.w0.end + dt }, t0, t1));
    else if (d.mode === 'left') onWindow(clampWindow({ start: Math.min(at, d.w0.end - 1), end: d.w0.end }, t0, t1));
    else if (d.mode === 'right') onWindow(clampWindow({ start: d.w0.start, end: Math.max(at, d.w0.start + 1) }, t0, t1));
    else onWindow(clampWindow({ start: Math.min(at, from), end: Math.max(at, from) }, t0, t1));
  };

  return (
    <div ref={box} className="sm-wf-minimap" data-testid="minimap" onPointerDown={onPointerDown} onPointerMove={(e) => apply(e, false)} onPointerUp={(e) => {
      apply(e, true);
      drag.current = null;
    }} title="The whole trace: drag the window to pan, its edges to resize, or drag elsewhere to choose a range">
      <canvas ref={canvas} className="sm-wf-minimap__canvas" style={{ width: '100%', height: MINIMAP_HEIGHT }} aria-hidden="true" />
      <div className="sm-wf-minimap__shade" style={{ left: 0, width: `${a * 100}%` }} />
      <div className="sm-wf-minimap__shade" style={{ left: `${b * 100}%`, right: 0 }} />
      <div className="sm-wf-minimap__window" data-testid="minimap-window" style={{ left: `${a * 100}%`, width: `${Math.max(0, b - a) * 100}%` }} />
    </div>
  );
});
