/**
 * Exporting the graph: the drawn SVG as a standalone file (styles inlined, edges included even
 * when they are drawn on a canvas), a PNG rendered from that SVG, and text formats (DOT, Mermaid,
 * JSON) from core/graph's exporters. Downloads go through a Blob and a temporary <a download>.
 */
import type { GraphLayout } from '../../state/index.ts';
import { edgePath } from '../../core/layout/graph-layout.ts';

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Styles the exported file needs (the page's stylesheet does not travel with it). */
const EXPORT_STYLE = `
text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
.sm-topo-node__name { font-size: 13px; font-weight: 600; fill: #1d2430; }
.sm-topo-node__meta { font-size: 11px; fill: #5f6b7a; }
.sm-topo-edge__label { font-size: 11px; fill: #3b4452; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
.sm-topo-badge__text { font-size: 10px; font-weight: 700; fill: #5c3b00; }
.sm-topo-edge__hit { display: none; }
`;

/**
 * A standalone SVG document of the graph: a copy of the drawn <svg> with the zoom transform
 * removed, sized to the layout, styles inlined, and (canvas mode) the edges added as paths.
 */
export function standaloneSvg(svg: SVGSVGElement, layout: GraphLayout, canvasEdges: { index: number; color: string; width: number; dashed: boolean; marker: string }[] | null, pad = 24): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const width = Math.ceil(layout.width + 2 * pad);
  const height = Math.ceil(layout.height + 2 * pad);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.removeAttribute('class');
  clone.removeAttribute('style');
  // (the zoom is on the layer around the <svg>, not on it; the inner group keeps the padding)
  clone.removeAttribute('data-lod');
  for (const a of ['role', 'aria-label', 'aria-hidden', 'tabindex']) clone.removeAttribute(a);
  clone.querySelectorAll('[tabindex]').forEach((el) => el.removeAttribute('tabindex'));
  const style = document.createElementNS(SVG_NS, 'style');
  style.textContent = EXPORT_STYLE;
  clone.insertBefore(style, clone.firstChild);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, style.nextSibling);
  if (canvasEdges) {
    const g = document.createElementNS(SVG_NS, 'g');
    for (const e of canvasEdges) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', edgePath(layout, e.index));
      p.setAttribute('fill', 'none');
      p.setAttribute('stroke', e.color);
      p.setAttribute('stroke-width', String(Math.round(e.width * 10) / 10));
      if (e.dashed) p.setAttribute('stroke-dasharray', '6 4');
      p.setAttribute('marker-end', `url(#${e.marker})`);
      g.append(p);
    }
    g.setAttribute('transform', `translate(${pad},${pad})`);
    // under the nodes, over the background
    clone.insertBefore(g, bg.nextSibling);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Renders SVG text to a PNG blob (scaled so the longer side is at most `maxSide` pixels). */
export async function svgToPng(svgText: string, width: number, height: number, maxSide = 8000): Promise<Blob> {
  const scale = Math.min(2, maxSide / Math.max(1, width, height));
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the browser could not render the SVG'));
    });
    img.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
