/** Span details, fetched from the worker on demand and cached per viewer, dataset version and span. */
import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { SpanDetails } from '../worker/protocol.ts';
import { useViewer, useViewerStore } from './context.tsx';

export function spanDetailsKey(viewerId: string, version: number, span: number | null) {
  return ['spanDetails', viewerId, version, span] as const;
}

/** Details of `span` in the current dataset; idle (no fetch) while span is null or nothing is loaded. */
export function useSpanDetails(span: number | null): UseQueryResult<SpanDetails, Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  return useQuery(
    {
      queryKey: spanDetailsKey(store.viewerId, version, span),
      queryFn: ({ signal }) => store.client.spanDetails(span as number, { signal }),
      enabled: span !== null && version >= 0,
      staleTime: Infinity,
    },
    store.queryClient,
  );
}
