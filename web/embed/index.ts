/**
 * Spanmap as a library: the <SpanmapViewer> React component. Import its styles once from
 * 'spanmap/style.css'. For pages without React, use the <spanmap-viewer> custom element
 * ('spanmap/element', see element.ts).
 */
export { SpanmapViewer, loadSummary } from './SpanmapViewer.tsx';
export type { SpanmapViewerProps, SpanmapSpanInfo, SpanmapLoadSummary, SpanmapView, SpanmapTheme, SpanmapSpanKind } from './SpanmapViewer.tsx';
export type { SpanmapSource, SpanmapFetcher } from './source.ts';
