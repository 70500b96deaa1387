/** The span details panel: everything about one span (see SpanDetailsPanel.tsx). */
export { SpanDetailsPanel } from './SpanDetailsPanel.tsx';
export type { SpanDetailsPanelProps } from './SpanDetailsPanel.tsx';
export { KIND_TEXT, kindSentence } from './kind-text.ts';
export type { KindText } from './kind-text.ts';
