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
import type { ServiceGraph } from '../core/graph/types.ts';
import type { GraphLayout, GraphLayoutInput, GraphLayoutOptions } from '../core/layout/graph-common.ts';

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
  /**
   * Increases when the viewer's builder is replaced (reset, remove). Views of one lineage only ever
   * add spans and traces: span index i and trace index t name the same span and trace in each, so
   * state kept by index (collapsed spans, a selection) stays valid from one to the next.
   */
  readonly lineage: number;
  /**
   * True for an early snapshot posted while a load is still running (`view` messages): the spans
   * read so far, with parents that may not have arrived yet. The load's result is never partial.
   */
  readonly partial: boolean;
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

/** A span named by its ids (as a link names its target). */
export interface SpanRef {
  readonly traceId: string;
  readonly spanId: string;
}

/** A link of another loaded span that points to the span asked about. */
export interface InboundLink {
  /** The linking span's index. */
  readonly span: number;
  readonly traceId: string;
  readonly spanId: string;
  /** The link as the linking span recorded it (its target is the span asked about). */
  readonly link: SpanLink;
}

export interface InboundLinks {
  /** How many links point to the span; `links` holds at most the first 500 (by linking span index). */
  readonly total: number;
  readonly links: readonly InboundLink[];
}

/** A span-kind diagnostic (core/graph) that involves one span. */
export interface SpanDiagnostic {
  /** Stable code, e.g. CLIENT_WITHOUT_REMOTE_CHILD (DIAGNOSTIC_CODES in core/graph). */
  readonly code: string;
  /** Short title of the code, and one line on why it distorts analysis. */
  readonly title: string;
  readonly why: string;
  /** This finding, in words (names the spans involved). */
  readonly message: string;
  /** 'subject': the finding is about this span; 'related': this span is the other span involved. */
  readonly role: 'subject' | 'related';
  /** The other span involved, or -1. */
  readonly other: number;
}

/** One trace's kind-aware clock-skew correction (when asked for) and critical path. */
export interface TraceTiming {
  /** Spans moved by skew correction and the shift of each (ns, positive = later); empty without correction. */
  readonly moved: Int32Array;
  readonly delta: Float64Array;
  /** Earliest start and latest end of the trace's spans (ns from the trace epoch), after correction. */
  readonly t0: number;
  readonly t1: number;
  /**
   * The critical path over every root, grouped by span: `critSpan` lists the spans on it (ascending),
   * and span critSpan[j]'s segments are critStart/critEnd[critOffset[j] .. critOffset[j + 1] - 1]
   * (ns from the epoch, in time order). Grouped here so the page only looks up the rows it shows.
   */
  readonly critSpan: Int32Array;
  readonly critOffset: Int32Array;
  readonly critStart: Float64Array;
  readonly critEnd: Float64Array;
}

/** The links with an end in one trace: `from[k]` links to `to[k]` (-1 when the target is not loaded). */
export interface TraceLinks {
  readonly from: Int32Array;
  readonly to: Int32Array;
}

/** The service graph for the topology view, with each span-kind finding placed on a node and an edge. */
export interface TopologyGraph {
  readonly graph: ServiceGraph;
  /** Parallel to `graph.diagnostics[c]`: node index of finding k (the service of its span), or -1. */
  readonly findingNode: readonly Int32Array[];
  /** Parallel to `graph.diagnostics[c]`: the edge whose evidence holds finding k's span, or -1. */
  readonly findingEdge: readonly Int32Array[];
}

export type { GraphLayout, GraphLayoutInput, GraphLayoutOptions } from '../core/layout/graph-common.ts';

/* ------------------------------------------------------------------------------------------ */
/* Load progress and result                                                                    */
/* ------------------------------------------------------------------------------------------ */

/** 'generating': a synthetic trace is being written (the `generate` call) before it is read. */
export type LoadPhase = 'generating' | 'reading' | 'parsing' | 'linking';

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
  /**
   * Removes the file at `file` (index into `DatasetView.files`) and rebuilds the dataset from the
   * viewer's other files (kept in the worker) in a fresh builder, with progress. Not cancellable.
   */
  remove: { args: { file: number }; result: LoadResult };
  /**
   * Generates a seeded synthetic OTLP trace (core/synth) of `spans` spans (at most 1,000,000) in the
   * worker and imports it like a file named `name` (default generated-<spans>-spans.otlp.json).
   */
  generate: { args: { spans: number; seed: number; name?: string }; result: LoadResult };
  /** The materialized details of one span of the viewer's current dataset. */
  spanDetails: { args: { span: number }; result: SpanDetails };
  /** Span index of each (trace id, span id), or -1 when that span is not loaded (details panel: links). */
  resolveSpans: { args: { refs: readonly SpanRef[] }; result: number[] };
  /** The loaded spans whose links point to `span` (index built on first use). */
  inboundLinks: { args: { span: number }; result: InboundLinks };
  /** Span-kind diagnostics involving `span` (the service graph's lint, derived on first use). */
  spanDiagnostics: { args: { span: number }; result: SpanDiagnostic[] };
  /** Spans matching a query (core/search's language), ascending; `trace` limits it to one trace. The buffer is transferred. */
  search: { args: { query: string; trace: number | null }; result: Int32Array };
  /** The links with an end in one trace, as span index pairs (waterfall connectors and badges). */
  traceLinks: { args: { trace: number }; result: TraceLinks };
  /** A trace's critical path, and its clock-skew correction when `skew` (core/layout), for the waterfall. Buffers are transferred. */
  traceTiming: { args: { trace: number; skew: boolean }; result: TraceTiming };
  /** The service graph of one trace (index) or of all traces (null); all typed arrays are transferred. */
  graph: { args: { trace: number | null; brokerNodes: boolean }; result: TopologyGraph };
  /** The same graph as `spanmap graph --json` prints it (text, for export). */
  graphJson: { args: { trace: number | null; brokerNodes: boolean }; result: string };
  /** Lays out a graph (core/layout/graph-layout.ts) off the main thread; needs no loaded data. Buffers transferred. */
  layout: { args: { input: GraphLayoutInput; options: Omit<GraphLayoutOptions, 'now'> }; result: GraphLayout };
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
  /** An early snapshot of a running load (first rows before the whole file is read); see DatasetView.partial. */
  | { readonly kind: 'view'; readonly id: number; readonly view: DatasetView }
  | { readonly kind: 'result'; readonly id: number; readonly value: EngineCalls[EngineCallKind]['result'] }
  | { readonly kind: 'error'; readonly id: number; readonly message: string; readonly cancelled?: boolean };
