/** The state layer's public surface (views and the app import from here). */
export { createViewerStore, hasData } from './store.ts';
export type { FetchStatus, LastLoad, Notice, ViewerState, ViewerStore, ViewerStoreOptions } from './store.ts';
export { FETCH_RETRIES } from './store.ts';
export { BACKENDS, BACKEND_IDS, CORS_OR_NETWORK, TRACE_ID, isBackendId, sourceFileName } from './sources.ts';
export type { BackendId, TraceSource } from './sources.ts';
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
