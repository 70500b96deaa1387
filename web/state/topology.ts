/**
 * Worker lookups for the topology view: the service graph (per viewer, dataset version, trace and
 * broker setting) and its layout (computed on the worker; the previous layout is kept on screen
 * while the next one runs). Cached like the other lookups.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { GraphLayout, GraphLayoutInput, GraphLayoutOptions, TopologyGraph } from '../worker/protocol.ts';
import { useViewer, useViewerStore } from './context.tsx';

export type { GraphLayout, GraphLayoutInput, GraphLayoutOptions, TopologyGraph } from '../worker/protocol.ts';

/** The service graph of trace `trace` (null: all loaded traces); idle while nothing is loaded or `enabled` is false. */
export function useServiceGraph(trace: number | null, brokerNodes: boolean, enabled = true): UseQueryResult<TopologyGraph, Error> {
  const store = useViewerStore();
  const version = useViewer((s) => s.view?.version ?? -1);
  // not for an early snapshot of a running load: the whole answer comes with the load's result
  const partial = useViewer((s) => s.view?.partial ?? false);
  return useQuery(
    {
      queryKey: ['serviceGraph', store.viewerId, version, trace, brokerNodes],
      queryFn: ({ signal }) => store.client.graph(trace, brokerNodes, { signal }),
      enabled: enabled && version >= 0 && !partial,
      staleTime: Infinity,
      gcTime: 60_000,
      placeholderData: keepPreviousData,
    },
    store.queryClient,
  );
}

export interface LayoutRequest<T = unknown> {
  /** Identifies the input (graph, filters, sizes, algorithm): equal keys mean equal layouts. */
  readonly key: string;
  readonly input: GraphLayoutInput;
  readonly options: Omit<GraphLayoutOptions, 'now'>;
  /** What the caller drew the input from; handed back with the layout so the two always match. */
  readonly scene: T;
}

export interface LaidOut<T> {
  readonly key: string;
  readonly layout: GraphLayout;
  readonly scene: T;
}

/**
 * The layout of `request` (null: idle), computed on the worker. While the next layout runs, the
 * previous result (with its own scene) stays: a caller never pairs a layout with another input.
 */
export function useGraphLayout<T>(request: LayoutRequest<T> | null): UseQueryResult<LaidOut<T>, Error> {
  const store = useViewerStore();
  return useQuery(
    {
      queryKey: ['graphLayout', store.viewerId, request?.key ?? ''],
      queryFn: async ({ signal }) => {
        const r = request as LayoutRequest<T>;
        const layout = await store.client.layout(r.input, r.options, { signal });
        return { key: r.key, layout, scene: r.scene };
      },
      enabled: request !== null,
      staleTime: Infinity,
      gcTime: 30_000,
      placeholderData: keepPreviousData,
    },
    store.queryClient,
  );
}
