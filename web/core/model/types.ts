/**
 * Spanmap's normalized trace model: the types every importer produces and every view reads.
 *
 * The model is columnar (struct of arrays, see `Dataset`): one entry per span in typed arrays, with
 * strings interned in a table. At a million spans an object per span costs 400+ bytes of heap; the
 * columns cost about a third of that, move between a worker and the page without copying, and let
 * the views read exactly the fields they draw.
 *
 * Time: OTLP timestamps are nanoseconds since 1970 (about 1.7e18), beyond 2^53, so a JavaScript
 * number cannot hold them exactly. Each trace keeps an exact `bigint` epoch (its earliest span start)
 * and every span stores its start and duration as nanosecond *offsets* from that epoch in a
 * Float64Array; offsets up to 2^53 ns (104 days) are exact.
 */

/** Span kinds with their OTLP numbers. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];
export type SpanKindName = keyof typeof SpanKind;
export const KIND_NAMES: readonly SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];
export const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;

/** Attribute value types (OTLP AnyValue variants). */
export const AttrType = {
  STRING: 0,
  BOOL: 1,
  INT: 2,
  DOUBLE: 3,
  BYTES: 4,
  ARRAY: 5,
  KVLIST: 6,
  EMPTY: 7,
  /** Storage-only code: an int beyond 2^53, kept exactly as a bigint in `complexValues`. */
  BIG_INT: 8,
} as const;
export type AttrType = (typeof AttrType)[keyof typeof AttrType];
export const ATTR_TYPE_NAMES = ['string', 'bool', 'int', 'double', 'bytes', 'array', 'kvlist', 'empty'] as const;

/**
 * A materialized, typed attribute value. `int` keeps 64-bit integers exactly: a number when it is a
 * safe integer, else a bigint. `bytes` are kept as base64 text (as OTLP/JSON writes them).
 */
export type AnyValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: number | bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bytes'; readonly value: string }
  | { readonly type: 'array'; readonly value: readonly AnyValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly Attribute[] }
  | { readonly type: 'empty'; readonly value: null };

export interface Attribute {
  readonly key: string;
  readonly value: AnyValue;
}

export interface Resource {
  /** `service.name`, or '' when the source had none (shown as "(unknown service)"). */
  readonly serviceName: string;
  readonly attributes: readonly Attribute[];
}

export interface Scope {
  readonly name: string;
  readonly version: string;
  readonly attributes: readonly Attribute[];
}

export interface SpanEvent {
  /** Nanoseconds from the span's start (may be negative or beyond its end in broken data). */
  readonly offsetNs: number;
  readonly name: string;
  readonly attributes: readonly Attribute[];
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: readonly Attribute[];
}

/** Per-span flag bits (the `flags` column). */
export const SpanFlag = {
  /** Zipkin `shared: true`: the server half of an RPC that reuses its client's span id. */
  SHARED: 1,
  /** The source had no start time; start and duration were repaired from relatives. */
  NO_TIMESTAMP: 2,
  /** The source had no duration / end time. */
  NO_DURATION: 4,
  /** The end was before the start; the duration was clamped to 0. */
  END_BEFORE_START: 8,
  /** The parent id is not among the loaded spans of this trace. */
  ORPHAN: 16,
  /** Another span of this trace has the same span id. */
  DUPLICATE_ID: 32,
  /** The parent chain formed a cycle; this span was made a root to break it. */
  CYCLE_BROKEN: 64,
} as const;

/** A problem found while loading. Never thrown: collected and shown. */
export interface LoadWarning {
  /** Stable, machine-readable code, for example `DUPLICATE_SPAN_ID`. */
  readonly code: string;
  readonly message: string;
  /** Where: a file name plus a JSON path or line (for example `a.json: resourceSpans[0].scopeSpans[2].spans[5].spanId`). */
  readonly where: string;
  readonly traceId?: string;
  readonly spanId?: string;
}

export interface LoadError {
  readonly file: string;
  readonly message: string;
}

export type FormatId = 'otlp' | 'otlp-jsonl' | 'jaeger' | 'zipkin';

export interface FileInfo {
  readonly name: string;
  readonly format: FormatId;
  readonly bytes: number;
  /** Span records this file contributed (a Zipkin shared record split in two counts once). */
  readonly spanRecords: number;
}

export interface TraceInfo {
  /** Trace id: lowercase hex when the source used hex, else the source string. */
  readonly id: string;
  /** Exact start of the earliest span, nanoseconds since the Unix epoch. */
  readonly epochNs: bigint;
  /** Nanoseconds from epoch to the latest span end. */
  readonly durationNs: number;
  /** Span indices of this trace in depth-first pre-order (parents before children, siblings by start). */
  readonly order: Int32Array;
  /** Span indices with no parent in the trace (true roots and orphans), by start time. */
  readonly roots: readonly number[];
}

/**
 * All loaded spans, as columns indexed by span index `i` (0 ≤ i < spanCount).
 * Spans of one trace are not contiguous; use `traces[t].order` for a trace's spans in tree order.
 */
export interface Dataset {
  readonly spanCount: number;
  readonly trace: Int32Array;
  /** Parent span index, or -1 for a root / orphan. */
  readonly parent: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly depth: Int32Array;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  readonly flags: Uint8Array;
  readonly file: Uint16Array;
  readonly resource: Int32Array;
  readonly scope: Int32Array;
  /** Index into `strings`. */
  readonly name: Int32Array;
  /** Nanoseconds from the trace's epoch. */
  readonly start: Float64Array;
  /** Nanoseconds; never negative. */
  readonly duration: Float64Array;
  readonly spanId: readonly string[];
  /** Parent ids that did not resolve (orphans), by span index. */
  readonly missingParentId: ReadonlyMap<number, string>;
  /** Attributes of span i are entries attrStart[i] .. attrStart[i] + attrCount[i] - 1 of the pool. */
  readonly attrStart: Uint32Array;
  readonly attrCount: Uint32Array;
  readonly attrKey: Int32Array;
  readonly attrType: Uint8Array;
  /** bool/int/double: the number; string: index into `strings`; others: index into `complexValues`. */
  readonly attrVal: Float64Array;
  readonly strings: readonly string[];
  readonly complexValues: readonly AnyValue[];
  readonly events: ReadonlyMap<number, readonly SpanEvent[]>;
  readonly links: ReadonlyMap<number, readonly SpanLink[]>;
  readonly statusMessage: ReadonlyMap<number, string>;
  readonly traceState: ReadonlyMap<number, string>;
  readonly traces: readonly TraceInfo[];
  readonly resources: readonly Resource[];
  readonly scopes: readonly Scope[];
  readonly files: readonly FileInfo[];
  readonly warnings: readonly LoadWarning[];
  readonly errors: readonly LoadError[];
}
