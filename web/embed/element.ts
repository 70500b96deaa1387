/**
 * The custom-element entry for pages without React (React is bundled in): importing it registers
 * <spanmap-viewer>. See define.ts for the attributes, events and styling.
 *
 *   <script type="module" src="/spanmap/element.js"></script>
 *   <spanmap-viewer src="/traces/checkout.json" height="600px"></spanmap-viewer>
 */
import { defineSpanmapElement } from './define.ts';

export { defineSpanmapElement, SPANMAP_ELEMENT_NAME } from './define.ts';
export { SpanmapViewerElement } from './define.ts';
export type { SpanmapElementEventMap } from './define.ts';
export type { SpanmapLoadSummary, SpanmapSpanInfo, SpanmapTheme, SpanmapView, SpanmapSpanKind } from './SpanmapViewer.tsx';
export type { SpanmapSource, SpanmapFetcher } from './source.ts';

defineSpanmapElement();
