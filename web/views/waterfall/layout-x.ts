/**
 * Horizontal placement of the bars, segments and connectors in view. They carry their times
 * (data-t0, and data-t1 for things with a width) and this sets their left/width in pixels for the
 * current window. Run after each render of the rows and on every zoom: it touches only those few
 * elements (no style inheritance, no React render), so a zoom frame costs the same at any span count.
 */
import type { TimeWindow } from './state.ts';

/** Bars narrower than this hide their kind letter. */
const GLYPH_MIN_PX = 16;

/** An element's data attributes, read once (DOMStringMap reads cost more than the placing). */
interface Times {
  /** data-t0 and data-t1 as read (the cache holds while they do). */
  readonly r0: string | null;
  readonly r1: string | null;
  readonly t0: number;
  /** NaN when the element has no width. */
  readonly t1: number;
  readonly label: boolean;
  readonly glyph: boolean;
  readonly min: number;
  /** A label's width. */
  readonly w: number;
}

interface Placed extends HTMLElement {
  _x?: string;
  _times?: Times;
}

function timesOf(el: Placed, r0: string | null, r1: string | null): Times {
  const d = el.dataset;
  return (el._times = {
    r0,
    r1,
    t0: Number(d.t0),
    t1: d.t1 !== undefined ? Number(d.t1) : Number.NaN,
    label: d.label !== undefined,
    glyph: d.glyph !== undefined,
    min: d.min !== undefined ? Number(d.min) : 0,
    w: Number(d.w),
  });
}

export function layoutX(root: HTMLElement | null, w: TimeWindow, width: number): void {
  if (!root || width <= 0) return;
  const els = root.getElementsByClassName('sm-wf-x');
  const span = w.end - w.start;
  const lo0 = -8;
  const hi = width + 8;
  for (let k = 0; k < els.length; k++) {
    const el = els[k] as Placed;
    // React updates an element's times in place (skew correction, another span): the cache holds
    // while the two attributes it was read from do
    const r0 = el.getAttribute('data-t0');
    const r1 = el.getAttribute('data-t1');
    let t = el._times;
    if (!t || t.r0 !== r0 || t.r1 !== r1) t = timesOf(el, r0, r1);
    if (t.label) {
      placeLabel(el, t, w, width);
      continue;
    }
    // a kind letter stays inside the visible part of its bar
    const lo = t.glyph ? 0 : lo0;
    let x0 = ((t.t0 - w.start) / span) * width;
    x0 = x0 < lo ? lo : x0 > hi ? hi : x0;
    let key: string;
    if (t.t1 === t.t1) {
      let x1 = ((t.t1 - w.start) / span) * width;
      x1 = x1 < lo ? lo : x1 > hi ? hi : x1;
      const wpx = Math.max(t.min, x1 - x0);
      key = `${x0.toFixed(1)} ${wpx.toFixed(1)}`;
      if (el._x === key) continue;
      el.style.left = `${x0}px`;
      el.style.width = `${wpx}px`;
      if (t.glyph) el.classList.toggle('sm-wf-bar--narrow', wpx < GLYPH_MIN_PX);
    } else {
      key = x0.toFixed(1);
      if (el._x === key) continue;
      el.style.left = `${x0}px`;
    }
    el._x = key;
  }
}

/** A note beside a bar (data-t0/t1: the bar's times, data-w: the note's width): after its end, else before its start, else at the right edge. */
function placeLabel(el: Placed, t: Times, w: TimeWindow, width: number): void {
  const span = w.end - w.start;
  const x0 = ((t.t0 - w.start) / span) * width;
  const x1 = ((t.t1 - w.start) / span) * width;
  const lw = t.w;
  let left: number;
  if (x1 + 6 + lw <= width) left = Math.max(0, x1 + 6);
  else if (x0 - 6 - lw >= 0) left = Math.min(width - lw, x0 - 6 - lw);
  else left = Math.max(0, width - lw - 4);
  const key = left.toFixed(1);
  if (el._x === key) return;
  el.style.left = `${left}px`;
  el._x = key;
}
