/** The span-kind waterfall view. */
export { Waterfall } from './Waterfall.tsx';
export type { WaterfallProps } from './Waterfall.tsx';
export { createWaterfallStore, traceKey } from './state.ts';
export type { ColorBy, TimeWindow, WaterfallState, WaterfallStore } from './state.ts';
