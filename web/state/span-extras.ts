/**
 * More about one span, for the details panel: where its links lead, which spans link to it, and
 * its span-kind diagnostics. Each is a worker call cached like span details (per viewer, dataset
 * version and span).
 */
import { useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { InboundLinks, SpanDiagnostic, SpanRef } from '../worker/protocol.ts';
import { useViewer, useViewerStore } from './context.tsx';

export type { InboundLink, InboundLinks, SpanDiagnostic, SpanRef } from '../worker/protocol.ts';

/** Span index of each ref in the current dataset (-1: not loaded); idle while refs is empty or nothing is loaded. */
export function useResolvedSpans(refs: readonly SpanRef[]): UseQueryResult<number[], Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  const key = refs.map((r) => `${r.traceId}/${r.spanId}`).join(' ');
  return useQuery(
    {
      queryKey: ['resolveSpans', store.viewerId, version, key],
      queryFn: ({ signal }) => store.client.resolveSpans(refs, { signal }),
      enabled: refs.length > 0 && version >= 0,
      staleTime: Infinity,
    },
    store.queryClient,
  );
}

/** The loaded spans whose links point to `span`; idle while span is null. */
export function useInboundLinks(span: number | null): UseQueryResult<InboundLinks, Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  return useQuery(
    {
      queryKey: ['inboundLinks', store.viewerId, version, span],
      queryFn: ({ signal }) => store.client.inboundLinks(span as number, { signal }),
      enabled: span !== null && version >= 0,
      staleTime: Infinity,
    },
    store.queryClient,
  );
}

/**
 * Span-kind diagnostics involving `span` (core/graph's lint; the load warnings of the span are in
 * its details). Idle while span is null.
 */
export function useSpanDiagnostics(span: number | null): UseQueryResult<SpanDiagnostic[], Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  return useQuery(
    {
      queryKey: ['spanDiagnostics', store.viewerId, version, span],
      queryFn: ({ signal }) => store.client.spanDiagnostics(span as number, { signal }),
      enabled: span !== null && version >= 0,
      staleTime: Infinity,
    },
    store.queryClient,
  );
}
