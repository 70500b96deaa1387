/**
 * The raw record: one span rebuilt as an OTLP/JSON `Span` object (opentelemetry-proto's JSON
 * mapping) from what Spanmap loaded. Ids are exact, times are exact decimal nanoseconds, attribute
 * values keep their types (64-bit ints as decimal strings, as protobuf's JSON mapping writes
 * int64), enums are numbers. Fields Spanmap does not keep (dropped counts, trace flags) are left out.
 */
import type { AnyValue, Attribute, SpanEvent, SpanKindName, SpanLink } from '../../core/model/types.ts';
import { SpanKind } from '../../core/model/types.ts';
import { addNs } from './format.ts';

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { bytesValue: string }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } }
  | Record<string, never>;

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  traceState?: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano: string; name: string; attributes: OtlpKeyValue[] }[];
  links: { traceId: string; spanId: string; traceState?: string; attributes: OtlpKeyValue[] }[];
  status: { code?: number; message?: string };
}

/** What the reconstruction reads of a span (a subset of the worker's SpanDetails). */
export interface RawSpanInput {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly traceState: string;
  readonly name: string;
  readonly kind: SpanKindName;
  readonly status: 'UNSET' | 'OK' | 'ERROR';
  readonly statusMessage: string;
  readonly startUnixNs: string;
  readonly durationNs: number;
  readonly attributes: readonly Attribute[];
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
}

const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

/** A typed value in OTLP/JSON AnyValue form. */
export function otlpAnyValue(v: AnyValue): OtlpAnyValue {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'int':
      return { intValue: typeof v.value === 'bigint' ? v.value.toString() : String(Math.trunc(v.value)) };
    case 'double':
      // protobuf's JSON mapping writes non-finite doubles as "NaN", "Infinity", "-Infinity"
      return { doubleValue: Number.isFinite(v.value) ? v.value : String(v.value) };
    case 'bytes':
      return { bytesValue: v.value };
    case 'array':
      return { arrayValue: { values: v.value.map(otlpAnyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: otlpAttributes(v.value) } };
    case 'empty':
      return {};
  }
}

export function otlpAttributes(attrs: readonly Attribute[]): OtlpKeyValue[] {
  return attrs.map((a) => ({ key: a.key, value: otlpAnyValue(a.value) }));
}

/** The span as an OTLP/JSON Span object. */
export function otlpSpan(d: RawSpanInput): OtlpSpan {
  const span: OtlpSpan = {
    traceId: d.traceId,
    spanId: d.spanId,
    ...(d.traceState ? { traceState: d.traceState } : {}),
    ...(d.parentSpanId ? { parentSpanId: d.parentSpanId } : {}),
    name: d.name,
    kind: SpanKind[d.kind] ?? 0,
    startTimeUnixNano: d.startUnixNs,
    endTimeUnixNano: addNs(d.startUnixNs, d.durationNs),
    attributes: otlpAttributes(d.attributes),
    events: d.events.map((e) => ({ timeUnixNano: addNs(d.startUnixNs, e.offsetNs), name: e.name, attributes: otlpAttributes(e.attributes) })),
    links: d.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, ...(l.traceState ? { traceState: l.traceState } : {}), attributes: otlpAttributes(l.attributes) })),
    status: {},
  };
  const code = STATUS_CODE[d.status] ?? 0;
  if (code !== 0) span.status.code = code;
  if (d.statusMessage) span.status.message = d.statusMessage;
  return span;
}

/** The raw record as pretty JSON text. */
export function otlpSpanJson(d: RawSpanInput): string {
  return JSON.stringify(otlpSpan(d), null, 2);
}
