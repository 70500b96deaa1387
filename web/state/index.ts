/** The state layer's public surface (views and the app import from here). */
export { createViewerStore, hasData } from './store.ts';
export type { LastLoad, Notice, ViewerState, ViewerStore, ViewerStoreOptions } from './store.ts';
export { ViewerProvider, useViewer, useViewerStore } from './context.tsx';
export type { ViewerProviderProps } from './context.tsx';
export { useSpanDetails, spanDetailsKey } from './details.ts';
export * from './view.ts';
