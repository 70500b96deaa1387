/** The state layer's public surface (views and the app import from here). */
export { createViewerStore, hasData } from './store.ts';
export type { LastLoad, Notice, ViewerState, ViewerStore, ViewerStoreOptions } from './store.ts';
export { ViewerProvider, useViewer, useViewerStore } from './context.tsx';
export type { ViewerProviderProps } from './context.tsx';
export { useSpanDetails, spanDetailsKey } from './details.ts';
export { useInboundLinks, useResolvedSpans, useSpanDiagnostics } from './span-extras.ts';
export type { InboundLink, InboundLinks, SpanDiagnostic, SpanRef } from './span-extras.ts';
export { useSearchSpans, useTraceLinks, useTraceTiming } from './waterfall.ts';
export type { TraceLinks, TraceTiming } from './waterfall.ts';
export { useServiceGraph, useGraphLayout } from './topology.ts';
export type { GraphLayout, GraphLayoutInput, GraphLayoutOptions, LaidOut, LayoutRequest, TopologyGraph } from './topology.ts';
export * from './view.ts';
