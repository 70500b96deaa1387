/**
 * Horizontal placement of the bars, segments and connectors in view. They carry their times
 * (data-t0, and data-t1 for things with a width) and this sets their left/width in pixels for the
 * current window. Run after each render of the rows and on every zoom: it touches only those few
 * elements (no style inheritance, no React render), so a zoom frame costs the same at any span count.
 */
import type { TimeWindow } from './state.ts';

/** Bars narrower than this hide their kind letter. */
const GLYPH_MIN_PX = 16;

interface Placed extends HTMLElement {
  _x?: string;
}

export function layoutX(root: HTMLElement | null, w: TimeWindow, width: number): void {
  if (!root || width <= 0) return;
  const els = root.getElementsByClassName('sm-wf-x');
  const span = w.end - w.start;
  const lo0 = -8;
  const hi = width + 8;
  for (let k = 0; k < els.length; k++) {
    const el = els[k] as Placed;
    const d = el.dataset;
    if (d.label !== undefined) {
      placeLabel(el, d, w, width);
      continue;
    }
    const t0 = Number(d.t0);
    // a kind letter stays inside the visible part of its bar
    const lo = d.glyph !== undefined ? 0 : lo0;
    let x0 = ((t0 - w.start) / span) * width;
    x0 = x0 < lo ? lo : x0 > hi ? hi : x0;
    let key: string;
    if (d.t1 !== undefined) {
      let x1 = ((Number(d.t1) - w.start) / span) * width;
      x1 = x1 < lo ? lo : x1 > hi ? hi : x1;
      const wpx = Math.max(d.min !== undefined ? Number(d.min) : 0, x1 - x0);
      key = `${x0.toFixed(1)} ${wpx.toFixed(1)}`;
      if (el._x === key) continue;
      el.style.left = `${x0}px`;
      el.style.width = `${wpx}px`;
      if (d.glyph !== undefined) el.classList.toggle('sm-wf-bar--narrow', wpx < GLYPH_MIN_PX);
    } else {
      key = x0.toFixed(1);
      if (el._x === key) continue;
      el.style.left = `${x0}px`;
    }
    el._x = key;
  }
}

/** A note beside a bar (data-t0/t1: the bar's times, data-w: the note's width): after its end, else before its start, else at the right edge. */
function placeLabel(el: Placed, d: DOMStringMap, w: TimeWindow, width: number): void {
  const span = w.end - w.start;
  const x0 = ((Number(d.t0) - w.start) / span) * width;
  const x1 = ((Number(d.t1) - w.start) / span) * width;
  const lw = Number(d.w);
  let left: number;
  if (x1 + 6 + lw <= width) left = Math.max(0, x1 + 6);
  else if (x0 - 6 - lw >= 0) left = Math.min(width - lw, x0 - 6 - lw);
  else left = Math.max(0, width - lw - 4);
  const key = left.toFixed(1);
  if (el._x === key) return;
  el.style.left = `${left}px`;
  el._x = key;
}
