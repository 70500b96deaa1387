/**
 * The typed messages between the page and the engine worker.
 *
 * Every request carries a numeric `id` (unique per client) and the `viewer` it is for: one worker
 * can serve several viewers, each with its own DatasetBuilder and nothing shared. The worker answers
 * each request with exactly one `result` or `error` message carrying the same id, and a `load` may
 * post any number of `progress` messages before that. `cancel` names the id of the request to
 * stop; it has no answer of its own.
 *
 * Data stays in the worker. The page receives a `DatasetView`: the summary plus the light numeric
 * columns a waterfall draws, as typed arrays whose buffers are transferred (not copied). Everything
 * else about a span (ids, attributes, events, links, resource, scope) is asked for one span at a
 * time with `spanDetails`.
 */
import type { DatasetSummary } from '../core/model/summary.ts';
import type { Attribute, FormatId, LoadWarning, Resource, Scope, SpanEvent, SpanKindName, SpanLink } from '../core/model/types.ts';

/* ------------------------------------------------------------------------------------------ */
/* View model                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/** One loaded (or failed) file. */
export interface ViewFile {
  readonly name: string;
  /** The detected format, or null when nothing could be read from the file. */
  readonly format: FormatId | null;
  /** Size of the input as the importer counted it. */
  readonly bytes: number;
  /** Span records this file added. */
  readonly spans: number;
}

/** Per-trace facts for lists and headers. Index = trace index (the `trace` column's values). */
export interface ViewTrace {
  readonly id: string;
  /** Exact start of the earliest span, nanoseconds since the Unix epoch. */
  readonly epochNs: bigint;
  /** Nanoseconds from the epoch to the latest span end. */
  readonly durationNs: number;
  readonly spanCount: number;
  /** Spans with status ERROR. */
  readonly errorCount: number;
  /** Spans without a parent in the trace (true roots and orphans). */
  readonly rootCount: number;
  /** The earliest root span, or -1 for an empty trace. */
  readonly rootSpan: number;
  /** Name and service of rootSpan ('' when unknown). */
  readonly rootName: string;
  readonly rootService: string;
  /** Distinct service names in the trace. */
  readonly serviceCount: number;
  /** This trace's spans in depth-first pre-order are `order.subarray(orderStart, orderStart + spanCount)`. */
  readonly orderStart: number;
}

/**
 * The light, per-span numeric columns (index = span index, 0 ≤ i < spanCount). Same meaning as
 * the core Dataset's columns, except `name`, which indexes `DatasetView.names` (span names only).
 */
export interface ViewColumns {
  readonly trace: Int32Array;
  /** Parent span index, or -1 for a root / orphan. */
  readonly parent: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly depth: Int32Array;
  /** OTLP kind number (SpanKind). */
  readonly kind: Uint8Array;
  /** StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: Uint8Array;
  /** SpanFlag bits. */
  readonly flags: Uint8Array;
  /** Resource index: `resourceService[resource[i]]` is the span's service. */
  readonly resource: Int32Array;
  /** Index into `DatasetView.names`. */
  readonly name: Int32Array;
  /** Nanoseconds from the trace's epoch (`traces[trace[i]].epochNs`). */
  readonly start: Float64Array;
  /** Nanoseconds, never negative. */
  readonly duration: Float64Array;
  /** All traces' pre-order arrays, back to back; see `ViewTrace.orderStart`. */
  readonly order: Int32Array;
}

/** What the page holds of a loaded dataset. Immutable: every load produces a new one. */
export interface DatasetView {
  readonly viewer: string;
  /** Increases with every finish() of this viewer's builder; key caches on it. */
  readonly version: number;
  readonly spanCount: number;
  readonly summary: DatasetSummary;
  readonly files: readonly ViewFile[];
  readonly traces: readonly ViewTrace[];
  /** Distinct span names; `columns.name[i]` indexes it. */
  readonly names: readonly string[];
  /** Service name of each resource ('' when the source had none). */
  readonly resourceService: readonly string[];
  readonly columns: ViewColumns;
}

/* ------------------------------------------------------------------------------------------ */
/* Span details                                                                                */
/* ------------------------------------------------------------------------------------------ */

export interface SpanDetails {
  readonly span: number;
  readonly traceIndex: number;
  readonly traceId: string;
  readonly spanId: string;
  /** The parent's span id: of the resolved parent, else the id the source named (orphans), else ''. */
  readonly parentSpanId: string;
  /** The resolved parent span index, or -1. */
  readonly parent: number;
  readonly name: string;
  readonly kind: SpanKindName;
  readonly status: 'UNSET' | 'OK' | 'ERROR';
  readonly statusMessage: string;
  readonly flags: number;
  /** Names of the set SpanFlag bits, for display. */
  readonly flagNames: readonly string[];
  readonly traceState: string;
  readonly file: string;
  /** Exact Unix nanoseconds of the start, as decimal text. */
  readonly startUnixNs: string;
  /** Nanoseconds from the trace's epoch. */
  readonly startNs: number;
  readonly durationNs: number;
  readonly depth: number;
  readonly childCount: number;
  readonly resource: Resource;
  readonly scope: Scope;
  readonly attributes: readonly Attribute[];
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  /** Load warnings naming this span (by trace id and span id). */
  readonly warnings: readonly LoadWarning[];
}

/* ------------------------------------------------------------------------------------------ */
/* Load progress and result                                                                    */
/* ------------------------------------------------------------------------------------------ */

export type LoadPhase = 'reading' | 'parsing' | 'linking';

export interface LoadProgress {
  readonly phase: LoadPhase;
  /** 0-based index of the file being worked on, and how many files this load has. */
  readonly fileIndex: number;
  readonly fileCount: number;
  readonly fileName: string;
  /** Bytes of the current file read so far, and its size. */
  readonly fileBytesRead: number;
  readonly fileBytes: number;
  /** Bytes of all files of this load read so far, and their total size. */
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface LoadResult {
  /** The dataset after this load (earlier loads of the viewer included). */
  readonly view: DatasetView;
  /** True when the load was cancelled; files finished before the cancel are in the view. */
  readonly cancelled: boolean;
  /** Names of the files this load imported (fully or, for a streamed file cut by cancel, in part). */
  readonly imported: readonly string[];
}

/* ------------------------------------------------------------------------------------------ */
/* Messages                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** Each request kind: its arguments and the value of its result. */
export interface EngineCalls {
  /** Reads and imports files into the viewer's dataset (merging with what is loaded), then finishes it. */
  load: { args: { files: readonly File[] }; result: LoadResult };
  /** The materialized details of one span of the viewer's current dataset. */
  spanDetails: { args: { span: number }; result: SpanDetails };
  /** Forgets everything loaded for the viewer. */
  reset: { args: Record<never, never>; result: null };
  /** Frees the viewer's data in the worker. */
  dispose: { args: Record<never, never>; result: null };
}
export type EngineCallKind = keyof EngineCalls;

export type EngineRequest = {
  [K in EngineCallKind]: { readonly kind: K; readonly id: number; readonly viewer: string } & EngineCalls[K]['args'];
}[EngineCallKind];

export interface CancelMessage {
  readonly kind: 'cancel';
  /** The id of the request to stop. */
  readonly target: number;
}

export type ToWorker = EngineRequest | CancelMessage;

export type FromWorker =
  | { readonly kind: 'progress'; readonly id: number; readonly progress: LoadProgress }
  | { readonly kind: 'result'; readonly id: number; readonly value: EngineCalls[EngineCallKind]['result'] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string; readonly cancelled?: boolean };
