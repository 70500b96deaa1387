/**
 * A small promise-based RPC client for the engine worker: the only part of web/worker that the
 * state layer imports.
 *
 * One client talks for one viewer. By default it starts its own worker on first use (so two
 * viewers on a page share nothing), and starts a fresh one if the worker dies. Cancellation is by
 * AbortSignal: the worker is told to stop; a `load` still resolves, with `cancelled: true` and the
 * files finished before the cancel, because that data is in the viewer's dataset now; every other
 * call rejects at once with an AbortError.
 */
import type { DatasetView, EngineCallKind, EngineCalls, FromWorker, LoadProgress, LoadResult, SpanDetails, ToWorker } from './protocol.ts';
import type { InboundLinks, SpanDiagnostic, SpanRef } from './protocol.ts';
import type { TraceLinks, TraceTiming } from './protocol.ts';
import type { GraphLayout, GraphLayoutInput, GraphLayoutOptions, TopologyGraph } from './protocol.ts';

/** The part of `Worker` the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface CallOptions {
  signal?: AbortSignal;
}
export interface LoadOptions extends CallOptions {
  onProgress?: (p: LoadProgress) => void;
  /** Early snapshots of the dataset while the load runs (DatasetView.partial), before its result. */
  onView?: (view: DatasetView) => void;
}

export interface EngineClient {
  readonly viewer: string;
  /** Imports files into this viewer's dataset (merged with earlier loads) and returns the new view. */
  load(files: readonly File[], options?: LoadOptions): Promise<LoadResult>;
  /** Removes loaded file `file` (index into the view's files) and rebuilds the dataset from the others. */
  remove(file: number, options?: LoadOptions): Promise<LoadResult>;
  /** Generates a seeded synthetic trace of `spans` spans in the worker and imports it (merged, like a file). */
  generate(args: { spans: number; seed?: number; name?: string }, options?: LoadOptions): Promise<LoadResult>;
  /** Details of one span of the current dataset. */
  spanDetails(span: number, options?: CallOptions): Promise<SpanDetails>;
  /** Span index of each (trace id, span id) of the current dataset, -1 where that span is not loaded. */
  resolveSpans(refs: readonly SpanRef[], options?: CallOptions): Promise<number[]>;
  /** The loaded spans whose links point to `span`. */
  inboundLinks(span: number, options?: CallOptions): Promise<InboundLinks>;
  /** Span-kind diagnostics involving `span`. */
  spanDiagnostics(span: number, options?: CallOptions): Promise<SpanDiagnostic[]>;
  /** Spans of the current dataset matching a search query (core/search), ascending; `trace` limits it to one trace. */
  search(query: string, trace: number | null, options?: CallOptions): Promise<Int32Array>;
  /** The links with an end in trace `trace`, as span index pairs. */
  traceLinks(trace: number, options?: CallOptions): Promise<TraceLinks>;
  /** A trace's critical path, and its clock-skew correction when `skew`. */
  traceTiming(trace: number, skew: boolean, options?: CallOptions): Promise<TraceTiming>;
  /** The service graph of one trace (null: all traces), findings placed on nodes and edges. */
  graph(trace: number | null, brokerNodes: boolean, options?: CallOptions): Promise<TopologyGraph>;
  /** The service graph as `spanmap graph --json` text. */
  graphJson(trace: number | null, brokerNodes: boolean, options?: CallOptions): Promise<string>;
  /** Lays out a graph in the worker (core/layout/graph-layout.ts). */
  layout(input: GraphLayoutInput, layoutOptions: Omit<GraphLayoutOptions, 'now'>, options?: CallOptions): Promise<GraphLayout>;
  /** Forgets everything loaded. */
  reset(): Promise<void>;
  /** Starts the worker now (it otherwise starts on the first call), so the first load does not wait for it. */
  prepare(): void;
  /** Called with a message when the worker dies (its data is gone). Returns an unsubscribe function. */
  onCrash(listener: (message: string) => void): () => void;
  /** Stops the worker (if the client started it) and rejects pending calls. The client can be used again. */
  dispose(): void;
}

export interface EngineClientOptions {
  viewer?: string;
  /** Creates the worker; default: a module worker running engine.worker.ts. */
  createWorker?: () => WorkerLike;
  /**
   * False when the worker serves other viewers too: dispose() then frees this viewer's data with a
   * `dispose` request instead of terminating the worker. Default true.
   */
  ownsWorker?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (p: LoadProgress) => void;
  onView?: (view: DatasetView) => void;
  cleanup(): void;
}

