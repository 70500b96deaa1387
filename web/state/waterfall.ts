/**
 * Worker lookups for the waterfall: span search, a trace's links, and its critical path and
 * clock-skew correction (computed in the worker: linear in the trace). Cached like span details (per
 * viewer, dataset version and arguments), so going back to an earlier query or trace is free.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TraceLinks, TraceTiming } from '../worker/protocol.ts';
import { useViewer, useViewerStore } from './context.tsx';

export type { TraceLinks, TraceTiming } from '../worker/protocol.ts';

/**
 * Spans matching `query` (core/search's query language), ascending, within trace `trace` (or all
 * traces when null). Idle while the query is blank; keeps the previous answer while the next runs.
 */
export function useSearchSpans(query: string, trace: number | null): UseQueryResult<Int32Array, Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  const q = query.trim();
  return useQuery(
    {
      queryKey: ['searchSpans', store.viewerId, version, trace, q],
      queryFn: ({ signal }) => store.client.search(q, trace, { signal }),
      enabled: q !== '' && version >= 0,
      staleTime: Infinity,
      placeholderData: keepPreviousData,
    },
    store.queryClient,
  );
}

/** The links with an end in trace `trace` (span index pairs); idle while trace is null. */
export function useTraceLinks(trace: number | null): UseQueryResult<TraceLinks, Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  // not for an early snapshot of a running load: the whole answer comes with the load's result
  const partial = useViewer((s) => s.view?.partial ?? false);
  return useQuery(
    {
      queryKey: ['traceLinks', store.viewerId, version, trace],
      queryFn: ({ signal }) => store.client.traceLinks(trace as number, { signal }),
      enabled: trace !== null && version >= 0 && !partial,
      staleTime: Infinity,
    },
    store.queryClient,
  );
}

/** Trace `trace`'s critical path, with its clock-skew correction when `skew`; idle while trace is null. */
export function useTraceTiming(trace: number | null, skew: boolean): UseQueryResult<TraceTiming, Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  // not for an early snapshot of a running load: the whole answer comes with the load's result
  const partial = useViewer((s) => s.view?.partial ?? false);
  return useQuery(
    {
      queryKey: ['traceTiming', store.viewerId, version, trace, skew],
      queryFn: ({ signal }) => store.client.traceTiming(trace as number, skew, { signal }),
      enabled: trace !== null && version >= 0 && !partial,
      staleTime: Infinity,
    },
    store.queryClient,
  );
}
