export { SummaryPanel, WARNINGS_SHOWN } from './SummaryPanel.tsx';
export { TraceList } from './TraceList.tsx';
export { FORMAT_LABELS, formatLabel, formatEpoch } from './labels.ts';