let viewerCounter = 0;
export function newViewerId(): string {
  viewerCounter++;
  return `viewer-${viewerCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

function defaultWorker(): WorkerLike {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'spanmap-engine' }) as unknown as WorkerLike;
}

export function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const viewer = options.viewer ?? newViewerId();
  const make = options.createWorker ?? defaultWorker;
  const owns = options.ownsWorker ?? true;
  let worker: WorkerLike | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const crashListeners = new Set<(message: string) => void>();

  function failAll(error: Error): void {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) {
      p.cleanup();
      p.reject(error);
    }
  }

  function onMessage(e: MessageEvent<FromWorker>): void {
    const msg = e.data;
    const p = pending.get(msg.id);
    if (!p) return; // answered already (aborted) or not ours
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    if (msg.kind === 'view') {
      p.onView?.(msg.view);
      return;
    }
    pending.delete(msg.id);
    p.cleanup();
    if (msg.kind === 'result') p.resolve(msg.value);
    else p.reject(msg.cancelled ? abortError() : new Error(msg.message));
  }

  function ensureWorker(): WorkerLike {
    if (worker) return worker;
    const w = make();
    w.onmessage = onMessage;
    w.onerror = (e) => {
      e.preventDefault?.();
      const text = `the trace engine stopped${e.message ? `: ${e.message}` : ''} (the browser may have run out of memory); loaded data is gone`;
      w.terminate();
      if (worker === w) worker = null;
      failAll(new Error(text));
      for (const l of crashListeners) l(text);
    };
    worker = w;
    return w;
  }

  function call<K extends EngineCallKind>(kind: K, args: EngineCalls[K]['args'], opts: LoadOptions & { settleOnCancel?: boolean } = {}): Promise<EngineCalls[K]['result']> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(abortError());
    const w = ensureWorker();
    const id = nextId++;
    return new Promise<EngineCalls[K]['result']>((resolve, reject) => {
      const onAbort = () => {
        w.postMessage({ kind: 'cancel', target: id });
        if (opts.settleOnCancel) return; // the worker answers with what it has
        const p = pending.get(id);
        if (!p) return;
        pending.delete(id);
        p.cleanup();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        onProgress: opts.onProgress,
        onView: opts.onView,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      const message = { kind, id, viewer, ...args } as ToWorker;
      w.postMessage(message);
    });
  }

  return {
    viewer,
    load: (files, o = {}) => call('load', { files: [...files] }, { ...o, settleOnCancel: true }),
    remove: (file, o = {}) => call('remove', { file }, { ...o, settleOnCancel: true }),
    generate: (args, o = {}) => call('generate', { spans: args.spans, seed: args.seed ?? 1, ...(args.name ? { name: args.name } : {}) }, { ...o, settleOnCancel: true }),
    spanDetails: (span, o = {}) => call('spanDetails', { span }, o),
    resolveSpans: (refs, o = {}) => call('resolveSpans', { refs: refs.map((r) => ({ traceId: r.traceId, spanId: r.spanId })) }, o),
    inboundLinks: (span, o = {}) => call('inboundLinks', { span }, o),
    spanDiagnostics: (span, o = {}) => call('spanDiagnostics', { span }, o),
    search: (query, trace, o = {}) => call('search', { query, trace }, o),
    traceLinks: (trace, o = {}) => call('traceLinks', { trace }, o),
    traceTiming: (trace, skew, o = {}) => call('traceTiming', { trace, skew }, o),
    graph: (trace, brokerNodes, o = {}) => call('graph', { trace, brokerNodes }, o),
    graphJson: (trace, brokerNodes, o = {}) => call('graphJson', { trace, brokerNodes }, o),
    layout: (input, layoutOptions, o = {}) => call('layout', { input, options: layoutOptions }, o),
    reset: () => call('reset', {}).then(() => undefined),
    prepare: () => void ensureWorker(),
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    dispose() {
      const w = worker;
      worker = null;
      failAll(abortError());
      if (!w) return;
      if (owns) w.terminate();
      else w.postMessage({ kind: 'dispose', id: nextId++, viewer });
    },
  };
}
